import Foundation
import NordgateTestSupport
import Testing

/// The fuzz package (`Fuzz/Package.swift`) compiles `Sources/NordgateServer` as a module of its own
/// package, where `package` declarations of the root package's other modules are out of reach. So the
/// server's sources may use only their public API, or `scripts/fuzz.sh` stops building the
/// `FuzzConfig` and `FuzzPeerBody` targets (which CI does not build).
///
/// The check covers top-level `package` types; a `package` member of a public type is not caught.
@Suite struct ServerModuleBoundaryTests {
    @Test func theServerNamesNoPackageOnlyTypeOfAnotherModule() throws {
        let declaration = /^package\s+(?:final\s+)?(?:class|struct|enum|actor|protocol|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)/
        var packageTypes: Set<String> = []
        for module in ["JSONSchema", "NordgateCore", "Sodium"] {
            for text in try RepositoryPaths.swiftSources(under: "Sources/\(module)").map(\.text) {
                for line in text.split(separator: "\n") {
                    if let match = line.firstMatch(of: declaration) { packageTypes.insert(String(match.1)) }
                }
            }
        }
        #expect(packageTypes.contains("SecureFile"), "the scan found none of the known package types")
        // Simple word boundaries: Unicode's would not break between `Name` and `.member`.
        let uses = try packageTypes.map { ($0, try Regex("\\b\($0)\\b").wordBoundaryKind(.simple)) }
        for (path, text) in try RepositoryPaths.swiftSources(under: "Sources/NordgateServer") {
            let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            for line in code {
                for (name, use) in uses where line.contains(use) {
                    Issue.record("\(path) uses \(name), which is package-only in its module; make it public")
                }
            }
        }
    }
}
