#!/usr/bin/env bash
# Load on two real gateways on loopback (durable SQLite stores, mutual TLS), with two references in the same run.
#
# 1. Builds `nordgate` and the RelayLoad driver (Benchmarks/Benchmarks/RelayLoad) in release mode, in a copy of the
#    checkout under $TMPDIR (default /tmp), so nothing lands in the repository.
# 2. RelayLoad sets up NO-CA, DK-CA, IS-CA and FI-CA (keyrings, a throwaway CA, configurations) and runs each as a
#    `nordgate serve` process:
#    - end to end: 4 KB records submitted to NO-CA's local API at concurrency 1, 16 and 64; delivered messages per
#      second (submit to receipt stored at NO-CA) and p50/p99 latency;
#    - the crypto floor: the libsodium work of the same messages (sign, seal, verify, open, receipt), both sides
#      counted, on this machine's 2 cores;
#    - a blind relay hop: envelopes sealed by IS-CA for FI-CA posted over mutual TLS to NO-CA, which verifies,
#      stores, answers with a receipt and forwards them to FI-CA;
#    - nginx (Debian package, installed here if missing) as a plain mutual-TLS reverse proxy with the same bodies,
#      client and keep-alive.
# 3. Prints the figures and the ratios against the aims of the relay issue.
#
# Usage: Benchmarks/scripts/relay-bench.sh [--messages N] [--relay-messages N]   (as root, or with sudo for apt)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${TMPDIR:-/tmp}/nordgate-relay-bench"
# shellcheck source=bench-common.sh
source "$SCRIPT_DIR/bench-common.sh"
bench_prepare "$WORK"
bash "$PACKAGE/scripts/setup.sh"
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "== Building nordgate and RelayLoad (release) =="
swift build -c release --product nordgate --package-path "$PACKAGE" --scratch-path "$WORK/build-nordgate"
swift build -c release --product RelayLoad --package-path "$PACKAGE/Benchmarks" --scratch-path "$WORK/build"
NORDGATE="$(swift build -c release --package-path "$PACKAGE" --scratch-path "$WORK/build-nordgate" --show-bin-path)/nordgate"
DRIVER="$(swift build -c release --package-path "$PACKAGE/Benchmarks" --scratch-path "$WORK/build" --show-bin-path)/RelayLoad"

echo "== Load =="
rm -rf "$WORK/run"
mkdir -m 700 "$WORK/run"
"$DRIVER" --nordgate "$NORDGATE" --schemas "$PACKAGE/Schemas" --work "$WORK/run" --nginx "$NGINX" \
    --output "$RESULTS/relay.json" "$@"

echo "== Against the aims =="
python3 - "$RESULTS/relay.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
floor = r["floorTwoCores"]
for phase in r["endToEnd"]:
    c = phase["concurrency"]
    line = f"concurrency {c:2d}: {phase['deliveredPerSecond']:6d}/s = {100 * phase['deliveredPerSecond'] / floor:4.0f}% of the crypto floor ({floor}/s), p99 {phase['p99ms']} ms"
    if c == 64:
        line += "   (aim: at least 40% of the floor)"
        cpu = phase.get("cpuMicrosecondsPerMessage")
        if cpu and None not in cpu:
            line += f"\n    CPU per message: {sum(cpu) / 1000:.3f} ms over NO-CA, DK-CA and the driver; 40% of the floor allows {2000 / (0.4 * floor):.3f} ms"
    if c == 16:
        line += "   (aim: p99 under 100 ms)"
    print(line)
if "nginx" in r:
    print(f"relay hop: {r['relayHop']['rate']}/s = {100 * r['relayHop']['rate'] / r['nginx']:.0f}% of nginx ({r['nginx']}/s)   (aim: at least 25%)")
PY
