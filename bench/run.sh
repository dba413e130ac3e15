#!/usr/bin/env bash
# Side-by-side speed comparison, in one run, every tool interleaved with its peer so both see the same load:
#   1. fit: whole process `tilsyn fit` (read + encode + IRLS + SHA-256 + model.json) against whole-process
#      Python peers (pandas load + one-hot + scikit-learn newton-cholesky / statsmodels Logit), 300k and 1M rows;
#   2. score and explain every unit: `tilsyn score`, `tilsyn explain --all` (top 3, CSV) and the pandas peer
#      (load + predict + rank + write, bench/score_peer.py) on the 1,000,000-unit demo register;
#   3. the weekly job at Danish scale: `tilsyn list` (list, summaries, manifest, store) on the 300,000-unit demo;
#   4. Tilsyn's own stage breakdown (`tilsyn bench`: CSV ingest MB/s, encode, IRLS, score), the Python stages
#      and the coefficient check against statsmodels.
# Wall time and peak RSS per run from /usr/bin/time, medians. The load (uptime) and the BLAS kernels in use
# are printed at the start and the end: the machine may be shared, so read ratios, not seconds.
# Usage: bench/run.sh [REPEAT] [SECTIONS]   (default 3; statsmodels runs at most 3 times, it is slow).
#   SECTIONS: comma-separated subset of list,score,fit,stages (default all, run in that order); fit sizes
#   from SIZES (default "300000 1000000"). On a heavily shared machine the 1M Python fits alone take
#   half an hour at REPEAT=3, so a run may be limited to what fits the time (the note then says so).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${1:-3}
SECTIONS=",${2:-list,score,fit,stages},"
SIZES=${SIZES:-300000 1000000}
want() { [[ $SECTIONS == *",$1,"* ]]; }
SPEC=Models/grundtilsyn.spec.json
# TILSYN_BIN: an already built release binary to measure instead (no build step).
if [ -z "${TILSYN_BIN:-}" ]; then swift build -c release --product tilsyn >/dev/null; fi
BIN=${TILSYN_BIN:-.build/release/tilsyn}
DATA=bench/data
echo "start: $(uptime)"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
python3 -c "import numpy, scipy.linalg; from threadpoolctl import threadpool_info as t; print('python BLAS:', [(i.get('internal_api'), i.get('version'), i.get('architecture')) for i in t() if i.get('user_api') == 'blas'])" 2>/dev/null || true
$BIN bench --prepare-only --rows 300000 --rows 1000000 >/dev/null
[ -f $DATA/demo-1m/register.csv ] || $BIN demo --units 1000000 --out $DATA/demo-1m --quiet >/dev/null
[ -f $DATA/demo-300k/register.csv ] || $BIN demo --out $DATA/demo-300k --quiet >/dev/null
LOG=$(mktemp)
t() { local name=$1; shift; /usr/bin/time -a -o "$LOG" -f "$name %e %M" "$@" >/dev/null 2>&1; }

if want list; then
W=$DATA/demo-300k
for r in $(seq "$REPEAT"); do
  t "list:tilsyn-list:300000" $BIN list --model $W/model.json --data $W/register.csv --as-of 2026-11-16 \
    --capacity-file $W/regions.csv --random-share 0.2 --seed 2026 --exclude-days 365 --exclude-if certified \
    --exclude-if private_household --out /tmp/tilsyn-bench-week.csv --db $W/tilsyn.sqlite --quiet
done
fi

if want score; then
D=$DATA/demo-1m
for r in $(seq "$REPEAT"); do
  t "score:tilsyn-score:1000000" $BIN score --model $D/model.json --data $D/register.csv --out /tmp/tilsyn-bench-scores.csv --quiet
  t "score:tilsyn-explain-all:1000000" $BIN explain --all --as-of 2026-11-16 --model $D/model.json --data $D/register.csv --out /tmp/tilsyn-bench-all.csv --quiet
  t "score:pandas:1000000" python3 bench/score_peer.py --model $D/model.json --data $D/register.csv --out /tmp/tilsyn-bench-pandas.csv
done
t "score:tilsyn-explain-jsonl:1000000" $BIN explain --all --as-of 2026-11-16 --format jsonl --model $D/model.json --data $D/register.csv --out /tmp/tilsyn-bench-all.jsonl --quiet
t "score:tilsyn-explain-full:1000000" $BIN explain --all --as-of 2026-11-16 --full --model $D/model.json --data $D/register.csv --out /tmp/tilsyn-bench-full.csv --quiet
python3 bench/score_peer.py --model $D/model.json --data $D/register.csv --out /tmp/tilsyn-bench-pandas.csv --check /tmp/tilsyn-bench-scores.csv
rm -f /tmp/tilsyn-bench-all.csv /tmp/tilsyn-bench-all.jsonl /tmp/tilsyn-bench-full.csv
fi

if want fit; then
for n in $SIZES; do
  f=$DATA/history-$n.csv
  for r in $(seq "$REPEAT"); do
    t "fit:tilsyn:$n" $BIN fit --spec $SPEC --data "$f" --out /tmp/tilsyn-bench-$n.json --quiet
    t "fit:sklearn:$n" python3 bench/python_peers.py --data "$f" --spec $SPEC --whole-process --peer sklearn
    if [ "$r" -le 3 ]; then
      t "fit:statsmodels:$n" python3 bench/python_peers.py --data "$f" --spec $SPEC --whole-process --peer statsmodels
    fi
  done
done
python3 -c "import json; print('tilsyn BLAS:', json.load(open('/tmp/tilsyn-bench-300000.json'))['fit']['linear_algebra'])" 2>/dev/null || true
fi

python3 - "$LOG" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) != 3 or ":" not in parts[0]: continue
    key, secs, kb = parts
    section, tool, n = key.split(":")
    runs.setdefault((section, int(n), tool), []).append((float(secs), int(kb)))
print("Whole process: wall seconds (median, min, runs) and peak RSS")
print(f"{'section':<7} {'rows':>8}  {'tool':<22} {'median s':>9} {'min s':>7} {'runs':>4} {'peak MB':>8}")
for (section, n, tool), v in sorted(runs.items()):
    secs = [s for s, _ in v]
    print(f"{section:<7} {n:>8}  {tool:<22} {statistics.median(secs):>9.2f} {min(secs):>7.2f} {len(v):>4} {max(k for _, k in v)/1024:>8.0f}")
med = lambda key: statistics.median(s for s, _ in runs[key])
for n in (300000, 1000000):
    if ("fit", n, "tilsyn") not in runs: continue
    best = min(med(("fit", n, p)) for p in ("sklearn", "statsmodels") if ("fit", n, p) in runs)
    print(f"fit {n} rows: tilsyn {med(('fit', n, 'tilsyn')):.2f} s vs faster peer {best:.2f} s: {best / med(('fit', n, 'tilsyn')):.1f}x faster")
if ("score", 1000000, "tilsyn-score") in runs:
    s, e, p = (med(("score", 1000000, k)) for k in ("tilsyn-score", "tilsyn-explain-all", "pandas"))
    print(f"explain --all / score: {e / s:.2f}x; pandas / tilsyn score: {p / s:.1f}x")
PY
rm -f "$LOG"
if want stages; then
echo
$BIN bench $(for n in $SIZES; do echo --rows $n; done) --repeat "$REPEAT"
echo
for n in $SIZES; do
  python3 bench/python_peers.py --data $DATA/history-$n.csv --spec $SPEC --repeat 1 --model /tmp/tilsyn-bench-$n.json 2>/dev/null \
    | python3 -c "import json,sys; d=json.load(sys.stdin); print($n, 'Python stages (s):', {k: round(v, 3) for k, v in d['medians_seconds'].items()}); print('   Tilsyn vs statsmodels coefficients:', d.get('model_vs_statsmodels'))"
done
fi
echo "end: $(uptime)"
