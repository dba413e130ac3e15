#!/bin/sh
# Builds the reader with its two small dependencies into one optimised executable (no swift-crypto
# release build needed), generates the data if missing, and times CSVReader against pandas.
set -e
cd "$(dirname "$0")/.."
mkdir -p bench/data/src
[ -f bench/data/numeric.csv ] || python3 bench/make_csv.py bench/data/numeric.csv
for f in Sources/TilsynIO/*/*.swift Sources/TilsynCore/Data/*.swift Sources/TilsynNumerics/Parallel.swift; do
    grep -v '^import Tilsyn' "$f" > "bench/data/src/$(basename "$f")"
done
(cd bench/data && swiftc -O -wmo -module-name CSVBench src/*.swift ../main.swift -o csvbench)
bench/data/csvbench bench/data/numeric.csv
python3 bench/bench_pandas.py bench/data/numeric.csv
