public import Foundation
public import JSONSchema
public import NordgateCore

/// Everything `nordgate serve` needs, read from one JSON file (`docs/configuration.md` lists
/// every key) with environment overrides for secrets and paths.
public struct GatewayConfiguration: Sendable {
    /// A TCP listener with its TLS files (peer listener only).
    public struct PeerListener: Sendable {
        /// The address to bind.
        public var host: String
        /// The TCP port (0: any free port).
        public var port: Int
        /// PEM file with this gateway's certificate (and any intermediates).
        public var certificate: String
        /// PEM file with the certificate's private key.
        public var privateKey: String
        /// PEM file with the CA certificates that peers' certificates must chain to.
        public var caBundle: String
        /// The URL peers use, published in the descriptor (default `https://host:port`).
        public var publicURL: String?
        /// Offer HTTP/2 (ALPN `h2`) besides HTTP/1.1; TLS files are then read at start only.
        public var http2 = false
    }

    /// The listener for local case systems.
    public struct LocalListener: Sendable {
        /// The address to bind (loopback by default).
        public var host: String
        /// The TCP port (0: any free port).
        public var port: Int
        /// Bearer tokens, stored as BLAKE2b-256 hashes.
        public var tokens: [TokenEntry]
    }

    /// A directly reachable peer gateway.
    public struct Peer: Sendable, Hashable {
        /// The peer's authority id.
        public var authority: String
        /// The peer listener's base URL, `https://host:port`.
        public var url: String
        /// The identity its TLS client certificate must carry: a SAN URI
        /// `urn:nordgate:authority:<id>` (the default), or `CN=<name>`.
        public var tlsIdentity: String
    }

    /// An authority reached through a peer that relays for it (and may relay from it).
    public struct Route: Sendable, Hashable {
        /// The authority reached.
        public var authority: String
        /// The peer that relays for it.
        public var via: String
    }

    /// A relay permission on this gateway: envelopes from `from` to `to` may pass through us.
    public struct RelayRule: Sendable, Hashable {
        /// The envelope's sender.
        public var from: String
        /// The envelope's recipient.
        public var to: String
    }

    /// Size and rate limits.
    public struct Limits: Sendable {
        /// The largest envelope a peer may post, in bytes; also the largest batch of envelopes.
        public var maxBodyBytes = 4 << 20
        /// Most envelopes in one `POST /v1/envelopes/batch`.
        public var maxBatchEnvelopes = 64
        /// The largest local API request, in bytes (attachments travel in it as base64).
        public var localMaxBodyBytes = 1 << 20
        /// The largest encrypted attachment a peer may upload, in bytes.
        public var maxAttachmentBytes = 32 << 20
        /// The deepest JSON nesting in a local API request.
        public var maxJSONDepth = 32
        /// Average requests per second per peer; each envelope of a batch counts as one request.
        public var peerRequestsPerSecond = 200.0
        /// Token bucket size per peer.
        public var peerBurst = 400.0
    }

    /// How the delivery worker retries.
    public struct Delivery: Sendable {
        /// The first retry delay, doubled after each failure.
        public var retryBase: TimeInterval = 1
        /// The longest retry delay.
        public var retryMax: TimeInterval = 300
        /// Each delay is multiplied by a random factor in 1 ± jitter.
        public var jitter = 0.2
        /// Messages claimed and sent concurrently per peer.
        public var batchSize = 32
        /// Failures before a message is dead; 0: until it expires.
        public var maxAttempts = 0
        /// How often an idle peer queue is checked.
        public var pollInterval: TimeInterval = 1
        /// The timeout of one delivery attempt.
        public var requestTimeout: TimeInterval = 30
        /// Envelope lifetime: `expires` − `created`.
        public var messageLifetime: TimeInterval = 7 * 86_400
    }

    /// This gateway's authority id.
    public var authority: String
    /// The keyring folder.
    public var keysFolder: String
    /// The store's folder.
    public var dataFolder: String
    /// The message schema folder.
    public var schemasFolder: String
    /// A file holding the keyring passphrase (mode 0600); else `$NORDGATE_PASSPHRASE`.
    public var passphraseFile: String?
    /// The mutual-TLS listener for peers.
    public var peerListener: PeerListener
    /// The listener for case systems and operators.
    public var localListener: LocalListener
    /// Directly reachable gateways.
    public var peers: [Peer]
    /// Authorities reached through a peer.
    public var routes: [Route]
    /// What this gateway relays for others.
    public var relay: [RelayRule]
    /// Size and rate limits.
    public var limits = Limits()
    /// Retry behaviour.
    public var delivery = Delivery()
    /// Keys and certificates expiring within this many seconds are reported.
    public var expiryWarning: TimeInterval = 30 * 86_400
    /// Seconds between descriptor refreshes.
    public var directoryRefresh: TimeInterval = 300
    /// Seconds between checks of the TLS files and the keyring.
    public var tlsReload: TimeInterval = 30
    /// Audit entries between signed checkpoints.
    public var auditCheckpointInterval = 100
    /// Policy tightening for every receiver (`policy`), and per peer (`peers[].policy`, which replaces it).
    public var policy = PolicyTightening()
    public var peerPolicies: [String: PolicyTightening] = [:]

    /// The policy tightening that applies to messages for `authority`.
    public func tightening(for authority: String) -> PolicyTightening { peerPolicies[authority] ?? policy }

    /// Reads and checks the configuration in `path`.
    /// - Parameters:
    ///   - path: the JSON file; relative paths inside it are taken from its folder.
    ///   - environment: overrides (`NORDGATE_KEYS`, `NORDGATE_DATA`, `NORDGATE_SCHEMAS`,
    ///     `NORDGATE_PASSPHRASE_FILE`, `NORDGATE_TLS_CERT`, `NORDGATE_TLS_KEY`, `NORDGATE_TLS_CA`,
    ///     `NORDGATE_TOKENS_FILE`).
    /// - Throws: ``ConfigurationError`` naming the key and the fix.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> GatewayConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "(file)", problem: "\(path) cannot be read; check the path given to --config")
        }
        let value: JSONValue
        do { value = try JSONParser.parse([UInt8](data)) } catch {
            throw ConfigurationError(key: "(file)", problem: "\(path) is not valid JSON (\(error.description))")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parse(value, base: base.isEmpty ? "." : base, environment: environment)
    }

    /// Checks a parsed configuration. See ``load(path:environment:)``.
    public static func parse(
        _ value: JSONValue, base: String, environment: [String: String]
    ) throws -> GatewayConfiguration {
        var root = try ConfigReader(value, path: "")
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : (base as NSString).appendingPathComponent(file)
        }
        func env(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        guard let authority = try root.authority("authority") else {
            throw ConfigurationError(key: "authority", problem: "is missing; set it to this gateway's authority id, e.g. \"NO-CA\"")
        }
        // Every key is read before the environment is consulted, so none counts as unknown.
        let keysSetting = try root.string("keys")
        let dataValue = try root.string("data")
        let schemasSetting = try root.string("schemas")
        let passphraseSetting = try root.string("passphraseFile")
        let keys = env("NORDGATE_KEYS") ?? resolve(keysSetting ?? "Keys")
        guard let dataSetting = env("NORDGATE_DATA") ?? dataValue.map(resolve) else {
            throw ConfigurationError(key: "data", problem: "is missing; name the folder for the store (or set NORDGATE_DATA)")
        }
        let schemas = env("NORDGATE_SCHEMAS") ?? resolve(schemasSetting ?? "Schemas")
        let passphraseFile = env("NORDGATE_PASSPHRASE_FILE") ?? passphraseSetting.map(resolve)

        guard var peerReader = try root.object("peerListener") else {
            throw ConfigurationError(key: "peerListener", problem: "is missing; give host, port, certificate, privateKey and caBundle")
        }
        let peerHost = try peerReader.string("host") ?? "127.0.0.1"
        guard let peerPort = try peerReader.int("port", range: 0...65_535) else {
            throw ConfigurationError(key: "peerListener.port", problem: "is missing; choose the TCP port peers connect to")
        }
        let certificateSetting = try peerReader.string("certificate")
        let privateKeySetting = try peerReader.string("privateKey")
        let caBundleSetting = try peerReader.string("caBundle")
        guard let certificate = env("NORDGATE_TLS_CERT") ?? certificateSetting.map(resolve) else {
            throw ConfigurationError(key: "peerListener.certificate", problem: "is missing; name the PEM file of this gateway's certificate")
        }
        guard let privateKey = env("NORDGATE_TLS_KEY") ?? privateKeySetting.map(resolve) else {
            throw ConfigurationError(key: "peerListener.privateKey", problem: "is missing; name the PEM file of the certificate's private key")
        }
        guard let caBundle = env("NORDGATE_TLS_CA") ?? caBundleSetting.map(resolve) else {
            throw ConfigurationError(key: "peerListener.caBundle", problem: "is missing; name the PEM file of the CA certificates peers chain to")
        }
        let http2 = try peerReader.bool("http2") ?? false
        let publicURL = try peerReader.string("publicURL")
        if let publicURL, URL(string: publicURL)?.scheme != "https" {
            throw ConfigurationError(key: "peerListener.publicURL", problem: "must be an https URL, e.g. https://gateway.no-ca.example:8443")
        }
        try peerReader.finish()

        guard var localReader = try root.object("localListener") else {
            throw ConfigurationError(key: "localListener", problem: "is missing; give at least a port and tokens or tokensFile")
        }
        let localHost = try localReader.string("host") ?? "127.0.0.1"
        guard let localPort = try localReader.int("port", range: 0...65_535) else {
            throw ConfigurationError(key: "localListener.port", problem: "is missing; choose the TCP port case systems connect to")
        }
        var tokens: [TokenEntry] = []
        if let items = try localReader.array("tokens") {
            for (index, item) in items.enumerated() {
                tokens.append(try TokenEntry.parse(item, path: "localListener.tokens[\(index)]"))
            }
        }
        let tokensSetting = try localReader.string("tokensFile")
        if let file = env("NORDGATE_TOKENS_FILE") ?? tokensSetting.map(resolve) {
            tokens += try TokenEntry.load(file: file, key: "localListener.tokensFile")
        }
        guard !tokens.isEmpty else {
            throw ConfigurationError(
                key: "localListener.tokens",
                problem: "no token is configured; make one with `nordgate token --name NAME --role caseworker` (see docs/configuration.md)")
        }
        try localReader.finish()

        func policy(_ file: String, key: String) throws -> PolicyTightening {
            guard let data = FileManager.default.contents(atPath: file), let value = try? JSONParser.parse([UInt8](data)) else {
                throw ConfigurationError(key: key, problem: "\(file) cannot be read as JSON; check the path")
            }
            do { return try PolicyTightening(configuration: value) } catch {
                throw ConfigurationError(key: key, problem: "\(file) is not a usable policy (\(error)); see docs/privacy.md")
            }
        }
        var peerPolicies: [String: PolicyTightening] = [:]
        var peers: [Peer] = []
        for (index, item) in (try root.array("peers") ?? []).enumerated() {
            var reader = try ConfigReader(item, path: "peers[\(index)]")
            guard let id = try reader.authority("authority") else {
                throw ConfigurationError(key: reader.key("authority"), problem: "is missing; name the peer's authority id")
            }
            let url = try reader.requiredString("url", hint: "give the peer listener's URL, e.g. https://dk.example:8443")
            guard let parsed = URL(string: url), parsed.scheme == "https", parsed.host != nil else {
                throw ConfigurationError(key: reader.key("url"), problem: "must be an https URL with a host, e.g. https://dk.example:8443")
            }
            let identity = try reader.string("tlsIdentity") ?? PeerIdentity.uri(for: id)
            if let file = try reader.string("policy") { peerPolicies[id] = try policy(resolve(file), key: reader.key("policy")) }
            try reader.finish()
            guard id != authority else {
                throw ConfigurationError(key: reader.key("authority"), problem: "is this gateway's own authority; remove the entry")
            }
            guard !peers.contains(where: { $0.authority == id }) else {
                throw ConfigurationError(key: reader.key("authority"), problem: "\(id) is listed twice; keep one entry")
            }
            peers.append(Peer(authority: id, url: url.hasSuffix("/") ? String(url.dropLast()) : url, tlsIdentity: identity))
        }
        var routes: [Route] = []
        for (index, item) in (try root.array("routes") ?? []).enumerated() {
            var reader = try ConfigReader(item, path: "routes[\(index)]")
            guard let id = try reader.authority("authority"), let via = try reader.authority("via") else {
                throw ConfigurationError(key: "routes[\(index)]", problem: "needs both \"authority\" and \"via\"")
            }
            try reader.finish()
            guard peers.contains(where: { $0.authority == via }) else {
                throw ConfigurationError(key: "routes[\(index)].via", problem: "\(via) is not in peers; add it there first")
            }
            guard !peers.contains(where: { $0.authority == id }), id != authority,
                !routes.contains(where: { $0.authority == id })
            else {
                throw ConfigurationError(
                    key: "routes[\(index)].authority", problem: "\(id) is already a direct peer, routed, or ourselves; remove the entry")
            }
            routes.append(Route(authority: id, via: via))
        }
        var relay: [RelayRule] = []
        for (index, item) in (try root.array("relay") ?? []).enumerated() {
            var reader = try ConfigReader(item, path: "relay[\(index)]")
            guard let from = try reader.authority("from"), let to = try reader.authority("to") else {
                throw ConfigurationError(key: "relay[\(index)]", problem: "needs both \"from\" and \"to\"")
            }
            try reader.finish()
            guard peers.contains(where: { $0.authority == to }) || routes.contains(where: { $0.authority == to }) else {
                throw ConfigurationError(key: "relay[\(index)].to", problem: "\(to) is neither a peer nor routed; add it to peers or routes")
            }
            guard peers.contains(where: { $0.authority == from }) || routes.contains(where: { $0.authority == from }) else {
                throw ConfigurationError(key: "relay[\(index)].from", problem: "\(from) is neither a peer nor routed; add it to peers or routes")
            }
            relay.append(RelayRule(from: from, to: to))
        }

        var configuration = GatewayConfiguration(
            authority: authority, keysFolder: keys, dataFolder: dataSetting, schemasFolder: schemas,
            passphraseFile: passphraseFile,
            peerListener: PeerListener(
                host: peerHost, port: peerPort, certificate: certificate, privateKey: privateKey, caBundle: caBundle,
                publicURL: publicURL, http2: http2),
            localListener: LocalListener(host: localHost, port: localPort, tokens: tokens),
            peers: peers, routes: routes, relay: relay)

        if var reader = try root.object("limits") {
            var limits = Limits()
            limits.maxBodyBytes = try reader.int("maxBodyBytes", range: 1024...StoreLimits.maxEnvelopeBytes) ?? limits.maxBodyBytes
            limits.maxBatchEnvelopes = try reader.int("maxBatchEnvelopes", range: 1...1024) ?? limits.maxBatchEnvelopes
            limits.localMaxBodyBytes = try reader.int("localMaxBodyBytes", range: 1024...(64 << 20)) ?? limits.localMaxBodyBytes
            limits.maxAttachmentBytes =
                try reader.int("maxAttachmentBytes", range: 1024...(1 << 32)) ?? limits.maxAttachmentBytes
            limits.maxJSONDepth = try reader.int("maxJSONDepth", range: 4...128) ?? limits.maxJSONDepth
            limits.peerRequestsPerSecond =
                try reader.double("peerRequestsPerSecond", range: 0.1...1_000_000) ?? limits.peerRequestsPerSecond
            limits.peerBurst = try reader.double("peerBurst", range: 1...1_000_000) ?? limits.peerBurst
            try reader.finish()
            configuration.limits = limits
        }
        if var reader = try root.object("delivery") {
            var delivery = Delivery()
            delivery.retryBase = try reader.duration("retryBase", minimum: 1) ?? delivery.retryBase
            delivery.retryMax = try reader.duration("retryMax", minimum: 1) ?? delivery.retryMax
            delivery.jitter = try reader.double("jitter", range: 0...1) ?? delivery.jitter
            delivery.batchSize = try reader.int("batchSize", range: 1...1_000) ?? delivery.batchSize
            delivery.maxAttempts = try reader.int("maxAttempts", range: 0...1_000_000) ?? delivery.maxAttempts
            delivery.pollInterval = try reader.duration("pollInterval", minimum: 1) ?? delivery.pollInterval
            delivery.requestTimeout = try reader.duration("requestTimeout", minimum: 1) ?? delivery.requestTimeout
            delivery.messageLifetime = try reader.duration("messageLifetime", minimum: 60) ?? delivery.messageLifetime
            guard delivery.messageLifetime <= 90 * 86_400 else {
                throw ConfigurationError(key: "delivery.messageLifetime", problem: "must be at most 90d")
            }
            guard delivery.retryMax >= delivery.retryBase else {
                throw ConfigurationError(key: "delivery.retryMax", problem: "must not be shorter than delivery.retryBase")
            }
            try reader.finish()
            configuration.delivery = delivery
        }
        configuration.peerPolicies = peerPolicies
        if let file = try root.string("policy") { configuration.policy = try policy(resolve(file), key: "policy") }
        configuration.expiryWarning = try root.duration("expiryWarning") ?? configuration.expiryWarning
        configuration.directoryRefresh = try root.duration("directoryRefresh", minimum: 1) ?? configuration.directoryRefresh
        configuration.tlsReload = try root.duration("tlsReload", minimum: 1) ?? configuration.tlsReload
        configuration.auditCheckpointInterval =
            try root.int("auditCheckpointInterval", range: 1...100_000) ?? configuration.auditCheckpointInterval
        try root.finish()
        return configuration
    }

    /// The next hop for `authority`: itself if it is a peer, else the peer its route names.
    public func nextHop(for authority: String) -> String? {
        if peers.contains(where: { $0.authority == authority }) { return authority }
        return routes.first { $0.authority == authority }?.via
    }

    /// The configured peer `authority`, if any.
    public func peer(_ authority: String) -> Peer? { peers.first { $0.authority == authority } }
}
