# Sourced by scripts/company-screenshots.sh and scripts/fuzz-service.sh: a small demo (tilsyn demo, 30,000
# units), access codes for three companies — a unit chosen by risk, one drawn at random and one not on
# the issued list — and `tilsyn serve` on loopback with the demo's store, a demo store only.
#
#   demo_service OUT PORT       starts it; sets BASE, RISK_UNIT RISK_CODE, RANDOM_UNIT RANDOM_CODE,
#                               OFF_UNIT OFF_CODE, INSPECTOR, BOARD, SERVER (pid) and SERVE_LOG
#   stop_demo_service           SIGTERM, waits for a clean exit
#
# Uses $BIN (default .build/debug/tilsyn, built if missing).

BIN=${BIN:-.build/debug/tilsyn}

demo_service() {
  local out=$1 port=$2
  [ -x "$BIN" ] || swift build --product tilsyn
  rm -rf "$out" && mkdir -p "$out"
  echo "demo: tilsyn demo --units 30000 into $out/demo" >&2
  "$BIN" demo --out "$out/demo" --units 30000 --quiet >"$out/demo.out" 2>"$out/demo.err" || { cat "$out/demo.err" >&2; return 1; }
  local list=$out/demo/list.csv register=$out/demo/register.csv
  # list.csv: rank,company_id,probability,channel,region,…
  RISK_UNIT=$(awk -F, 'NR>1 && $4=="risk" {print $2; exit}' "$list")
  RANDOM_UNIT=$(awk -F, 'NR>1 && $4=="random" {print $2; exit}' "$list")
  local column
  column=$(head -1 "$register" | tr ',' '\n' | grep -n '^company_id$' | cut -d: -f1)
  OFF_UNIT=$(awk -F, -v c="$column" 'NR==FNR {if (FNR>1) on[$2]=1; next} FNR>1 && !($c in on) {print $c; exit}' "$list" "$register")
  [ -n "$RISK_UNIT" ] && [ -n "$RANDOM_UNIT" ] && [ -n "$OFF_UNIT" ] || { echo "demo: no risk, random or off-list unit found" >&2; return 1; }
  "$BIN" codes issue --data "$register" --id-column company_id --ids "$RISK_UNIT" "$RANDOM_UNIT" "$OFF_UNIT" \
    --out "$out/codes.csv" --db "$out/demo/tilsyn.sqlite" >/dev/null
  code_of() { awk -F, -v u="$1" '$1==u {print $2}' "$out/codes.csv"; }
  RISK_CODE=$(code_of "$RISK_UNIT"); RANDOM_CODE=$(code_of "$RANDOM_UNIT"); OFF_CODE=$(code_of "$OFF_UNIT")
  INSPECTOR=$("$BIN" tokens issue --db "$out/demo/tilsyn.sqlite" --role inspector --name "Demo inspector (scripts)" | tail -1)
  BOARD=$("$BIN" tokens issue --db "$out/demo/tilsyn.sqlite" --role board --name "Demo board (scripts)" | tail -1)
  local reports=()
  for r in validation fairness drift; do [ -f "$out/demo/$r.json" ] && reports+=("--$r" "$out/demo/$r.json"); done
  SERVE_LOG=$out/serve.log
  "$BIN" serve --db "$out/demo/tilsyn.sqlite" --model "$out/demo/model.json" --data "$register" \
    "${reports[@]}" \
    --exclude-if-column certified --exclude-if-column private_household \
    --host 127.0.0.1 --port "$port" ${SERVE_ARGS:-} >"$out/serve.out" 2>"$SERVE_LOG" &
  SERVER=$!
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do
    curl -sf "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$SERVE_LOG" >&2; echo "demo: the service stopped before serving" >&2; return 1; }
    sleep 0.5
  done
  curl -sf "$BASE/healthz" >/dev/null || { echo "demo: the service did not answer /healthz within 2 minutes" >&2; return 1; }
  echo "demo: serving on $BASE — risk $RISK_UNIT, random $RANDOM_UNIT, not on the list $OFF_UNIT" >&2
}

stop_demo_service() {
  [ -n "${SERVER:-}" ] || return 0
  kill -TERM "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=
}
