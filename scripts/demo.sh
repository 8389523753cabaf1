#!/usr/bin/env bash
# Shows the main job on this machine: installs what is needed, builds nordgate, and runs
# `nordgate demo`: seven gateways (NO-CA, DK-CA, SE-CA, FI-CA, IS-CA, NO-POL, DK-POL) on 127.0.0.1
# exchanging synthetic messages over mutual TLS, step by step. Everything it makes is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product nordgate
exec "$(swift build --show-bin-path)/nordgate" demo "$@"
