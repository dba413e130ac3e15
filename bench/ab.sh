#!/usr/bin/env bash
# Two tilsyn binaries on the same commands, interleaved run by run, with user and system CPU time beside
# the wall time (on a shared machine CPU time is what the load does not inflate). Outputs are compared.
# Usage: BASE=/path/to/old/tilsyn NEW=/path/to/new/tilsyn bench/ab.sh [REPEAT]   (data from bench/run.sh)
#   COMMANDS: a subset of "list fit300k score1m explain1m" (default all), e.g. COMMANDS="score1m explain1m".
set -uo pipefail
cd "$(dirname "$0")/.."
REPEAT=${1:-3}
COMMANDS=" ${COMMANDS:-list fit300k score1m explain1m} "
on() { [[ $COMMANDS == *" $1 "* ]]; }
W=bench/data/demo-300k; D=bench/data/demo-1m; H=bench/data/history-300000.csv
OUT=$(mktemp -d); LOG=$OUT/log
t() { local name=$1; shift; /usr/bin/time -a -o "$LOG" -f "$name %e %U %S %M" "$@" >/dev/null 2>&1; }
echo "start: $(uptime)"
for r in $(seq "$REPEAT"); do
  for v in BASE NEW; do
    bin=${!v}
    on list && t "list:$v" "$bin" list --model $W/model.json --data $W/register.csv --as-of 2026-11-16 --capacity-file $W/regions.csv \
      --random-share 0.2 --seed 2026 --exclude-days 365 --exclude-if certified --exclude-if private_household \
      --out "$OUT/week-$v.csv" --db $W/tilsyn.sqlite --quiet
    on fit300k && t "fit300k:$v" "$bin" fit --spec Models/grundtilsyn.spec.json --data $H --out "$OUT/fit-$v.json" --quiet
    on score1m && t "score1m:$v" "$bin" score --model $D/model.json --data $D/register.csv --out "$OUT/scores-$v.csv" --quiet
    on explain1m && t "explain1m:$v" "$bin" explain --all --as-of 2026-11-16 --model $D/model.json --data $D/register.csv --out "$OUT/all-$v.csv" --quiet
  done
done
echo "end: $(uptime)"
for f in week scores all; do [ -f "$OUT/$f-NEW.csv" ] || continue; cmp -s "$OUT/$f-BASE.csv" "$OUT/$f-NEW.csv" && echo "$f: identical" || echo "$f: DIFFERENT"; done
python3 - "$LOG" "$OUT" <<'PY'
import json, os, statistics, sys
if os.path.exists(sys.argv[2] + "/fit-NEW.json"):
  a = json.load(open(sys.argv[2] + "/fit-BASE.json")); b = json.load(open(sys.argv[2] + "/fit-NEW.json"))
  ca = {c["name"]: c["estimate"] for c in a["coefficients"]}; cb = {c["name"]: c["estimate"] for c in b["coefficients"]}
  print("fit iterations", a["fit"]["iterations"], b["fit"]["iterations"], "largest relative coefficient difference",
        max(abs(ca[k] - cb[k]) / max(abs(ca[k]), 1e-300) for k in ca))
runs = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 5 and ":" in p[0]: runs.setdefault(p[0], []).append(tuple(map(float, p[1:])))
for k in sorted(runs):
    v = runs[k]
    med = lambda i: statistics.median(x[i] for x in v)
    print(f"{k:14} wall {med(0):6.2f}  user {med(1):5.2f}  sys {med(2):5.2f}  cpu {statistics.median(x[1] + x[2] for x in v):5.2f}  rss {max(x[3] for x in v) / 1024:5.0f} MB  n={len(v)}")
PY
rm -rf "$OUT"
