import Foundation
import NordgateServer
import NordgateTestSupport
import Testing

/// `docs/openapi.yaml` and the routers describe the same endpoints, both ways.
struct OpenAPITests {
    /// `(listener, METHOD, path)` from the document: paths at two spaces, methods at four,
    /// the listener from the operation's `tags`.
    static func documented() throws -> Set<String> {
        let path = RepositoryPaths.root() + "/docs/openapi.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: Set<String> = []
        var inPaths = false
        var currentPath: String?
        var currentMethod: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if !line.hasPrefix(" "), !line.isEmpty { inPaths = false }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                currentMethod = String(line.dropFirst(4).dropLast()).uppercased()
            } else if line.hasPrefix("      tags: ["), let path = currentPath, let method = currentMethod {
                let tags = line.dropFirst("      tags: [".count).dropLast().split(separator: ",")
                for tag in tags { result.insert("\(tag.trimmingCharacters(in: .whitespaces)) \(method) \(path)") }
            }
        }
        return result
    }

    @Test func documentMatchesTheRoutersBothWays() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let server = try network.server("NO-CA")
        let routed = Set(server.routeTable().map { "\($0.listener) \($0.method) \($0.path)" })
        let documented = try Self.documented()
        #expect(documented.count > 10)
        #expect(routed.subtracting(documented).isEmpty, "routes missing from docs/openapi.yaml")
        #expect(documented.subtracting(routed).isEmpty, "documented endpoints without a route")
    }
}
