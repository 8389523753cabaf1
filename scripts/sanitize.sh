#!/usr/bin/env bash
# Runs the whole test suite under a sanitizer, in its own build folder:
#
#   bash scripts/sanitize.sh address    # AddressSanitizer and LeakSanitizer, in .build-asan
#   bash scripts/sanitize.sh thread     # ThreadSanitizer, in .build-tsan
#
# Extra arguments go to `swift test` (e.g. --filter EnvelopeTests). Suppressions for known false
# positives in dependencies (never in our code) are in scripts/sanitizers/, each with its reason.
# A first build takes 15 to 25 minutes on two cores. Reports go to files in <build folder>/sanitizer-reports,
# from the test process and from every `nordgate serve` the tests start (whose stderr the tests discard), and
# are printed at the end; any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-}"
case "$kind" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan ;;
    *)
        echo "usage: scripts/sanitize.sh address|thread [swift test arguments]" >&2
        exit 2
        ;;
esac
shift
bash scripts/setup.sh
suppressions="$PWD/scripts/sanitizers"
reports="$PWD/$scratch/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:log_path=$reports/asan:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export TSAN_OPTIONS="suppressions=$suppressions/tsan.supp:halt_on_error=0:exitcode=66:log_path=$reports/tsan:${TSAN_OPTIONS:-}"
swift build --build-tests --sanitize="$kind" --scratch-path "$scratch"
status=0
swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" "$@" || status=$?
if [ -n "$(ls -A "$reports")" ]; then
    for report in "$reports"/*; do
        echo "== $report"
        cat "$report"
    done
    echo "sanitizer reports: $(ls "$reports" | wc -l) (above)" >&2
    exit 1
fi
exit "$status"
