import Foundation
public import JSONSchema
import NordgateCore
public import Sodium
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Gateways on one machine's loopback, for the demo and the tests: a keyring per authority,
/// every descriptor imported by every other gateway, and a configuration file per gateway on
/// its own pair of ports. Nothing runs until servers are built from the configuration files.
public struct LoopbackNetwork: Sendable {
    /// The TLS files of one gateway.
    public struct TLSFiles: Sendable {
        public let certificate: String
        public let privateKey: String
        public let caBundle: String

        /// Names the files.
        public init(certificate: String, privateKey: String, caBundle: String) {
            self.certificate = certificate
            self.privateKey = privateKey
            self.caBundle = caBundle
        }
    }

    /// One gateway of the network.
    public struct Node: Sendable {
        public let authority: String
        public let configurationPath: String
        public let peerPort: Int
        public let localPort: Int
        public let keysFolder: String
        public let dataFolder: String
        public let tls: TLSFiles
    }

    /// What the network is made of.
    public struct Plan: Sendable {
        /// The gateways.
        public var authorities: [String]
        /// Pairs that are direct peers (`nil`: everyone with everyone).
        public var links: [(String, String)]?
        /// `(at, authority, via)`: at gateway `at`, `authority` is reached through `via`.
        public var routes: [(String, String, String)] = []
        /// `(at, from, to)`: gateway `at` relays envelopes from `from` to `to`.
        public var relay: [(String, String, String)] = []
        /// Extra top-level configuration members for every gateway (they replace the defaults).
        public var settings: [String: JSONValue] = [:]
        /// Offer HTTP/2 on the peer listeners.
        public var http2 = false
        /// The local API's bearer tokens, valid on every gateway.
        public var tokens: [TokenEntry] = []

        /// A plan for `authorities`, all linked with each other.
        public init(authorities: [String], links: [(String, String)]? = nil) {
            self.authorities = authorities
            self.links = links
        }
    }

    /// The gateways by authority.
    public let nodes: [String: Node]

    /// Makes keyrings, exchanges descriptors and writes a configuration per gateway in `folder`.
    /// - Parameters:
    ///   - plan: the gateways, links, routes and relays.
    ///   - folder: an existing private folder (mode 0700) that receives everything.
    ///   - schemas: the message-schema folder the gateways load.
    ///   - passphrase: the passphrase of every keyring.
    ///   - cost: the keyrings' Argon2id cost.
    ///   - tlsFiles: writes (or finds) the TLS files for an authority.
    /// - Throws: ``KeyringError`` or a file error.
    public init(
        plan: Plan, folder: String, schemas: String, passphrase: SecretBytes, cost: PasswordHash.Cost,
        tlsFiles: (String) throws -> TLSFiles
    ) throws {
        let authorities = plan.authorities
        let links = plan.links ?? authorities.enumerated().flatMap { i, a in authorities.dropFirst(i + 1).map { (a, $0) } }
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        var ports: [String: (peer: Int, local: Int)] = [:]
        for authority in authorities { ports[authority] = (try Self.freePort(), try Self.freePort()) }
        var keyrings: [String: Keyring] = [:]
        for authority in authorities {
            keyrings[authority] = try Keyring.create(
                in: path("\(authority)-keys"), authority: authority, passphrase: passphrase, cost: cost)
        }
        // Every gateway trusts every other's descriptor (a relay verifies the signatures of those it relays for).
        for authority in authorities {
            try PeerDirectory.modify(path("\(authority)-keys"), passphrase: passphrase) { directory, _ in
                for other in authorities where other != authority {
                    _ = try directory.importDescriptor(
                        try PublicDescriptor.make(from: keyrings[other]!), trustNew: true, ownAuthority: authority)
                }
            }
        }
        var nodes: [String: Node] = [:]
        for authority in authorities {
            let tls = try tlsFiles(authority)
            let peers: [JSONValue] = links.compactMap { pair -> String? in
                pair.0 == authority ? pair.1 : pair.1 == authority ? pair.0 : nil
            }.map { peer in
                ["authority": .string(peer), "url": .string("https://127.0.0.1:\(ports[peer]!.peer)")]
            }
            var config: [String: JSONValue] = [
                "authority": .string(authority),
                "keys": .string(path("\(authority)-keys")),
                "data": .string(path("\(authority)-data")),
                "schemas": .string(schemas),
                "peerListener": [
                    "host": "127.0.0.1", "port": .number(JSONNumber(ports[authority]!.peer)),
                    "certificate": .string(tls.certificate), "privateKey": .string(tls.privateKey),
                    "caBundle": .string(tls.caBundle), "http2": .bool(plan.http2),
                ],
                "localListener": [
                    "host": "127.0.0.1", "port": .number(JSONNumber(ports[authority]!.local)),
                    "tokens": .array(plan.tokens.map(\.json)),
                ],
                "peers": .array(peers),
                "routes": .array(
                    plan.routes.filter { $0.0 == authority }.map { ["authority": .string($0.1), "via": .string($0.2)] }),
                "relay": .array(plan.relay.filter { $0.0 == authority }.map { ["from": .string($0.1), "to": .string($0.2)] }),
                "delivery": ["retryBase": "1s", "retryMax": "2s", "pollInterval": "1s"],
            ]
            for (key, value) in plan.settings { config[key] = value }
            var object = JSONObject()
            for (key, value) in config.sorted(by: { $0.key < $1.key }) { object[key] = value }
            let configurationPath = path("\(authority).json")
            try Data(JSONValue.object(object).serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: configurationPath))
            nodes[authority] = Node(
                authority: authority, configurationPath: configurationPath, peerPort: ports[authority]!.peer,
                localPort: ports[authority]!.local, keysFolder: path("\(authority)-keys"),
                dataFolder: path("\(authority)-data"), tls: tls)
        }
        self.nodes = nodes
    }

    /// Runs `servers` until `body` returns, then shuts them down gracefully and waits for them.
    /// - Throws: what `body` throws, or what a server's run threw.
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
            let result: Result<T, any Error>
            do {
                try await waitUntilListening(servers)
                result = .success(try await body())
            } catch { result = .failure(error) }
            for server in servers { await server.shutdown() }
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// Waits (at most about ten seconds) until every server's two listeners are bound.
    private static func waitUntilListening(_ servers: [GatewayServer]) async throws {
        for server in servers {
            var tries = 0
            while server.peerPort == nil || server.localPort == nil {
                tries += 1
                guard tries < 1_000 else { throw LoopbackNetworkError.notListening }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    // MARK: - Ports

    /// The next port to try, shared by every network of this process. Ports are handed out
    /// below Linux's ephemeral range (32768 and up), so an outgoing connection cannot take a
    /// port between the moment it is chosen and the moment a server binds it.
    private static let nextPort = Mutex(20_000 + Int.random(in: 0..<8_000))

    /// A TCP port on 127.0.0.1 that no other network of this process was given and that was free a moment ago.
    static func freePort() throws -> Int {
        for _ in 0..<2_000 {
            let port = nextPort.withLock { next in
                defer { next = next >= 32_000 ? 20_000 : next + 1 }
                return next
            }
            if canBind(port) { return port }
        }
        throw LoopbackNetworkError.noFreePort
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

/// Why a loopback network could not be set up or started.
public enum LoopbackNetworkError: Error, CustomStringConvertible {
    /// No port between 20000 and 32000 could be bound on 127.0.0.1.
    case noFreePort
    /// A gateway's listeners were not bound within about ten seconds.
    case notListening

    public var description: String {
        switch self {
        case .noFreePort: "no free port between 20000 and 32000 on 127.0.0.1; stop what holds them and retry"
        case .notListening: "a gateway did not start listening within ten seconds; see its log"
        }
    }
}
