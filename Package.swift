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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
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

        // MARK: - CLI
        .executableTarget(
            name: "nordgate",
            dependencies: [
                "JSONSchema",
                "NordgateCore",
                "Sodium",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Test support
        .target(name: "NordgateTestSupport", dependencies: ["NordgateCore", "Sodium"]),

        // MARK: - Tests
        .testTarget(
            name: "SodiumTests",
            dependencies: ["Sodium"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"]),
        .testTarget(
            name: "NordgateCoreTests",
            dependencies: ["NordgateCore", "NordgateTestSupport"],
            exclude: ["Privacy/Fixtures"]
        ),
        .testTarget(name: "nordgateTests", dependencies: ["NordgateTestSupport", "Sodium"]),
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
