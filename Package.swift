// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "nordgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "nordgate", targets: ["nordgate"]),
        .library(name: "Sodium", targets: ["Sodium"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "NordgateCore", targets: ["NordgateCore"]),
        .library(name: "NordgateServer", targets: ["NordgateServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: - C
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),

        // MARK: - Core
        .target(name: "Sodium", dependencies: ["CSodium"]),
        .target(name: "JSONSchema"),
        .target(
            name: "NordgateCore",
            dependencies: [
                "JSONSchema",
                "Sodium",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Server
        .target(
            name: "NordgateServer",
            dependencies: [
                "JSONSchema",
                "NordgateCore",
                "Sodium",
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

        // MARK: - CLI
        .executableTarget(
            name: "nordgate",
            dependencies: [
                "JSONSchema",
                "NordgateCore",
                "NordgateServer",
                "Sodium",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Test support
        .target(
            name: "NordgateTestSupport",
            dependencies: [
                "JSONSchema",
                "NordgateCore",
                "NordgateServer",
                "Sodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),

        // MARK: - Tests
        .testTarget(
            name: "SodiumTests",
            dependencies: ["Sodium"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"]),
        .testTarget(
            name: "NordgateCoreTests",
            dependencies: ["NordgateCore", "NordgateTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Envelope/Vectors", "Privacy/Fixtures"]
        ),
        .testTarget(
            name: "NordgateServerTests",
            dependencies: [
                "JSONSchema",
                "NordgateCore",
                "NordgateServer",
                "NordgateTestSupport",
                "Sodium",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "nordgateTests",
            dependencies: ["NordgateTestSupport", "Sodium", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
