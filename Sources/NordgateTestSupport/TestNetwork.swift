import Foundation
public import JSONSchema
public import Logging
import NordgateCore
public import NordgateServer
import Sodium
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

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
    public private(set) var nodes: [String: Node] = [:]

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
        let links = links ?? authorities.enumerated().flatMap { i, a in authorities.dropFirst(i + 1).map { (a, $0) } }
        var ports: [String: (Int, Int)] = [:]
        for authority in authorities { ports[authority] = (try Self.freePort(), try Self.freePort()) }
        var keyrings: [String: Keyring] = [:]
        for authority in authorities { keyrings[authority] = try TestKeyrings.make(authority, in: folder) }
        // Every gateway trusts every other's descriptor (relays verify signatures of those they relay for).
        for authority in authorities {
            try PeerDirectory.modify(keyrings[authority]!.folder, passphrase: TestKeyrings.passphrase) { directory, _ in
                for other in authorities where other != authority {
                    _ = try directory.importDescriptor(
                        try PublicDescriptor.make(from: keyrings[other]!), trustNew: true, ownAuthority: authority)
                }
            }
        }
        for authority in authorities {
            let tls = try pki.files(for: authority)
            let peers: [JSONValue] = links.compactMap { pair -> String? in
                pair.0 == authority ? pair.1 : pair.1 == authority ? pair.0 : nil
            }.map { peer in
                ["authority": .string(peer), "url": .string("https://127.0.0.1:\(ports[peer]!.0)")]
            }
            var config: [String: JSONValue] = [
                "authority": .string(authority),
                "keys": .string(keyrings[authority]!.folder),
                "data": .string(folder.appending("\(authority)-data")),
                "schemas": .string(RepositoryPaths.schemas()),
                "peerListener": [
                    "host": "127.0.0.1", "port": .number(JSONNumber(ports[authority]!.0)),
                    "certificate": .string(tls.certificate), "privateKey": .string(tls.privateKey),
                    "caBundle": .string(tls.caBundle), "http2": .bool(http2),
                ],
                "localListener": [
                    "host": "127.0.0.1", "port": .number(JSONNumber(ports[authority]!.1)),
                    "tokens": .array(Self.tokens.sorted { $0.key.rawValue < $1.key.rawValue }.map { role, token in
                        TokenEntry(name: "test-\(role.rawValue)", role: role, hash: TokenEntry.hash(of: token)).json
                    }),
                ],
                "peers": .array(peers),
                "routes": .array(routes.filter { $0.0 == authority }.map { ["authority": .string($0.1), "via": .string($0.2)] }),
                "relay": .array(relay.filter { $0.0 == authority }.map { ["from": .string($0.1), "to": .string($0.2)] }),
                "delivery": ["retryBase": "1s", "retryMax": "2s", "pollInterval": "1s"],
            ]
            for (key, value) in settings { config[key] = value }
            let path = folder.appending("\(authority).json")
            var object = JSONObject()
            for (key, value) in config.sorted(by: { $0.key < $1.key }) { object[key] = value }
            try Data(JSONValue.object(object).serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: path))
            nodes[authority] = Node(
                authority: authority, configurationPath: path, peerPort: ports[authority]!.0,
                localPort: ports[authority]!.1, keysFolder: keyrings[authority]!.folder,
                dataFolder: folder.appending("\(authority)-data"), tls: tls)
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
        try await withThrowingTaskGroup(of: T?.self) { group in
            for server in servers {
                group.addTask {
                    try await server.run(gracefulShutdownSignals: [])
                    return nil
                }
            }
            // Wait until every listener is bound.
            for server in servers {
                var tries = 0
                while server.peerPort == nil || server.localPort == nil {
                    tries += 1
                    guard tries < 1_000 else { throw CocoaError(.featureUnsupported) }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            for server in servers { await server.shutdown() }
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// The next port to try, shared by every network in this test process. Ports are handed out
    /// below Linux's ephemeral range (32768 and up), so an outgoing connection made by another
    /// test cannot take a port between the moment it is chosen and the moment a server binds it.
    private static let nextPort = Mutex(20_000 + Int.random(in: 0..<8_000))

    /// A TCP port on 127.0.0.1 that no other test of this process was given and that was free a moment ago.
    static func freePort() throws -> Int {
        for _ in 0..<2_000 {
            let port = nextPort.withLock { next in
                defer { next = next >= 32_000 ? 20_000 : next + 1 }
                return next
            }
            if canBind(port) { return port }
        }
        throw CocoaError(.fileWriteUnknown)
    }

    private static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }
}
