#!/usr/bin/env bash
# Cards per second: the service's JSON card endpoint and the HTML card page under wrk on loopback, every
# card audited before it is answered, then `tilsyn audit verify` on the store and a count of the cards on
# record against the 200s wrk saw.
#
#   1. `tilsyn demo` on 300,000 units (once, under bench/data/cards/): model, register, the week's list and a
#      store with the board's approval;
#   2. `tilsyn codes issue` for the 300 units on the week's list (the companies that get a letter);
#   3. `tilsyn serve --rate-limit 0` (rate limits off: one client asks for 300 units' cards in a loop);
#   4. per endpoint: a warm-up, then `wrk -t$THREADS -c$CONNECTIONS -d$DURATION` with bench/cards.lua, which
#      sends each request for the next unit and its code and counts every status that is not 200;
#   5. SIGTERM, `tilsyn audit verify`, and the store's count of `card_issued` rows against wrk's 200s.
#
# Usage: bench/cards.sh [DURATION] (default 10s). Env: BIN (default .build/release/tilsyn, built if missing),
# THREADS (2), CONNECTIONS (32), PORT (8093), ENDPOINTS ("json html page"; also "summary", the JSON card with
# "detail":"summary"), SERVE_ARGS (extra serve options).
# The machine's load is printed at the start and the end: wrk shares the cores with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-8093}
ENDPOINTS=${ENDPOINTS:-json html page}
BIN=${BIN:-.build/release/tilsyn}
DIR=bench/data/cards
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "cards.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -x "$BIN" ] || swift build -c release --product tilsyn >/dev/null

echo "start: $(uptime)"
mkdir -p "$DIR"
[ -f "$DIR/register.csv" ] || "$BIN" demo --out "$DIR" --quiet >/dev/null
# The store is rebuilt from the demo's each run, so the audit counts below are this run's alone.
if [ ! -f "$DIR/tilsyn.sqlite.demo" ]; then cp "$DIR/tilsyn.sqlite" "$DIR/tilsyn.sqlite.demo"; fi
STORE="$DIR/bench.sqlite"
rm -f "$STORE" "$STORE-wal" "$STORE-shm"
cp "$DIR/tilsyn.sqlite.demo" "$STORE"
UNITS=$(awk -F, 'NR > 1 { printf "%s ", $2 }' "$DIR/list.csv")
"$BIN" codes issue --data "$DIR/register.csv" --id-column company_id --ids $UNITS --out "$DIR/codes.csv" --db "$STORE" >/dev/null

# One request per line of codes.csv, round robin; each wrk thread starts at another offset.
python3 - "$DIR/codes.csv" "$DIR/cards-pairs.lua" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w") as out:
    out.write("card_pairs = {\n")
    for r in rows:
        out.write('  {"%s", "%s"},\n' % (r["unit_id"], r["access_code"]))
    out.write("}\n")
PY

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
LOG="$DIR/serve.log"
"$BIN" serve --db "$STORE" --model "$DIR/model.json" --data "$DIR/register.csv" --port "$PORT" --rate-limit 0 \
  --exclude-if-column certified --exclude-if-column private_household ${SERVE_ARGS:-} >"$DIR/serve.out" 2>"$LOG" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q "^Serving" "$DIR/serve.out" 2>/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$LOG" >&2; echo "cards.sh: the server stopped" >&2; exit 1; }
  sleep 0.5
done
grep -q "^Serving" "$DIR/serve.out" || { echo "cards.sh: the server did not start" >&2; exit 1; }

read -r UNIT CODE < <(awk -F, 'NR == 2 { print $1, $2 }' "$DIR/codes.csv")
for format in json html; do
  size=$(curl -s -o "$DIR/card.$format" -w '%{size_download}' -H 'Content-Type: application/json' \
    -d "{\"unit\":\"$UNIT\",\"code\":\"$CODE\",\"format\":\"$format\"}" "$BASE/api/v1/company/card")
  echo "card.$format: $size bytes"
done
size=$(curl -s -o "$DIR/card.summary.json" -w '%{size_download}' -H 'Content-Type: application/json' \
  -d "{\"unit\":\"$UNIT\",\"code\":\"$CODE\",\"format\":\"json\",\"detail\":\"summary\"}" "$BASE/api/v1/company/card")
echo "card.summary.json (detail summary): $size bytes"
size=$(curl -s -o "$DIR/card.page.html" -w '%{size_download}' -d "unit=$UNIT" --data-urlencode "code=$CODE" -d language=da "$BASE/company/card")
echo "card page (HTML, POST /company/card): $size bytes"

before=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM card_issued').fetchone()[0])" "$STORE")
total200=0
for endpoint in $ENDPOINTS; do
  case $endpoint in
    json) script=bench/cards.lua; path=/api/v1/company/card; export CARDS_FORMAT=json ;;
    html) script=bench/cards.lua; path=/api/v1/company/card; export CARDS_FORMAT=html ;;
    page) script=bench/cards.lua; path=/company/card; export CARDS_FORMAT=page ;;
    summary) script=bench/cards.lua; path=/api/v1/company/card; export CARDS_FORMAT=summary ;;
    *) echo "cards.sh: unknown endpoint $endpoint" >&2; exit 1 ;;
  esac
  export CARDS_PAIRS="$DIR/cards-pairs.lua"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$script" "$BASE$path" >"$DIR/wrk.$endpoint.warmup.txt"   # warm-up
  echo "== $endpoint ($path), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  before_cpu=$(cpu_ticks $SERVER)
  /usr/bin/time -f "%U %S" -o "$DIR/wrk.$endpoint.cpu" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$BASE$path" | tee "$DIR/wrk.$endpoint.txt"
  after_cpu=$(cpu_ticks $SERVER)
  # CPU time per request, of the server and of wrk: on a shared machine the requests/s say how much of
  # the cores the run got; these say what a request costs, whatever the load.
  python3 - "$DIR/wrk.$endpoint.txt" "$DIR/wrk.$endpoint.cpu" "$before_cpu" "$after_cpu" "$(getconf CLK_TCK)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
n = int(re.search(r"(\d+) requests in", text).group(1))
wrk_cpu = sum(float(x) for x in open(sys.argv[2]).read().split()[-2:])
server_cpu = (int(sys.argv[4]) - int(sys.argv[3])) / int(sys.argv[5])
per = (server_cpu + wrk_cpu) / max(1, n)
print(f"cpu: server {server_cpu / max(1, n) * 1000:.2f} ms + wrk {wrk_cpu / max(1, n) * 1000:.2f} ms per request "
      f"-> {2 / per:.0f} requests/s if both had the 2 cores to themselves")
PY
done
after_requests=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM card_issued').fetchone()[0])" "$STORE")
kill -TERM $SERVER; wait $SERVER || true
trap - EXIT
# Every 200 wrk read is a card shown, and every card shown must be on record: never fewer on record than
# 200s. There may be more: when a run ends, wrk drops the answers still in flight (at most one per
# connection), though their cards were recorded before they were sent.
ok200=$(cat $(for endpoint in $ENDPOINTS; do echo "$DIR/wrk.$endpoint.warmup.txt $DIR/wrk.$endpoint.txt"; done) \
  | awk '/^non-200:/ { n += $4 - $2 } END { print n + 0 }')
runs=$(( $(echo $ENDPOINTS | wc -w) * 2 ))
recorded=$((after_requests - before))
echo "cards on record: $recorded new; 200 responses wrk read: $ok200 (warm-ups included; $((recorded - ok200)) answers in flight when a run stopped, at most $((runs * CONNECTIONS)))"
if [ "$recorded" -lt "$ok200" ] || [ $((recorded - ok200)) -gt $((runs * CONNECTIONS)) ]; then
  echo "cards.sh: $recorded cards on record against $ok200 cards shown" >&2
fi
for endpoint in $ENDPOINTS; do grep -h "^non-200:" "$DIR/wrk.$endpoint.txt"; done
"$BIN" audit verify --db "$STORE"
echo "end: $(uptime)"
