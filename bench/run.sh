#!/bin/sh
# Builds the reader with its two small dependencies into one optimised executable (no swift-crypto
# release build needed), generates the data if missing, and times CSVReader against pandas in the same
# session (the machine is shared: compare medians from one run of this script, not across runs).
#
#     RUNS=7 bench/run.sh            BUILD_ONLY=1 bench/run.sh
set -e
cd "$(dirname "$0")/.."
rm -rf bench/data/src
mkdir -p bench/data/src
[ -f bench/data/numeric.csv ] || python3 bench/make_csv.py bench/data/numeric.csv
for f in Sources/TilsynIO/*/*.swift Sources/TilsynCore/Data/*.swift Sources/TilsynNumerics/Parallel.swift; do
    # Prefixed with module and folder: two modules may hold files of one name (CivilDate.swift).
    grep -v '^import Tilsyn' "$f" > "bench/data/src/$(echo "${f#Sources/}" | tr / -)"
done
(cd bench/data && swiftc -O -wmo -module-name CSVBench src/*.swift ../main.swift -o csvbench)
[ -n "$BUILD_ONLY" ] && exit 0
bench/data/csvbench bench/data/numeric.csv "${RUNS:-5}"
python3 bench/bench_pandas.py bench/data/numeric.csv "${RUNS:-5}"
