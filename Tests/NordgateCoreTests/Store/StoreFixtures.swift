import Foundation
import GRDB
import NordgateCore
import NordgateTestSupport
import Sodium

/// Synthetic messages, stores in temporary folders, and raw SQL for tampering tests.
enum StoreFixtures {
    /// A fixed "now" so tests do not depend on the clock (2026-11-19).
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func dataFolder(_ folder: TemporaryFolder) -> String { folder.appending("Data") }

    /// The kinds of the store's audit entries, in order ("unreadable" for a damaged row).
    static func auditKinds(_ store: SQLiteGatewayStore) throws -> [String] {
        var kinds: [String] = []
        try store.forEachAuditRow { kinds.append($0.entry?.kind ?? "unreadable") }
        return kinds
    }

    static func open(
        _ folder: TemporaryFolder,
        signer: (any AuditSigner)? = nil,
        interval: Int = 100
    ) throws -> SQLiteGatewayStore {
        try SQLiteGatewayStore(
            folder: dataFolder(folder),
            options: .init(auditSigner: signer, checkpointInterval: interval)
        )
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    static func outbound(
        id: String = newID(),
        peer: String = "DK-CA",
        created: Date = now,
        lifetime: TimeInterval = 3600,
        size: Int = 200
    ) -> OutboxMessage {
        let envelope = SecureRandom.bytes(size)
        return OutboxMessage(
            id: id,
            peer: peer,
            recipients: [peer],
            type: "ca.locate-child.request",
            envelope: envelope,
            digest: GenericHash.hash(envelope),
            created: created,
            expires: created.addingTimeInterval(lifetime)
        )
    }

    static func inbound(id: String = newID(), sender: String = "NO-CA", envelope: [UInt8]? = nil) -> InboxMessage {
        let bytes = envelope ?? SecureRandom.bytes(200)
        return InboxMessage(
            id: id,
            sender: sender,
            type: "ca.locate-child.request",
            envelope: bytes,
            digest: GenericHash.hash(bytes),
            expires: now.addingTimeInterval(3600)
        )
    }

    static func signer() -> KeyAuditSigner {
        KeyAuditSigner(keyID: "NO-CA.sig.20261119-0a0b0c", keyPair: SigningKeyPair.generate())
    }

    static func publicKeys(_ signer: KeyAuditSigner, _ pair: SigningKeyPair) -> [String: [UInt8]] {
        [signer.keyID: pair.publicKey]
    }

    static func event(_ number: Int) -> AuditEvent {
        AuditEvent(
            kind: number.isMultiple(of: 2) ? "envelope.send" : "envelope.receive",
            actor: "system",
            subject: "3f2b8c1e-0000-4000-8000-\(String(format: "%012d", number))",
            details: ["peer": "DK-CA", "n": String(number)],
            time: now.addingTimeInterval(TimeInterval(number))
        )
    }

    /// Runs `sql` on the store's file through a separate connection, as someone with write
    /// access to the file could; drops the append-only triggers first.
    static func tamper(
        _ folder: TemporaryFolder,
        _ sql: String,
        arguments: StatementArguments = [],
        dropTriggers: Bool = true
    ) throws {
        let queue = try DatabaseQueue(
            path: (dataFolder(folder) as NSString).appendingPathComponent(SQLiteGatewayStore.fileName)
        )
        defer { try? queue.close() }
        try queue.write { db in
            let triggers = [
                "audit_log_no_update", "audit_log_no_delete", "audit_checkpoint_no_update",
                "audit_checkpoint_no_delete",
            ]
            for trigger in triggers where dropTriggers {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
    }
}
