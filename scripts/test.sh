#!/usr/bin/env bash
# Runs the whole test suite (the README's test command calls this after installing).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
