#!/usr/bin/env bash
# Builds Tilsyn in release mode and runs the demo on built-in synthetic data (into tilsyn-demo/).
# The demo model, its validation and drift reports and its model card are also published to Models/,
# where a test (PublishedModelTests) checks they are current; extra arguments go to `tilsyn demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tilsyn
.build/release/tilsyn demo --publish Models "$@"
