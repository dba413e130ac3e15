#!/usr/bin/env bash
# The company page in headless Chromium, every state in Danish and English: lookup form, risk card, random
# card, not-on-list card, wrong code, rate limit, correction form (from a card line's link), receipt and
# request status — a full-page PNG of each under Explain/screenshots/company/, and the browser check that
# no element's text is nil, null or undefined. A small demo (30,000 units) is served on loopback from its
# own store; the browser types and clicks as a company would (scripts/company-screenshots.py).
#
# Needs chromium and chromium-driver (apt-get) and selenium (pip). Run from the repository:
#   bash scripts/company-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-.build/company-screenshots}
SHOTS=${SHOTS:-Explain/screenshots/company}
PORT=${PORT:-8091}
source scripts/demo-service.sh
trap stop_demo_service EXIT
demo_service "$OUT" "$PORT"
mkdir -p "$SHOTS"
RISK_UNIT=$RISK_UNIT RISK_CODE=$RISK_CODE RANDOM_UNIT=$RANDOM_UNIT RANDOM_CODE=$RANDOM_CODE OFF_UNIT=$OFF_UNIT OFF_CODE=$OFF_CODE \
  python3 scripts/company-screenshots.py "$BASE" "$SHOTS"
stop_demo_service
trap - EXIT
if grep -q '"status":5[0-9][0-9]' "$SERVE_LOG"; then echo "the service answered 5xx (see $SERVE_LOG)" >&2; exit 1; fi
echo "no 5xx in $(grep -c '"status":' "$SERVE_LOG") logged requests; screenshots in $SHOTS"
