#!/usr/bin/env bash
# Side-by-side speed comparison, in one run, on the same demo-shaped history files:
#   1. whole process `tilsyn fit` (read + encode + IRLS + write model.json) against whole-process Python
#      peers (pandas load + one-hot + statsmodels Logit / scikit-learn newton-cholesky), interleaved,
#      wall time and peak memory per run, medians;
#   2. Tilsyn's own stage breakdown (`tilsyn bench`);
#   3. the Python stage breakdown (pandas load, encode, each fit) and the coefficient check.
# Usage: bench/run.sh [REPEAT]   (default 5; statsmodels runs at most 3 times, it is slow).
# Needs a quiet machine: nothing else building.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${1:-5}
SPEC=Models/grundtilsyn.spec.json
swift build -c release --product tilsyn >/dev/null
BIN=.build/release/tilsyn
$BIN bench --prepare-only --rows 300000 --rows 1000000 >/dev/null
LOG=$(mktemp)
for n in 300000 1000000; do
  f=bench/data/history-$n.csv
  for r in $(seq "$REPEAT"); do
    /usr/bin/time -a -o "$LOG" -f "tilsyn $n %e %M" $BIN fit --spec $SPEC --data "$f" --out /tmp/tilsyn-bench-$n.json --quiet
    /usr/bin/time -a -o "$LOG" -f "sklearn $n %e %M" python3 bench/python_peers.py --data "$f" --spec $SPEC --whole-process --peer sklearn >/dev/null 2>&1
    if [ "$r" -le 3 ]; then
      /usr/bin/time -a -o "$LOG" -f "statsmodels $n %e %M" python3 bench/python_peers.py --data "$f" --spec $SPEC --whole-process --peer statsmodels >/dev/null 2>&1
    fi
  done
done
python3 - "$LOG" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) != 4: continue
    tool, n, secs, kb = parts
    runs.setdefault((int(n), tool), []).append((float(secs), int(kb)))
print("Whole process: wall seconds (median, min) and peak RSS")
print(f"{'rows':>8}  {'tool':<12} {'median s':>9} {'min s':>7} {'runs':>4} {'peak MB':>8}")
for (n, tool), v in sorted(runs.items()):
    secs = [s for s, _ in v]
    print(f"{n:>8}  {tool:<12} {statistics.median(secs):>9.2f} {min(secs):>7.2f} {len(v):>4} {max(k for _, k in v)/1024:>8.0f}")
for n in sorted({n for n, _ in runs}):
    t = statistics.median(s for s, _ in runs[(n, 'tilsyn')])
    best = min(statistics.median(s for s, _ in runs[(n, p)]) for p in ('sklearn', 'statsmodels') if (n, p) in runs)
    print(f"{n:>8} rows: tilsyn {t:.2f} s vs faster peer {best:.2f} s: {best / t:.1f}x faster")
PY
rm -f "$LOG"
echo
$BIN bench --rows 300000 --rows 1000000 --repeat "$REPEAT"
echo
for n in 300000 1000000; do
  python3 bench/python_peers.py --data bench/data/history-$n.csv --spec $SPEC --repeat 1 --model /tmp/tilsyn-bench-$n.json 2>/dev/null \
    | python3 -c "import json,sys; d=json.load(sys.stdin); print($n, 'Python stages (s):', {k: round(v, 3) for k, v in d['medians_seconds'].items()}); print('   Tilsyn vs statsmodels coefficients:', d.get('model_vs_statsmodels'))"
done
