#!/usr/bin/env bash
# Republishes the demo model, its validation and drift reports, board summaries and model card to Models/
# (`tilsyn demo --publish Models`), where PublishedModelTests checks they are current. Run it after a change
# that alters the fit, the reports or their templates, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tilsyn
.build/release/tilsyn demo --out "${TMPDIR:-/tmp}/tilsyn-publish" --publish Models "$@"
