#!/usr/bin/env bash
# Two tilsyn binaries fitting the default spec at 300k and 1M rows, interleaved run by run, CPU time beside wall.
# Usage: BASE=/path/to/old/tilsyn NEW=/path/to/new/tilsyn bench/ab-fit.sh [REPEAT]   (data from bench/run.sh)
cd "$(dirname "$0")/.."
OUT=$(mktemp -d); LOG=$OUT/log
echo "start: $(uptime)"
for r in $(seq ${1:-5}); do
  for v in BASE NEW; do
    bin=${!v}
    for n in 300000 1000000; do
      /usr/bin/time -a -o $LOG -f "fit$n:$v %e %U %S %M" $bin fit --spec Models/grundtilsyn.spec.json --data bench/data/history-$n.csv --out $OUT/fit-$n-$v.json --quiet >/dev/null 2>$OUT/err-$v
    done
  done
done
echo "end: $(uptime)"
python3 - $LOG $OUT <<'PY'
import json, statistics, sys
for n in (300000, 1000000):
    a = json.load(open(f"{sys.argv[2]}/fit-{n}-BASE.json")); b = json.load(open(f"{sys.argv[2]}/fit-{n}-NEW.json"))
    ca = {c["name"]: c["estimate"] for c in a["coefficients"]}; cb = {c["name"]: c["estimate"] for c in b["coefficients"]}
    print(n, "iterations", a["fit"]["iterations"], b["fit"]["iterations"], "max rel coef diff", max(abs(ca[k]-cb[k])/max(abs(ca[k]),1e-300) for k in ca))
runs = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 5 and ":" in p[0]: runs.setdefault(p[0], []).append(tuple(map(float, p[1:])))
for k in sorted(runs):
    v = runs[k]; med = lambda i: statistics.median(x[i] for x in v)
    print(f"{k:16} wall {med(0):6.2f}  user {med(1):5.2f}  sys {med(2):5.2f}  cpu {statistics.median(x[1]+x[2] for x in v):5.2f}  rss {max(x[3] for x in v)/1024:5.0f} MB  n={len(v)}  walls {[x[0] for x in v]}")
PY
cat $OUT/err-BASE | head -3; rm -rf "$OUT"
