# Shared by the benchmark scripts (source it; it defines functions only).

# bench_prepare WORK: makes WORK/corpus (empty), WORK/results (empty) and a copy of the checkout in
# WORK/src/nordgate, so that build products and Package.resolved never land in the checkout.
# Sets REPO, CORPUS, RESULTS and PACKAGE.
bench_prepare() {
    local work="$1"
    REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    CORPUS="$work/corpus"
    RESULTS="$work/results"
    PACKAGE="$work/src/nordgate"
    mkdir -p "$work"
    rm -rf "$CORPUS" "$RESULTS" "$PACKAGE"
    mkdir -p "$RESULTS" "$PACKAGE"
    # Every build folder (.build, and the sanitizers' .build-asan and .build-tsan) stays behind.
    tar -C "$REPO" --exclude='./.build*' --exclude='./Benchmarks/.build*' --exclude=./.git --exclude=./.swiftpm -cf - . |
        tar -C "$PACKAGE" -xf -
    # tar keeps the manifests' times, and SwiftPM re-reads a package's file list only when a manifest is newer than its
    # last build: without this, a source file added since then is missing from the build.
    touch "$PACKAGE/Package.swift" "$PACKAGE/Benchmarks/Package.swift"
}
