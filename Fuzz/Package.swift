// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets, one executable each, in their own package so the main build never carries
// fuzzing instrumentation. Build and run them with `scripts/fuzz.sh` (see Fuzz/README.md).
//
// The peer API and the configuration parser live in `NordgateServer`, whose internal entry points
// the targets need. `Sources/FuzzedNordgateServer` is therefore a symbolic link to the root
// package's `Sources/NordgateServer`, compiled here under another module name (target names must
// be unique across the package graph) with the same dependencies: keep them in step with the root
// `Package.swift`. It may use only public API of the root package's modules
// (`ServerModuleBoundaryTests` checks).
let package = Package(
    name: "nordgate-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "nordgate", path: ".."),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: - Library code under test
        .target(
            name: "FuzzedNordgateServer",
            dependencies: [
                .product(name: "JSONSchema", package: "nordgate"),
                .product(name: "NordgateCore", package: "nordgate"),
                .product(name: "Sodium", package: "nordgate"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),

        // MARK: - Fuzz targets
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzDriver", .product(name: "JSONSchema", package: "nordgate")]),
        .executableTarget(name: "FuzzSchema", dependencies: ["FuzzDriver", .product(name: "JSONSchema", package: "nordgate")]),
        .executableTarget(
            name: "FuzzEnvelope",
            dependencies: [
                "FuzzDriver",
                .product(name: "NordgateCore", package: "nordgate"),
                .product(name: "Sodium", package: "nordgate"),
            ]
        ),
        .executableTarget(name: "FuzzScanner", dependencies: ["FuzzDriver", .product(name: "NordgateCore", package: "nordgate")]),
        .executableTarget(
            name: "FuzzConfig",
            dependencies: [
                "FuzzDriver",
                "FuzzedNordgateServer",
                .product(name: "JSONSchema", package: "nordgate"),
            ]
        ),
        .executableTarget(
            name: "FuzzPeerBody",
            dependencies: [
                "FuzzDriver",
                "FuzzedNordgateServer",
                .product(name: "JSONSchema", package: "nordgate"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NordgateCore", package: "nordgate"),
                .product(name: "Sodium", package: "nordgate"),
            ]
        ),
    ]
)

for target in package.targets where target.name != "FuzzDriver" {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
