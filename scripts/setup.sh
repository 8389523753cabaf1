#!/usr/bin/env bash
# Installs what building and testing Nordgate needs on Debian/Ubuntu (libsodium, SQLite headers, pkg-config,
# curl, openssl and python3).
# Run as root or with sudo available. Does nothing when everything is already there.
set -euo pipefail

need=()
pkg-config --exists libsodium 2>/dev/null || need+=(libsodium-dev)
pkg-config --exists sqlite3 2>/dev/null || need+=(libsqlite3-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# Independent TLS clients for the peer-listener tests.
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Fuzz seeds and the fault soak (scripts/fuzz.sh, scripts/soak.sh).
command -v python3 >/dev/null 2>&1 || need+=(python3)

if [ ${#need[@]} -gt 0 ]; then
    echo "Installing: ${need[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "The Swift toolchain (6.1 or later) is not on PATH; install it from swift.org first." >&2
    exit 1
fi
