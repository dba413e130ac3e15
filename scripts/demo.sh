#!/usr/bin/env bash
# Builds Tilsyn in release mode and runs the demo on built-in synthetic data (into tilsyn-demo/, which git
# ignores). It changes no tracked file; publishing the demo model to Models/ is its own step,
# scripts/publish-models.sh. Extra arguments go to `tilsyn demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tilsyn
.build/release/tilsyn demo "$@"
