#!/usr/bin/env bash
# A real run of the web service, reproducibly: `tilsyn demo --serve` on the 300,000-unit demo, the pages
# fetched with curl, a headless-Chromium screenshot of the company page showing a card, the OpenAPI
# document validated (openapi-spec-validator) and the running service fuzzed with schemathesis (no 5xx
# allowed), SIGTERM and a clean exit, then `tilsyn audit verify` on the demo's store.
#
# Needs chromium (apt-get install chromium) and, from PyPI, openapi-spec-validator and schemathesis.
# These are checks for a person at a machine, not CI: CI runs the Swift tests, which cover every endpoint.
#
#   bash scripts/check-service.sh                 # everything; outputs under .build/check-service/
#   SCREENSHOT=Explain/company-page.png bash scripts/check-service.sh   # also keep the screenshot
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8089}
OUT=${OUT:-.build/check-service}
BIN=.build/release/tilsyn
BASE="http://127.0.0.1:$PORT"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "check-service: $*" >&2; exit 1; }

step "release build"
swift build -c release --product tilsyn
rm -rf "$OUT" && mkdir -p "$OUT"

step "tilsyn demo --serve (port $PORT)"
"$BIN" demo --out "$OUT/demo" --serve --port "$PORT" --quiet >"$OUT/demo.out" 2>"$OUT/serve.log" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "^Serving the demo" "$OUT/demo.out" && break
  kill -0 $SERVER 2>/dev/null || { cat "$OUT/serve.log" >&2; fail "the demo stopped before serving"; }
  sleep 0.5
done
grep -q "^Serving the demo" "$OUT/demo.out" || fail "the demo did not start serving within 5 minutes"
sed -n '/^Serving the demo/,$p' "$OUT/demo.out"
UNIT=$(sed -n 's/.*company page: .* — unit \([^,]*\), access code \(.*\)$/\1/p' "$OUT/demo.out")
CODE=$(sed -n 's/.*company page: .* — unit \([^,]*\), access code \(.*\)$/\2/p' "$OUT/demo.out")
INSPECTOR=$(sed -n 's/^  inspector token: //p' "$OUT/demo.out")
BOARD=$(sed -n 's/^  board token: *//p' "$OUT/demo.out")
[ -n "$UNIT" ] && [ -n "$CODE" ] && [ -n "$INSPECTOR" ] && [ -n "$BOARD" ] || fail "credentials not printed"

step "pages and API with curl"
check() {  # expected-status description curl-arguments…
  local expected=$1 what=$2; shift 2
  local status
  status=$(curl -s -o "$OUT/last.body" -w '%{http_code}' "$@")
  printf '%-4s %-58s %s\n' "$status" "$what" "$(head -c 90 "$OUT/last.body" | tr '\n' ' ')"
  [ "$status" = "$expected" ] || fail "$what: expected $expected, got $status"
}
check 200 "GET /healthz" "$BASE/healthz"
check 200 "GET /company?lang=en" "$BASE/company?lang=en"
check 200 "POST /company/card (form, da)" -d "unit=$UNIT" --data-urlencode "code=$CODE" -d language=da "$BASE/company/card"
cp "$OUT/last.body" "$OUT/card.da.html"
check 200 "POST /api/v1/company/card (JSON)" -H 'Content-Type: application/json' \
  -d "{\"unit\":\"$UNIT\",\"code\":\"$CODE\"}" "$BASE/api/v1/company/card"
check 404 "POST /api/v1/company/card, wrong code" -H 'Content-Type: application/json' \
  -d "{\"unit\":\"$UNIT\",\"code\":\"AAAA-AAAA-AAAA-AA\"}" "$BASE/api/v1/company/card"
check 400 "POST /api/v1/company/card, malformed JSON" -H 'Content-Type: application/json' -d '{"unit":' "$BASE/api/v1/company/card"
check 401 "GET /api/v1/inspector/lists without a token" "$BASE/api/v1/inspector/lists"
check 403 "GET /api/v1/board/model-card with an inspector token" -H "Authorization: Bearer $INSPECTOR" "$BASE/api/v1/board/model-card"
check 201 "POST /api/v1/inspector/lists" -H "Authorization: Bearer $INSPECTOR" -H 'Content-Type: application/json' \
  -d '{"as_of":"2026-11-16","capacity":300,"random_share":0.2,"seed":7,"exclude_days":365,"exclude_if":["certified","private_household"]}' \
  "$BASE/api/v1/inspector/lists"
check 200 "GET /api/v1/inspector/lists" -H "Authorization: Bearer $INSPECTOR" "$BASE/api/v1/inspector/lists"
check 200 "GET /api/v1/inspector/lists/1" -H "Authorization: Bearer $INSPECTOR" "$BASE/api/v1/inspector/lists/1"
check 200 "GET /api/v1/board/model-card?format=html&lang=en" -H "Authorization: Bearer $BOARD" "$BASE/api/v1/board/model-card?format=html&lang=en"
check 200 "GET /api/v1/board/reports/fairness?format=md" -H "Authorization: Bearer $BOARD" "$BASE/api/v1/board/reports/fairness?format=md"
check 200 "GET /openapi.json" "$BASE/openapi.json"
cp "$OUT/last.body" "$OUT/openapi.json"
cmp -s "$OUT/openapi.json" Sources/TilsynService/openapi.json || fail "the served OpenAPI document differs from Sources/TilsynService/openapi.json"
curl -s -D - -o /dev/null -d "unit=$UNIT" --data-urlencode "code=$CODE" "$BASE/company/card" \
  | grep -iE '^(content-security-policy|x-content-type-options|cache-control|x-frame-options|referrer-policy):' | tee "$OUT/headers.txt"
[ "$(wc -l <"$OUT/headers.txt")" -eq 5 ] || fail "a security header is missing"

step "headless Chromium: the company page after submitting the form"
# A local page posts the form to the service, as a browser would; Chromium screenshots the answer.
cat >"$OUT/submit.html" <<EOF
<!DOCTYPE html><html><body onload="document.forms[0].submit()">
<form method="post" action="$BASE/company/card"><input name="unit" value="$UNIT"><input name="code" value="$CODE"><input name="language" value="da"></form>
</body></html>
EOF
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1800 --virtual-time-budget=5000 \
  --screenshot="$OUT/company-page.png" "file://$PWD/$OUT/submit.html" 2>/dev/null
[ -s "$OUT/company-page.png" ] || fail "no screenshot"
echo "screenshot: $OUT/company-page.png"
if [ -n "${SCREENSHOT:-}" ]; then cp "$OUT/company-page.png" "$SCREENSHOT"; echo "copied to $SCREENSHOT"; fi

step "openapi-spec-validator"
python3 -c "
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
spec, _ = read_from_filename('$OUT/openapi.json')
validate(spec)
print('valid OpenAPI', spec['openapi'], '-', len(spec['paths']), 'paths')"

step "schemathesis, every check (inspector token, then board token)"
FUZZ=0
for token in "$INSPECTOR" "$BOARD"; do
  schemathesis --config-file scripts/schemathesis.toml run "$BASE/openapi.json" --checks all --max-examples 30 --seed 1 \
    -H "Authorization: Bearer $token" --report junit --report-dir "$OUT/schemathesis" \
    --suppress-health-check all >>"$OUT/schemathesis.txt" 2>&1 || FUZZ=1
  sed -n '/^Test cases:/,$p' "$OUT/schemathesis.txt" | tail -12
done
if grep -q '"status":5[0-9][0-9]' "$OUT/serve.log"; then fail "the service answered 5xx (see $OUT/serve.log)"; fi
echo "no 5xx in $(grep -c '"message":"request"' "$OUT/serve.log") logged requests"
[ "$FUZZ" = 0 ] || fail "schemathesis found failures (see $OUT/schemathesis.txt)"

step "SIGTERM: graceful shutdown"
kill -TERM $SERVER
wait $SERVER && echo "exit status 0" || fail "the service did not exit cleanly"
trap - EXIT

step "tilsyn audit verify"
"$BIN" audit verify --db "$OUT/demo/tilsyn.sqlite"
"$BIN" audit show --db "$OUT/demo/tilsyn.sqlite" --last 6
