#!/usr/bin/env bash
# Compares the JSONSchema validator with Python's jsonschema and jsonschema-rs on the same schema and instances.
#
# 1. Runs the ordo-one benchmark target JSONSchemaBenchmarks (release build), which also exports the case-record
#    schema and its 10,000 instances to a temporary folder.
# 2. Installs jsonschema and jsonschema-rs into a virtual environment under $TMPDIR (default /tmp) and measures them
#    on the exported files (json.loads + is_valid per instance) with python_validators.py.
# 3. Prints instances per second (from wall-clock and from CPU time: on a busy machine CPU time is the fairer
#    comparison), peak memory, allocations per instance, and our rate as a multiple of each peer.
#
# Usage: Benchmarks/scripts/validator-bench.sh        (from anywhere; needs network access to PyPI for step 2)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${TMPDIR:-/tmp}/nordgate-validator-bench"
VENV="$WORK/venv"
# shellcheck source=bench-common.sh
source "$SCRIPT_DIR/bench-common.sh"
bench_prepare "$WORK"

echo "== Swift (ordo-one benchmark, release) =="
JSONSCHEMA_BENCH_EXPORT="$CORPUS" swift package --package-path "$PACKAGE/Benchmarks" \
    --scratch-path "$WORK/build" --allow-writing-to-directory "$RESULTS" \
    benchmark --target JSONSchemaBenchmarks --format jmh --path "$RESULTS" --no-progress

echo "== Python peers =="
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install --quiet --upgrade jsonschema jsonschema-rs
"$VENV/bin/python" "$SCRIPT_DIR/python_validators.py" "$CORPUS" --rounds 3 > "$RESULTS/python.jsonl"
cat "$RESULTS/python.jsonl"

echo "== Summary =="
PYTHONPATH="$SCRIPT_DIR" python3 - "$RESULTS" <<'PY'
import json, os, sys
import jmh_results
results = sys.argv[1]
swift = {}
for name, metrics in jmh_results.benchmarks(results, "JSONSchemaBenchmarks").items():
    labels = {"wall": "Time (wall clock)", "cpu": "Time (total CPU)", "peak": "Memory (resident peak)",
              "mallocs": "Malloc (total)"}
    swift[name] = {key: metrics.get(label, {}).get("p50") for key, label in labels.items()}
# Times are in seconds per iteration; one iteration handles 10,000 instances.
def rate(seconds):
    return 10_000 / seconds if seconds else None
peers = [json.loads(line) for line in open(os.path.join(results, "python.jsonl"))]
print(f"{'':7}{'benchmark':<56}{'wall inst/s':>12}{'CPU inst/s':>12}{'peak MB':>9}{'mallocs/inst':>14}")
for name, row in sorted(swift.items()):
    wall, cpu = rate(row.get("wall")), rate(row.get("cpu"))
    peak = row.get("peak")
    mallocs = row.get("mallocs")
    print(f"Swift  {name:<56}{wall or 0:>12,.0f}{cpu or 0:>12,.0f}{(peak or 0) / 1e6:>9.0f}{(mallocs or 0) / 10_000:>14.1f}")
for peer in peers:
    print(f"Python {peer['peer']:<56}{peer['rate']:>12,.0f}{peer['cpu_rate']:>12,.0f}{peer['peak_rss_mb']:>9.0f}")
for label in ("parse + isValid", "parse into JSONValue + isValid"):
    ours = next((row for name, row in swift.items() if name.endswith(": " + label)), None)
    if not ours:
        continue
    for peer in peers:
        print(f"{label} vs {peer['peer']}: {rate(ours['wall']) / peer['rate']:.2f}x (wall clock), "
              f"{rate(ours['cpu']) / peer['cpu_rate']:.2f}x (CPU time)")
PY
echo "Peak memory of the Swift runs is the whole process, including the 10,000-instance corpus held in memory."
