#!/usr/bin/env bash
# Installs what the tests need, builds everything and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build
# A short fuzz run of the targets that build in a few minutes (JSON, schemas, envelopes, scanner);
# the configuration and peer-body targets, and longer runs, are for `bash scripts/fuzz.sh` nightly.
FUZZ_SECONDS=10 FUZZ_SEED=1 FUZZ_TARGETS="FuzzJSON FuzzSchema FuzzEnvelope FuzzScanner" bash scripts/fuzz.sh
