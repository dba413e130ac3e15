#!/usr/bin/env bash
# Cards under load while a long CLI write holds the same store (issue 17, finding 3): wrk asks for JSON
# cards on loopback for as long as
#   A. `tilsyn codes issue` for every unit of the 300,000-unit demo register that has no code yet
#      (299,700: the week's 300 list units keep the codes wrk uses), and
#   B. `tilsyn list` with capacity for the whole register (every eligible unit, ~285,000 rows recorded)
# run, one after the other. Meanwhile bench/lock-probe.py measures how long the write lock is held
# without a break. Then: statuses wrk saw (no 5xx allowed; wrk's timeout is 10 s, so a request that
# waited is a response, not a lost timeout), the probe's longest wait, and `tilsyn audit verify`.
#
# Usage: bench/load-during-writes.sh   Env: BIN (default .build/release/tilsyn), CONNECTIONS (16), PORT (8095).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/tilsyn}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-8095}
DIR=bench/data/cards
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "load-during-writes.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -x "$BIN" ] || swift build -c release --product tilsyn >/dev/null
echo "start: $(uptime)"
mkdir -p "$DIR"
[ -f "$DIR/register.csv" ] || "$BIN" demo --out "$DIR" --quiet >/dev/null
[ -f "$DIR/tilsyn.sqlite.demo" ] || cp "$DIR/tilsyn.sqlite" "$DIR/tilsyn.sqlite.demo"
STORE="$DIR/load.sqlite"
rm -f "$STORE" "$STORE-wal" "$STORE-shm"
cp "$DIR/tilsyn.sqlite.demo" "$STORE"
UNITS=$(awk -F, 'NR > 1 { printf "%s ", $2 }' "$DIR/list.csv")
"$BIN" codes issue --data "$DIR/register.csv" --id-column company_id --ids $UNITS --out "$DIR/load-codes.csv" --db "$STORE" >/dev/null
# The rest of the register: every unit but the list's, whose codes wrk uses.
awk -F, 'NR == FNR { if (FNR > 1) on[$2] = 1; next } FNR == 1 || !($1 in on)' "$DIR/list.csv" "$DIR/register.csv" >"$DIR/register-rest.csv"
python3 - "$DIR/load-codes.csv" "$DIR/load-pairs.lua" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w") as out:
    out.write("card_pairs = {\n" + "".join('  {"%s", "%s"},\n' % (r["unit_id"], r["access_code"]) for r in rows) + "}\n")
PY

"$BIN" serve --db "$STORE" --model "$DIR/model.json" --data "$DIR/register.csv" --port "$PORT" --rate-limit 0 \
  --exclude-if-column certified --exclude-if-column private_household >"$DIR/load-serve.out" 2>"$DIR/load-serve.log" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q "^Serving" "$DIR/load-serve.out" 2>/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$DIR/load-serve.log" >&2; exit 1; }
  sleep 0.5
done
export CARDS_PAIRS="$DIR/load-pairs.lua" CARDS_FORMAT=json

# One phase: the probe and wrk (in 10-second rounds, at most 60) for as long as the command runs.
phase() {
  local name=$1; shift
  local stop="$DIR/probe.stop"
  rm -f "$stop"
  python3 bench/lock-probe.py --db "$STORE" --stop "$stop" >"$DIR/probe.$name.json" &
  local probe=$!
  local start=$(date +%s.%N)
  /usr/bin/time -f "%e s, %M KB" -o "$DIR/time.$name.txt" "$@" >"$DIR/out.$name.txt" 2>&1 &
  local job=$!
  : >"$DIR/wrk.$name.txt"
  for _ in $(seq 1 60); do
    kill -0 $job 2>/dev/null || break
    wrk -t2 -c"$CONNECTIONS" -d10s --timeout 10s --latency -s bench/cards.lua "$BASE/api/v1/company/card" >>"$DIR/wrk.$name.txt"
  done
  wait $job
  touch "$stop"; wait $probe
  echo "== $name: $(cat "$DIR/time.$name.txt"), load $(cut -d' ' -f1-3 /proc/loadavg)"
  sed -n '1,3p' "$DIR/out.$name.txt"
  python3 - "$DIR/wrk.$name.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
requests = sum(int(n) for n in re.findall(r"(\d+) requests in", text))
rates = [float(r) for r in re.findall(r"Requests/sec:\s+([\d.]+)", text)]
bad = sum(int(n) for n in re.findall(r"non-200: (\d+)", text))
server = sum(int(n) for n in re.findall(r"^5xx: (\d+)", text, re.M))
timeouts = sum(int(n) for n in re.findall(r"timeout (\d+)", text))
maxlat = re.findall(r"Latency\s+\S+\s+\S+\s+(\S+)", text)
print(f"wrk: {len(rates)} rounds, {requests} responses, {sum(rates)/max(1,len(rates)):.0f} requests/s on average, "
      f"non-200 {bad}, 5xx {server}, socket timeouts {timeouts}, max latency per round {', '.join(maxlat)}")
PY
  echo "write lock, seen by the probe: $(tail -1 "$DIR/probe.$name.json")"
}

phase codes "$BIN" codes issue --data "$DIR/register-rest.csv" --id-column company_id --out "$DIR/load-codes-rest.csv" --db "$STORE"
phase list "$BIN" list --model "$DIR/model.json" --data "$DIR/register.csv" --as-of 2026-11-16 --capacity 300000 \
  --random-share 0.2 --seed 7 --exclude-days 365 --exclude-if certified --exclude-if private_household \
  --out "$DIR/load-list.csv" --db "$STORE" --quiet

kill -TERM $SERVER; wait $SERVER || true
trap - EXIT
grep -c '"status":5' "$DIR/load-serve.log" | sed 's/^/5xx lines in the server log: /' || true
"$BIN" audit verify --db "$STORE" | head -2
rm -f "$DIR/load-codes-rest.csv"   # 299,700 plain codes: not kept
echo "end: $(uptime)"
