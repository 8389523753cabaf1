#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer and LeakSanitizer) and runs each for
# FUZZ_SECONDS (default 60). Fails on any crash, leak, timeout (hang), out-of-memory or sanitizer report,
# and prints the executions per target.
#
#   bash scripts/fuzz.sh                                   # every target, 60 s each
#   FUZZ_SECONDS=10 FUZZ_TARGETS="FuzzJSON FuzzSchema" bash scripts/fuzz.sh
#
# FUZZ_SEED fixes libFuzzer's random seed (CI uses 1, so its short run tries the same inputs first).
# Seeds are made at run time from the test fixtures (Fuzz/Seeds/make-seeds.py); the corpus grows in
# .build-fuzz/corpus/<target> and crashing inputs land in .build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-FuzzJSON FuzzSchema FuzzEnvelope FuzzScanner FuzzConfig FuzzPeerBody}"
scratch="${FUZZ_SCRATCH:-.build-fuzz}"
seed=()
[ -n "${FUZZ_SEED:-}" ] && seed=(-seed="$FUZZ_SEED")

# -parse-as-library: the targets define no main; libFuzzer's runtime provides it.
build=(swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
    --scratch-path "$scratch")
# ld.gold warns about every ASan-internal symbol it cannot export; nothing to act on.
for target in $targets; do "${build[@]}" --product "$target" 2>&1 | { grep -v 'Cannot export local symbol' || true; }; done
bin="$("${build[@]}" --show-bin-path)"

# Per target: the largest input, and the seconds one input may take before it counts as a hang.
max_len() {
    case "$1" in
        FuzzSchema | FuzzScanner | FuzzConfig) echo 8192 ;;
        *) echo 16384 ;;
    esac
}

mkdir -p "$scratch/artifacts"
failed=()
summary=()
for target in $targets; do
    corpus="$scratch/corpus/$target"
    seeds="$scratch/seeds/$target"
    rm -rf "$seeds"
    python3 Fuzz/Seeds/make-seeds.py "$target" "$PWD" "$seeds"
    mkdir -p "$corpus"
    log="$scratch/$target.log"
    echo "== $target: ${seconds}s"
    status=0
    ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0:${ASAN_OPTIONS:-}" \
        LSAN_OPTIONS="suppressions=$PWD/scripts/sanitizers/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}" \
        "$bin/$target" -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
        -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$target-" ${seed[@]+"${seed[@]}"} \
        "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    if [ "$status" -ne 0 ] || grep -qE '^(==[0-9]+==ERROR|SUMMARY: .*Sanitizer)' "$log"; then
        failed+=("$target")
        summary+=("$(printf '%-14s %12s executions  FAILED (exit %s, log %s)' "$target" "${runs:-?}" "$status" "$log")")
        grep -E 'ERROR|SUMMARY|Fatal error|deadly signal|Test unit written|timeout|out-of-memory' "$log" | head -20 >&2 || true
    else
        summary+=("$(printf '%-14s %12s executions  ok' "$target" "${runs:-?}")")
    fi
done

echo "== fuzzing summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
count=$(echo $targets | wc -w)
echo "fuzz: $((count - ${#failed[@]})) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in $scratch/artifacts/)" >&2
    exit 1
fi
