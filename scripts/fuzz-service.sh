#!/usr/bin/env bash
# Schemathesis against the running service's own OpenAPI document, bounded in time: a small demo (30,000
# units) served on loopback from a demo store, every check on, fuzzed once with the inspector's token and
# once with the board's, with real company credentials and a live card session mixed into half of the
# company requests (scripts/schemathesis_hooks.py), and one more check: no HTML page has an element whose
# text is nil, null or undefined. Fails on any 5xx the service logged or any failed check; prints the
# requests by status.
#
# Needs schemathesis (pip). Run from the repository:
#   bash scripts/fuzz-service.sh          MAX_TIME=120 per token (default)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-.build/fuzz-service}
PORT=${PORT:-8092}
MAX_TIME=${MAX_TIME:-120}
# The lookup limits are off, so fuzzing reaches the cards and forms instead of mostly 429s; the limits'
# own pages are covered by the Swift tests and scripts/company-screenshots.sh.
SERVE_ARGS="--rate-limit 0"
source scripts/demo-service.sh
trap stop_demo_service EXIT
demo_service "$OUT" "$PORT"

# A live card session for the session pages.
SESSION=$(curl -s -D - -o /dev/null -d "unit=$RISK_UNIT" --data-urlencode "code=$RISK_CODE" -d language=da "$BASE/company/card" \
  | sed -n 's/^[Ss]et-[Cc]ookie: tilsyn_card=\([0-9a-f]*\);.*/\1/p')
[ -n "$SESSION" ] || { echo "no card session cookie" >&2; exit 1; }

export SCHEMATHESIS_HOOKS=$PWD/scripts/schemathesis_hooks.py FUZZ_UNIT=$RISK_UNIT FUZZ_CODE=$RISK_CODE FUZZ_SESSION=$SESSION
export FUZZ_TALLY=$OUT/tally.json
rm -f "$FUZZ_TALLY"
FAILED=0
for token in "$INSPECTOR" "$BOARD"; do
  schemathesis --config-file scripts/schemathesis.toml run "$BASE/openapi.json" --checks all --max-time "$MAX_TIME" --seed 1 \
    -H "Authorization: Bearer $token" --suppress-health-check all --report junit --report-dir "$OUT/report" \
    >>"$OUT/schemathesis.txt" 2>&1 || FAILED=1
  sed -n '/SUMMARY/,$p' "$OUT/schemathesis.txt" | tail -25
done
stop_demo_service
trap - EXIT

python3 - "$FUZZ_TALLY" "$SERVE_LOG" <<'PY'
import collections, json, sys
tally = json.load(open(sys.argv[1]))
by_status = collections.Counter()
for key, n in tally.items():
    by_status[key.rsplit(" ", 1)[1]] += n
print(f"schemathesis: {sum(tally.values())} requests to {len({k.split(' ')[1] for k in tally})} paths; by status:",
      ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items())))
served = collections.Counter()
for line in open(sys.argv[2]):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    status = entry.get("status") or (entry.get("metadata") or {}).get("status")
    if status is not None:
        served[str(status)] += 1
print("service log:", sum(served.values()), "requests;", ", ".join(f"{s}: {n}" for s, n in sorted(served.items())))
if any(s.startswith("5") for s in served):
    sys.exit("the service answered 5xx")
PY
[ "$FAILED" = 0 ] || { echo "schemathesis found failures (see $OUT/schemathesis.txt)" >&2; exit 1; }
