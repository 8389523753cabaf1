#!/usr/bin/env bash
# Compares Nordgate's RecordPseudonymiser with a Python baseline doing the same work on the same records.
#
# 1. Runs the ordo-one benchmark target PrivacyBenchmarks (release build), which also exports the schema, the
#    10,000 synthetic records and the pseudonym key to a temporary folder.
# 2. Runs pseudonymise_baseline.py (Python standard library only) on the exported files.
# 3. Prints records per second, peak memory, and our rate as a multiple of Python's.
#
# Usage: Benchmarks/scripts/pseudonymise-bench.sh      (from anywhere; no network needed)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${TMPDIR:-/tmp}/nordgate-pseudonymise-bench"
# shellcheck source=bench-common.sh
source "$SCRIPT_DIR/bench-common.sh"
bench_prepare "$WORK"

echo "== Swift (ordo-one benchmark, release) =="
PSEUDONYMISE_BENCH_EXPORT="$CORPUS" swift package --package-path "$PACKAGE/Benchmarks" \
    --scratch-path "$WORK/build" --allow-writing-to-directory "$RESULTS" \
    benchmark --target PrivacyBenchmarks --format jmh --path "$RESULTS" --no-progress
swift package --package-path "$PACKAGE/Benchmarks" --scratch-path "$WORK/build" \
    benchmark --target PrivacyBenchmarks --no-progress 2>/dev/null > "$RESULTS/table.txt" || true
cat "$RESULTS/table.txt"

echo "== Python baseline =="
python3 "$SCRIPT_DIR/pseudonymise_baseline.py" "$CORPUS" --rounds 3 > "$RESULTS/python.json"

echo "== Summary =="
PYTHONPATH="$SCRIPT_DIR" python3 - "$RESULTS" <<'PY'
import json, os, sys
import jmh_results
results = sys.argv[1]
rows = {}
for name, metrics in jmh_results.benchmarks(results, "PrivacyBenchmarks").items():
    # Scaling factor kilo: one iteration is 1,000 records, and the throughput score is in thousands per second.
    wall = 1000 * metrics["primary"]["score"]
    cpu = metrics.get("Time (total CPU)", {}).get("score")
    peak = metrics.get("Memory (resident peak)", {}).get("score")
    rows[name] = (wall, 1000 / cpu if cpu else None, peak)
python = json.load(open(os.path.join(results, "python.json")))
ours = None
for name, (wall, cpu, peak) in sorted(rows.items()):
    extra = f", {cpu:,.0f} per CPU-second" if cpu else ""
    memory = f", peak resident {peak / 1e6:.0f} MB" if peak else ""
    print(f"Swift  {name}: {wall:,.0f} records/s{extra}{memory}")
    if name.startswith("Pseudonymise"):
        ours = (wall, cpu)
print(f"Python {python['peer']}: {python['rate']:,.0f} records/s, {python['cpu_rate']:,.0f} per CPU-second, "
      f"peak RSS {python['peak_rss_mb']} MB")
if ours:
    print(f"Our rate is {ours[0] / python['rate']:.1f}x the Python baseline's (wall clock)"
          + (f", {ours[1] / python['cpu_rate']:.1f}x per CPU-second." if ours[1] else "."))
PY
echo "(Peak memory of the Swift run: 'Memory (resident peak)' in the table above.)"
