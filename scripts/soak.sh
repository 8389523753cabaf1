#!/usr/bin/env bash
# Fault soak (bounded, loopback only): three gateways exchange messages while they are killed,
# paused, restarted, short of disk and rotating keys; then checks that every accepted message was
# delivered exactly once with a receipt or is a dead letter with a reason, that no inbox holds a
# duplicate, that every audit log verifies, and that memory and file descriptors stayed bounded.
#
#   bash scripts/soak.sh                       # 180 s of faults, at most 600 messages
#   SOAK_SECONDS=60 SOAK_MESSAGES=200 SOAK_SEED=42 bash scripts/soak.sh
#
# As root, the disk-full fault fills a small tmpfs mounted as one gateway's data folder; otherwise
# it only adds a ballast file (the disk does not fill). SOAK_SCRATCH names the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
scratch="${SOAK_SCRATCH:-.build}"
swift build --product nordgate --scratch-path "$scratch"
exec python3 scripts/soak.py "$(swift build --scratch-path "$scratch" --show-bin-path)/nordgate"
