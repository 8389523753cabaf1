public import Foundation
import GRDB

extension SQLiteGatewayStore {
    public func receive(
        _ message: InboxMessage,
        now: Date,
        audit: [AuditEvent],
        makeReceipt: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> ReceiveOutcome {
        var message = message
        message.id = try StoreValidation.messageID(message.id)
        try StoreValidation.authority(message.sender, field: "sender")
        try StoreValidation.token(message.type, field: "type")
        try StoreValidation.bytes(message.envelope, field: "envelope", range: 1...StoreLimits.maxEnvelopeBytes)
        try StoreValidation.bytes(message.digest, field: "digest", range: 16...64)
        let checkedMessage = message
        let append = try auditAppender(audit)
        return try await write { db in
            let outcome = try Self.receive(checkedMessage, now: StoreTime.seconds(now), makeReceipt: makeReceipt, db)
            if case .accepted = outcome { _ = try append(db) }
            return outcome
        }
    }

    public func listInbox(after cursor: Int64, limit: Int) async throws -> [InboxRecord] {
        try StoreValidation.limit(limit)
        return try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.inboxSelect) WHERE inbox.cursor > ? ORDER BY inbox.cursor LIMIT ?"),
                arguments: [cursor, limit]
            ).map(Self.inboxRecord)
        }
    }

    public func inboxRecord(id: String) async throws -> InboxRecord? {
        let id = try StoreValidation.messageID(id)
        return try await read { db in try Self.inboxRecord(id: id, db) }
    }

    public func acknowledge(id: String, now: Date) async throws {
        let id = try StoreValidation.messageID(id)
        try await write { db in
            guard try Self.inboxRecord(id: id, db) != nil else { throw StoreError.notFound(id: id) }
            try db.executeCached(
                "UPDATE inbox SET acked_at = ? WHERE id = ? AND acked_at IS NULL",
                arguments: [StoreTime.seconds(now), id]
            )
        }
    }

    @discardableResult
    public func purgeInbox(acknowledgedBefore date: Date) async throws -> Int {
        try await write { db in
            try db.executeCached(
                "DELETE FROM inbox WHERE acked_at IS NOT NULL AND acked_at < ?",
                arguments: [StoreTime.seconds(date)]
            )
            return db.changesCount
        }
    }

    @discardableResult
    public func forgetSeen(before date: Date) async throws -> Int {
        try await write { db in
            try db.executeCached(
                "DELETE FROM seen WHERE expires < ? AND NOT EXISTS (SELECT 1 FROM inbox WHERE inbox.id = seen.id)",
                arguments: [StoreTime.seconds(date)]
            )
            return db.changesCount
        }
    }

    // MARK: - In a transaction

    private static let inboxSelect = """
        SELECT inbox.cursor, inbox.id, inbox.sender, inbox.type, inbox.envelope, inbox.digest, inbox.expires,
               inbox.received_at, inbox.acked_at, seen.receipt
        FROM inbox JOIN seen ON seen.id = inbox.id
        """

    private static func receive(
        _ message: InboxMessage,
        now: Int64,
        makeReceipt: () throws -> [UInt8],
        _ db: Database
    ) throws -> ReceiveOutcome {
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT digest, receipt FROM seen WHERE id = ?"),
            arguments: [message.id]
        ) {
            let stored = StoreRow(row: row, table: "seen")
            guard try stored.bytes("digest") == message.digest else { return .conflict }
            return .duplicate(receipt: try stored.bytes("receipt"))
        }
        let receipt = try makeReceipt()
        try StoreValidation.bytes(receipt, field: "receipt", range: 1...StoreLimits.maxReceiptBytes)
        let expires = StoreTime.seconds(message.expires)
        try db.executeCached(
            "INSERT INTO seen (id, sender, digest, receipt, expires, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [message.id, message.sender, Data(message.digest), Data(receipt), expires, now]
        )
        try db.executeCached(
            """
            INSERT INTO inbox (id, sender, type, envelope, digest, expires, received_at, acked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
            """,
            arguments: [
                message.id, message.sender, message.type, Data(message.envelope), Data(message.digest), expires, now,
            ]
        )
        return .accepted(receipt: receipt)
    }

    private static func inboxRecord(id: String, _ db: Database) throws -> InboxRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "\(inboxSelect) WHERE inbox.id = ?"), arguments: [id]).map(inboxRecord)
    }

    private static func inboxRecord(_ row: Row) throws -> InboxRecord {
        let stored = StoreRow(row: row, table: "inbox")
        let message = InboxMessage(
            id: try stored.text("id"),
            sender: try stored.text("sender"),
            type: try stored.text("type"),
            envelope: try stored.bytes("envelope"),
            digest: try stored.bytes("digest"),
            expires: try stored.date("expires")
        )
        return InboxRecord(
            cursor: try stored.int("cursor"),
            message: message,
            receivedAt: try stored.date("received_at"),
            receipt: try stored.bytes("receipt"),
            ackedAt: try stored.optionalInt("acked_at").map(StoreTime.date)
        )
    }
}
