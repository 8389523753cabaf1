public import Foundation
public import JSONSchema
import NIOSSL
import NordgateCore
public import Sodium

/// A summary of a gateway from its store, keyring and TLS files, for `nordgate status`; works
/// whether or not the gateway is running.
public enum GatewayStatus {
    /// The summary as JSON: queue counts per peer and state, dead letters, expiring keys and
    /// certificates, audit log length.
    /// - Throws: ``ConfigurationError``, ``KeyringError`` or ``StoreError`` when something cannot be read.
    public static func report(configuration: GatewayConfiguration, passphrase: SecretBytes, now: Date = Date()) async throws
        -> JSONValue
    {
        let keyring = try Keyring.open(configuration.keysFolder, passphrase: passphrase)
        let store = try SQLiteGatewayStore(folder: configuration.dataFolder, options: .init(createIfMissing: false))
        defer { try? store.close() }
        let counts = try await store.outboxCounts()
        var queues = JSONObject()
        for count in counts.sorted(by: { ($0.peer, $0.state.rawValue) < ($1.peer, $1.state.rawValue) }) {
            var perPeer = queues[count.peer]?.objectValue ?? JSONObject()
            perPeer[count.state.rawValue] = .number(JSONNumber(count.count))
            queues[count.peer] = .object(perPeer)
        }
        let dead = counts.filter { $0.state == .dead || $0.state == .expired }.reduce(0) { $0 + $1.count }
        let certificate = try? NIOSSLCertificate.fromPEMFile(configuration.peerListener.certificate).first
        let ca = try? NIOSSLCertificate.fromPEMFile(configuration.peerListener.caBundle)
        let items = ExpiryWatch.items(
            keyring: keyring,
            certificateNotAfter: certificate.map { Date(timeIntervalSince1970: TimeInterval($0.notValidAfter)) },
            caNotAfter: ca?.map(\.notValidAfter).min().map { Date(timeIntervalSince1970: TimeInterval($0)) }, now: now)
        let expiring: [JSONValue] = items.sorted { $0.notAfter < $1.notAfter }.map { item in
            [
                "item": .string(item.id), "kind": .string(item.kind), "notAfter": .string(EnvelopeTime.format(item.notAfter)),
                "warning": .bool(item.notAfter.timeIntervalSince(now) < configuration.expiryWarning),
            ]
        }
        var auditEntries = 0
        try store.forEachAuditRow { _ in auditEntries += 1 }
        var report = JSONObject()
        report["authority"] = .string(configuration.authority)
        report["keyringGeneration"] = .number(JSONNumber(keyring.generation))
        report["queues"] = .object(queues)
        report["deadLetters"] = .number(JSONNumber(dead))
        report["inbox"] = .number(JSONNumber(try await store.listInbox(after: 0, limit: StoreLimits.maxListLimit).count))
        report["expiry"] = .array(expiring)
        report["auditEntries"] = .number(JSONNumber(auditEntries))
        return .object(report)
    }
}
