#!/usr/bin/env bash
# Two tilsyn binaries' CSV ingest (`tilsyn bench`, 1M-row history, medians of 5 reads in each process),
# interleaved run by run, with the load beside each run.
# Usage: BASE=/path/to/old/tilsyn NEW=/path/to/new/tilsyn bench/ab-ingest.sh [ROUNDS] [ROWS]   (data from bench/run.sh)
#   READS (default 5): reads per process, median taken. READS=1 times the one read a program such as
#   `tilsyn fit` makes, in a fresh process whose column memory is all new (the median is then over rounds).
#   QUICK=1 runs `tilsyn bench --ingest-only` (the reads alone, about 2 s a process, so more rounds fit in a
#   quiet minute) and prints each binary's median over rounds and the median of the per-round ratios.
# MB/s is the file's size over the wall time of CSVReader.read: mapping the file, the NUL and quote
# scans, splitting, parsing and assembling the table (the fit's columns), median of --repeat reads.
cd "$(dirname "$0")/.."
OUT=$(mktemp -d); ROWS=${2:-1000000}; READS=${READS:-5}
if [ -n "${QUICK:-}" ]; then
  for r in $(seq ${1:-5}); do
    for v in BASE NEW; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      line=$(${!v} bench --rows $ROWS --repeat $READS --ingest-only)
      echo "$v round $r load $load: $line"
      echo "$v $(echo "$line" | sed -E 's/.*= ([0-9]+) MB\/s.*/\1/')" >> $OUT/quick
    done
  done
  python3 - $OUT/quick <<'PY'
import statistics, sys
runs = {"BASE": [], "NEW": []}
for line in open(sys.argv[1]):
    v, mbs = line.split()
    runs[v].append(int(mbs))
for v, r in runs.items():
    print(f"{v}: ingest median {statistics.median(r):.0f} MB/s over {len(r)} rounds {sorted(r)}")
ratios = [n / b for b, n in zip(runs["BASE"], runs["NEW"])]
print(f"NEW/BASE per round: median {statistics.median(ratios):.2f} ({', '.join(f'{x:.2f}' for x in ratios)})")
PY
  rm -rf "$OUT"; exit 0
fi
for r in $(seq ${1:-5}); do
  for v in BASE NEW; do
    bin=${!v}
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -o $OUT/time -f "%e %U %S %M" $bin bench --rows $ROWS --repeat $READS --json $OUT/$v-$r.json >/dev/null
    echo "$v round $r load $load: $(python3 -c "import json,sys; r=json.load(open('$OUT/$v-$r.json'))[0]; print(f\"ingest {r['ingest']:.3f} s = {r['fileMB']/r['ingest']:.0f} MB/s, encode {r['encode']:.3f} s, fit {r['fit']:.3f} s, whole fit {r['wholeFit']:.3f} s\")"), process wall/user/sys/RSS: $(cat $OUT/time)"
  done
done
python3 - $OUT <<'PY'
import glob, json, statistics, sys
for v in ("BASE", "NEW"):
    runs = [json.load(open(f))[0] for f in sorted(glob.glob(f"{sys.argv[1]}/{v}-*.json"))]
    med = lambda k: statistics.median(r[k] for r in runs)
    print(f"{v}: ingest median {med('ingest'):.3f} s = {runs[0]['fileMB']/med('ingest'):.0f} MB/s over {len(runs)} rounds "
          f"{sorted(round(r['fileMB']/r['ingest']) for r in runs)}; encode {med('encode'):.3f}, fit {med('fit'):.3f}, whole fit {med('wholeFit'):.3f}")
PY
rm -rf "$OUT"
