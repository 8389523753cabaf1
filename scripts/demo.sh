#!/usr/bin/env bash
# Shows the main job on this machine: two Nordic authorities make keyrings, rotate keys,
# exchange signed descriptors and follow each other's rotations. All data is synthetic.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product nordgate
nordgate="$(swift build --show-bin-path)/nordgate"

work="$(mktemp -d /tmp/nordgate-demo.XXXXXX)"
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT
export NORDGATE_PASSPHRASE="demo passphrase (synthetic, not a secret)"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Norway's central authority (NO-CA) and Denmark's (DK-CA) create their keyrings"
"$nordgate" keys init --keys "$work/NO-CA" --authority NO-CA --kdf-cost interactive
"$nordgate" keys init --keys "$work/DK-CA" --authority DK-CA --kdf-cost interactive

step "DK-CA publishes its signed descriptor; NO-CA sees the fingerprint first"
"$nordgate" keys export-public --keys "$work/DK-CA" --output "$work/dk-ca.json"
"$nordgate" keys import-peer --keys "$work/NO-CA" "$work/dk-ca.json" || true

step "NO-CA has checked the fingerprint with DK-CA by phone, and trusts it"
"$nordgate" keys import-peer --keys "$work/NO-CA" "$work/dk-ca.json" --trust-new

step "DK-CA stages a new encryption key, promotes it, and rotates its signing key twice"
staged=$("$nordgate" keys rotate --keys "$work/DK-CA" --kind encryption --stage | awk '{print $4}')
"$nordgate" keys promote --keys "$work/DK-CA" "$staged"
"$nordgate" keys rotate --keys "$work/DK-CA" --kind signing
"$nordgate" keys rotate --keys "$work/DK-CA" --kind signing
"$nordgate" keys list --keys "$work/DK-CA"

step "NO-CA accepts the update because it follows DK-CA's signing-key chain"
"$nordgate" keys export-public --keys "$work/DK-CA" --output "$work/dk-ca-2.json"
"$nordgate" keys import-peer --keys "$work/NO-CA" "$work/dk-ca-2.json"
"$nordgate" peers list --keys "$work/NO-CA"

step "An impostor's descriptor for DK-CA is refused"
"$nordgate" keys init --keys "$work/impostor" --authority DK-CA --kdf-cost interactive >/dev/null
for _ in 1 2 3 4; do "$nordgate" keys rotate --keys "$work/impostor" --kind vault >/dev/null; done
"$nordgate" keys export-public --keys "$work/impostor" --output "$work/forged.json"
if "$nordgate" keys import-peer --keys "$work/NO-CA" "$work/forged.json"; then
    echo "the forged descriptor was accepted: this is a bug" >&2
    exit 1
fi

step "Done: every key file is mode 0600 in a 0700 folder"
ls -la "$work/NO-CA"
