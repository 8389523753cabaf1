import Foundation
public import JSONSchema
public import Logging
import NordgateCore
public import NordgateServer
import Sodium

/// Gateways for server tests: keyrings (cheapest KDF), a test PKI, descriptors exchanged, a
/// configuration per gateway on free loopback ports, and bearer tokens for each role.
public final class TestNetwork: @unchecked Sendable {
    // @unchecked: every member is set in init and never changed; the servers are Sendable.

    /// One gateway of the network.
    public struct Node: Sendable {
        public let authority: String
        public let configurationPath: String
        public let peerPort: Int
        public let localPort: Int
        public let keysFolder: String
        public let dataFolder: String
        public let tls: TestPKI.Files
    }

    /// Bearer tokens valid on every node.
    public static let tokens: [Role: String] = [
        .caseworker: caseworkerToken, .operator: "test-token-operator", .auditor: "test-token-auditor",
    ]
    /// The caseworker's token (for tests that do not import `NordgateServer`).
    public static let caseworkerToken = "test-token-caseworker"

    public let folder: TemporaryFolder
    public let pki: TestPKI
    public let nodes: [String: Node]

    /// Makes the network.
    /// - Parameters:
    ///   - authorities: the gateways.
    ///   - links: pairs that are direct peers (default: everyone with everyone).
    ///   - routes: `(at, authority, via)`: at gateway `at`, `authority` is reached through `via`.
    ///   - relay: `(at, from, to)`: gateway `at` relays envelopes from `from` to `to`.
    ///   - settings: extra top-level configuration members for every node (e.g. `delivery`).
    ///   - http2: offer HTTP/2 on the peer listeners.
    public init(
        authorities: [String], links: [(String, String)]? = nil, routes: [(String, String, String)] = [],
        relay: [(String, String, String)] = [], settings: [String: JSONValue] = [:], http2: Bool = false
    ) throws {
        folder = try TemporaryFolder(prefix: "nordgate-net")
        pki = try TestPKI(folder: folder)
        var plan = LoopbackNetwork.Plan(authorities: authorities, links: links)
        plan.routes = routes
        plan.relay = relay
        plan.settings = settings
        plan.http2 = http2
        plan.tokens = Self.tokens.sorted { $0.key.rawValue < $1.key.rawValue }.map { role, token in
            TokenEntry(name: "test-\(role.rawValue)", role: role, hash: TokenEntry.hash(of: token))
        }
        var files: [String: TestPKI.Files] = [:]
        let pki = pki
        let network = try LoopbackNetwork(
            plan: plan, folder: folder.path, schemas: RepositoryPaths.schemas(), passphrase: TestKeyrings.passphrase,
            cost: .minimum
        ) { authority in
            let made = try pki.files(for: authority)
            files[authority] = made
            return LoopbackNetwork.TLSFiles(certificate: made.certificate, privateKey: made.privateKey, caBundle: made.caBundle)
        }
        nodes = network.nodes.mapValues { node in
            Node(
                authority: node.authority, configurationPath: node.configurationPath, peerPort: node.peerPort,
                localPort: node.localPort, keysFolder: node.keysFolder, dataFolder: node.dataFolder,
                tls: files[node.authority]!)
        }
    }

    /// The node `authority`.
    public subscript(_ authority: String) -> Node { nodes[authority]! }

    /// A server for `authority` built from its configuration file (not yet running).
    public func server(_ authority: String, logger: Logger? = nil) throws -> GatewayServer {
        let configuration = try GatewayConfiguration.load(path: self[authority].configurationPath, environment: [:])
        return try GatewayServer(
            configuration: configuration, passphrase: TestKeyrings.passphrase,
            logger: logger ?? Logger(label: "test.\(authority)", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Runs `servers` until `body` returns, then shuts them down gracefully and waits for them.
    public static func running<T: Sendable>(
        _ servers: [GatewayServer], _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await LoopbackNetwork.running(servers, body)
    }
}
