// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the main build never pulls in the benchmark harness.
// Run them from this folder: `swift package benchmark` (see docs/benchmarks.md).
let package = Package(
    name: "nordgate-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "nordgate", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "SodiumBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Sodium", package: "nordgate"),
            ],
            path: "Benchmarks/SodiumBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "JSONSchemaBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "JSONSchema", package: "nordgate"),
            ],
            path: "Benchmarks/JSONSchemaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EnvelopeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NordgateCore", package: "nordgate"),
                .product(name: "Sodium", package: "nordgate"),
            ],
            path: "Benchmarks/EnvelopeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PrivacyBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "JSONSchema", package: "nordgate"),
                .product(name: "NordgateCore", package: "nordgate"),
                .product(name: "Sodium", package: "nordgate"),
            ],
            path: "Benchmarks/PrivacyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a package-benchmark target: a load driver for two gateway processes (Benchmarks/scripts/relay-bench.sh).
        .executableTarget(
            name: "RelayLoad",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JSONSchema", package: "nordgate"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NordgateCore", package: "nordgate"),
                .product(name: "NordgateServer", package: "nordgate"),
                .product(name: "Sodium", package: "nordgate"),
            ],
            path: "Benchmarks/RelayLoad"
        ),
    ]
)
