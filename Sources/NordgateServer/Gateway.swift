public import Foundation
public import Logging
public import NordgateCore
public import Sodium
import Synchronization

/// One running gateway's shared parts: configuration, keys, TLS material, store, audit log,
/// metrics and schemas. The listeners, the delivery worker and the refresher all use it.
public final class Gateway: Sendable {
    /// The checked configuration.
    public let configuration: GatewayConfiguration
    /// The keyring and peer directory, reloaded on change.
    public let keys: KeyMaterial
    /// The TLS files, reloaded on change.
    public let tls: TLSMaterial
    /// The durable store.
    public let store: SQLiteGatewayStore
    /// The audit log in the store.
    public let audit: AuditLog
    /// The encrypted attachment files beside the store.
    let attachments: AttachmentStore
    /// The metrics served at `/metrics`.
    public let metrics: RelayMetrics
    /// Where the gateway logs.
    public let logger: Logger
    let catalog: SchemaCatalog
    let finalReceipts: FinalReceipts
    let rateLimiter: RateLimiter
    /// The authorities behind the client certificates seen so far.
    let peerIdentities: PeerIdentityCache
    let wake: DeliveryWakeup
    private let boundPeerPort = Mutex<Int?>(nil)

    /// Opens everything the configuration names; nothing listens yet.
    /// - Parameters:
    ///   - configuration: the checked configuration.
    ///   - passphrase: the keyring passphrase (kept in wiped memory to reload the keyring).
    ///   - logger: where the gateway logs (no personal data is ever logged).
    /// - Throws: ``ConfigurationError`` for unusable files, ``KeyringError``, ``StoreError``.
    public init(configuration: GatewayConfiguration, passphrase: SecretBytes, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let keys: KeyMaterial
        do { keys = try KeyMaterial(folder: configuration.keysFolder, passphrase: passphrase) } catch {
            throw ConfigurationError(key: "keys", problem: "the keyring cannot be opened: \(error)")
        }
        guard keys.snapshot.keyring.authority == configuration.authority else {
            throw ConfigurationError(
                key: "authority", problem: "the keyring belongs to \(keys.snapshot.keyring.authority); use its folder or fix the authority")
        }
        self.keys = keys
        tls = try TLSMaterial(
            certificate: configuration.peerListener.certificate, privateKey: configuration.peerListener.privateKey,
            caBundle: configuration.peerListener.caBundle)
        let signer = try KeyAuditSigner(keyring: keys.snapshot.keyring)
        store = try SQLiteGatewayStore(
            folder: configuration.dataFolder,
            options: .init(auditSigner: signer, checkpointInterval: configuration.auditCheckpointInterval))
        audit = AuditLog(store: store)
        attachments = try AttachmentStore(dataFolder: configuration.dataFolder)
        do { catalog = try SchemaCatalog(folder: configuration.schemasFolder) } catch {
            throw ConfigurationError(key: "schemas", problem: "the schema folder cannot be loaded: \(error)")
        }
        finalReceipts = try FinalReceipts(folder: configuration.dataFolder)
        metrics = RelayMetrics()
        peerIdentities = PeerIdentityCache(peers: configuration.peers)
        rateLimiter = RateLimiter(rate: configuration.limits.peerRequestsPerSecond, burst: configuration.limits.peerBurst)
        wake = DeliveryWakeup()
    }

    /// The authority this gateway serves.
    public var authority: String { configuration.authority }

    /// Appends an audit event; a failure is logged (with the event kind only) and rethrown.
    /// - Parameters:
    ///   - kind: e.g. `message.submit`.
    ///   - actor: a token name, a peer id or `system`.
    ///   - subject: a message id, key id or authority.
    ///   - details: short facts without personal data.
    public func record(_ kind: String, actor: String, subject: String, details: [String: String] = [:]) async throws {
        do {
            // The store shares the commit (and its fsync) with other writes made meanwhile.
            try await audit.append(AuditEvent(kind: kind, actor: actor, subject: subject, details: details))
        } catch {
            logger.error("audit append failed", metadata: ["audit.kind": "\(kind)", "error": "\(error)"])
            throw error
        }
    }

    /// The port the peer listener is bound to, once it is.
    public var peerPort: Int? { boundPeerPort.withLock { $0 } }

    func setPeerPort(_ port: Int) { boundPeerPort.withLock { $0 = port } }

    /// This gateway's signed descriptor, listing its peer listener URL as endpoint.
    public func descriptor(now: Date = Date()) throws -> [UInt8] {
        // A rotation made a moment ago by `nordgate keys` is published at once.
        _ = try? keys.reloadIfChanged()
        let host = configuration.peerListener.host
        let port = peerPort ?? configuration.peerListener.port
        let endpoint = configuration.peerListener.publicURL ?? "https://\(host):\(port)"
        return try PublicDescriptor.make(from: keys.snapshot.keyring, endpoints: [endpoint], now: now)
    }

    /// Whether `peer` (a TLS-identified direct peer) may hand us envelopes signed by `sender`.
    func mayDeliver(sender: String, via peer: String) -> Bool {
        sender == peer || configuration.routes.contains { $0.authority == sender && $0.via == peer }
    }
}
