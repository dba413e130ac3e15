#!/usr/bin/env bash
# Builds Tilsyn in release mode and runs the demo on built-in synthetic data.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tilsyn
.build/release/tilsyn demo "$@"
