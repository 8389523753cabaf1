#!/usr/bin/env bash
# Shows the main job on this machine: a small Nordic network of gateways on loopback.
# Central authorities NO-CA, DK-CA, IS-CA and FI-CA and police desks NO-POL and DK-POL each run
# `nordgate serve` with their own keyring, a throwaway demo CA's TLS certificates and a local API.
# NO-CA asks DK-CA to help locate a missing child, NO-POL sends DK-POL a trafficking report with
# the victim pseudonymised, IS-CA reaches FI-CA through NO-CA (which cannot read it), DK-CA
# rotates its encryption key without a restart, and every audit log verifies. All data is
# synthetic; everything stays on 127.0.0.1 and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product nordgate
nordgate="$(swift build --show-bin-path)/nordgate"
repo="$(pwd)"

work="$(mktemp -d /tmp/nordgate-demo.XXXXXX)"
chmod 700 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
export NORDGATE_PASSPHRASE="demo passphrase (synthetic, not a secret)"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
note() { printf '   %s\n' "$*"; }

nodes=(NO-CA DK-CA IS-CA FI-CA NO-POL DK-POL)
# Direct peer links; IS-CA and FI-CA are not linked: NO-CA relays between them.
links=("NO-CA DK-CA" "NO-CA IS-CA" "NO-CA FI-CA" "NO-POL DK-POL")
base=$((20000 + RANDOM % 20000))
declare -A peer_port local_port
i=0
for node in "${nodes[@]}"; do
    peer_port[$node]=$((base + 2 * i))
    local_port[$node]=$((base + 2 * i + 1))
    i=$((i + 1))
done

step "Six authorities create their keyrings (Argon2id 'interactive' cost for the demo)"
for node in "${nodes[@]}"; do
    mkdir -m 700 "$work/$node"
    "$nordgate" keys init --keys "$work/$node/keys" --authority "$node" --kdf-cost interactive >/dev/null
    note "$node: keyring in $work/$node/keys"
done

step "They exchange signed descriptors (fingerprints checked by phone, so --trust-new)"
for node in "${nodes[@]}"; do
    "$nordgate" keys export-public --keys "$work/$node/keys" --output "$work/$node.descriptor.json" >/dev/null
done
for node in "${nodes[@]}"; do
    for other in "${nodes[@]}"; do
        [ "$node" = "$other" ] && continue
        "$nordgate" keys import-peer --keys "$work/$node/keys" "$work/$other.descriptor.json" --trust-new >/dev/null
    done
done
note "every gateway now trusts the other five"

step "A throwaway CA issues each gateway a TLS certificate (demo only), and tokens for the local API"
"$nordgate" dev-pki --out "$work/pki" $(printf -- '--authority %s ' "${nodes[@]}")
for role in caseworker operator; do
    "$nordgate" token --name "demo-$role" --role "$role" --token-file "$work/$role.token" > "$work/$role.entry.json"
done
caseworker_entry=$(cat "$work/caseworker.entry.json")
operator_entry=$(cat "$work/operator.entry.json")

peers_json() { # the peers of $1 as JSON
    local node=$1 list="" other
    for link in "${links[@]}"; do
        set -- $link
        other=""
        [ "$1" = "$node" ] && other=$2
        [ "$2" = "$node" ] && other=$1
        [ -z "$other" ] && continue
        list+="${list:+, }{\"authority\": \"$other\", \"url\": \"https://127.0.0.1:${peer_port[$other]}\"}"
    done
    echo "[$list]"
}
routes_json() {
    case $1 in
        IS-CA) echo '[{"authority": "FI-CA", "via": "NO-CA"}]' ;;
        FI-CA) echo '[{"authority": "IS-CA", "via": "NO-CA"}]' ;;
        *) echo '[]' ;;
    esac
}
relay_json() {
    [ "$1" = NO-CA ] && echo '[{"from": "IS-CA", "to": "FI-CA"}, {"from": "FI-CA", "to": "IS-CA"}]' || echo '[]'
}
for node in "${nodes[@]}"; do
    cat > "$work/$node.json" <<EOF
{
  "authority": "$node",
  "keys": "$node/keys",
  "data": "$node/data",
  "schemas": "$repo/Schemas",
  "peerListener": {
    "host": "127.0.0.1", "port": ${peer_port[$node]},
    "certificate": "pki/$node.crt.pem", "privateKey": "pki/$node.key.pem", "caBundle": "pki/ca.pem"
  },
  "localListener": {"host": "127.0.0.1", "port": ${local_port[$node]}, "tokens": [$caseworker_entry, $operator_entry]},
  "peers": $(peers_json "$node"),
  "routes": $(routes_json "$node"),
  "relay": $(relay_json "$node"),
  "delivery": {"retryBase": "1s", "retryMax": "5s", "pollInterval": "1s"},
  "tlsReload": "1s",
  "directoryRefresh": "1h"
}
EOF
done
note "configurations: $work/<ID>.json (see docs/configuration.md)"

step "The six gateways start on loopback ports ${base}-$((base + 11))"
for node in "${nodes[@]}"; do
    "$nordgate" serve --config "$work/$node.json" --log-level notice > "$work/$node.log" 2>&1 &
    pids+=($!)
done
for node in "${nodes[@]}"; do
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:${local_port[$node]}/health" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:${local_port[$node]}/health" >/dev/null || { echo "$node did not start:"; cat "$work/$node.log"; exit 1; }
    note "$node up: peers on :${peer_port[$node]} (mutual TLS), case systems on :${local_port[$node]}"
done

export NORDGATE_TOKEN="$(cat "$work/caseworker.token")"
record="$repo/Schemas/examples/central-authority/locate-child-request/valid-identified-child.json"

step "NO-CA's caseworker submits a request to locate a missing child (synthetic record) to DK-CA"
grep -E '"(caseReference|givenNames|familyName|dateOfBirth|ageStatus)"' "$record" | sed 's/^/   /'
out=$("$nordgate" send --config "$work/NO-CA.json" --to DK-CA --type central-authority.locate-child-request.v1 --wait 20 "$record")
id=$(echo "$out" | sed -n "1,1p" | awk '{print $1}')
note "message $id: validated, pseudonymised per policy, sealed to DK-CA's key, stored, delivered"

step "On the wire: a signed envelope whose payload is ciphertext; only DK-CA's key opens it"
curl -fsS -H "Authorization: Bearer $NORDGATE_TOKEN" "http://127.0.0.1:${local_port[NO-CA]}/v1/outbox/$id?include=envelope" \
    | grep -o '"envelope":{.*' | sed -E 's/"ciphertext":"(.{60})[^"]*"/"ciphertext":"\1..."/; s/"sealedKey":"(.{20})[^"]*"/"sealedKey":"\1..."/; s/"signature":"(.{20})[^"]*"/"signature":"\1..."/g' \
    | fold -w 110 | sed -n '1,8p' | sed 's/^/   /'

step "DK-CA's signed receipt is back at NO-CA, checked with DK-CA's descriptor and kept as proof"
echo "$out" | sed -n '/"receipt"/,/}/p' | sed 's/^/   /'

step "DK-CA's caseworker lists the inbox and opens the message with DK-CA's key"
"$nordgate" inbox list --config "$work/DK-CA.json" | sed 's/^/   /'
"$nordgate" inbox show --config "$work/DK-CA.json" "$id" | grep -E '"(id|from|type|caseReference|givenNames|familyName|ageStatus)"' | sed 's/^/   /'
"$nordgate" inbox ack --config "$work/DK-CA.json" "$id" | sed 's/^/   /'

step "NO-POL sends DK-POL a trafficking intelligence report; phones, e-mails and documents become pseudonyms"
report="$repo/Schemas/examples/police/trafficking-intelligence-report/valid-minor-victim-with-route.json"
note "as submitted at NO-POL:"
grep -E '"phones"|"\+4|"emails"|@example' "$report" | sed -n "1,4p" | sed 's/^/     /'
out=$("$nordgate" send --config "$work/NO-POL.json" --to DK-POL --type police.trafficking-intelligence-report.v1 --wait 20 "$report")
pid_id=$(echo "$out" | sed -n "1,1p" | awk '{print $1}')
note "as DK-POL's analyst sees it (the originals stay in NO-POL's vault):"
"$nordgate" inbox show --config "$work/DK-POL.json" "$pid_id" | grep -E 'psn:' | sed -n "1,4p" | sed 's/^/     /'

step "IS-CA reaches FI-CA through NO-CA, which stores and forwards the envelope but holds no key for it"
is_record="$work/is-record.json"
sed 's/"NO-CA"/"IS-CA"/' "$record" > "$is_record"
out=$("$nordgate" send --config "$work/IS-CA.json" --to FI-CA --type central-authority.locate-child-request.v1 --wait 20 "$is_record")
relay_id=$(echo "$out" | sed -n "1,1p" | awk '{print $1}')
echo "$out" | grep -E '"status"|"relayedTo"|"from"' | sed -n "1,3p" | sed 's/^/   relay receipt: /'
final=""
for _ in $(seq 1 100); do
    final=$(curl -fsS -H "Authorization: Bearer $NORDGATE_TOKEN" "http://127.0.0.1:${local_port[IS-CA]}/v1/outbox/$relay_id" | grep -o '"finalReceipt":{[^}]*}' || true)
    [ -n "$final" ] && break
    sleep 0.2
done
[ -n "$final" ] || { echo "no final receipt from FI-CA"; exit 1; }
note "final receipt from FI-CA, fetched back through NO-CA: $(echo "$final" | grep -o '"from":"[A-Z-]*"'), $(echo "$final" | grep -o '"status":"[a-z]*"')"
"$nordgate" inbox list --config "$work/FI-CA.json" | sed 's/^/   FI-CA inbox: /'
note "NO-CA's own inbox stays empty: $("$nordgate" inbox list --config "$work/NO-CA.json" | wc -l) messages"

step "DK-CA rotates its encryption key while running; NO-CA refreshes DK-CA's descriptor; no restart"
old_key=$(curl -fsS -H "Authorization: Bearer $NORDGATE_TOKEN" "http://127.0.0.1:${local_port[NO-CA]}/v1/outbox/$id" | grep -o '"encryptionKeys":\["[^"]*"' | cut -d'"' -f4)
"$nordgate" keys rotate --keys "$work/DK-CA/keys" --kind encryption --grace 30d | sed 's/^/   /'
NORDGATE_TOKEN="$(cat "$work/operator.token")" "$nordgate" peers refresh --config "$work/NO-CA.json" | sed 's/^/   NO-CA refresh: /'
out=$("$nordgate" send --config "$work/NO-CA.json" --to DK-CA --type central-authority.locate-child-request.v1 --wait 20 "$record")
new_id=$(echo "$out" | sed -n "1,1p" | awk '{print $1}')
new_key=$(curl -fsS -H "Authorization: Bearer $NORDGATE_TOKEN" "http://127.0.0.1:${local_port[NO-CA]}/v1/outbox/$new_id" | grep -o '"encryptionKeys":\["[^"]*"' | cut -d'"' -f4)
note "first message sealed to $old_key, the next to $new_key"
[ "$old_key" != "$new_key" ] || { echo "the new key was not used"; exit 1; }
"$nordgate" inbox show --config "$work/DK-CA.json" "$new_id" | grep -E '"caseReference"' | sed 's/^/   DK-CA opens it: /'

step "The gateways stop gracefully (SIGTERM): requests in flight finish, nothing accepted is lost"
for pid in "${pids[@]}"; do kill -TERM "$pid"; done
for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    wait "$pid" || { echo "a gateway did not stop cleanly"; exit 1; }
done
pids=()
note "all six stopped"

step "Each gateway's hash-chained, signed audit log verifies"
for node in "${nodes[@]}"; do
    printf '   %-7s ' "$node"
    "$nordgate" audit verify --data "$work/$node/data" --keys "$work/$node/keys"
done

step "NO-CA's operator view: queues per next hop, dead letters, what expires within the warning window"
"$nordgate" status --config "$work/NO-CA.json" | sed 's/^/   /'

step "Done: delivered with signed receipts, pseudonymised per policy, relayed blind, rotated live, audited"
