public import Foundation
import GRDB

extension SQLiteGatewayStore {
    public func append(_ event: AuditEvent) throws {
        try appendAudit([event])
    }

    @discardableResult
    public func appendAudit(_ events: [AuditEvent]) throws -> [AuditEntry] {
        let append = try auditAppender(events)
        guard !events.isEmpty else { return [] }
        return try write { db in try append(db) }
    }

    /// Appends `events` in the next group commit, without blocking a thread.
    @discardableResult
    public func appendAudit(_ events: [AuditEvent]) async throws -> [AuditEntry] {
        let append = try auditAppender(events)
        guard !events.isEmpty else { return [] }
        return try await write { db in try append(db) }
    }

    /// Checks `events` now and returns what appends them (in whatever transaction it is called in).
    func auditAppender(_ events: [AuditEvent]) throws -> @Sendable (Database) throws -> [AuditEntry] {
        for event in events { try event.validate() }
        let append = checkedAuditAppender()
        return { db in try append(events, db) }
    }

    /// What appends events already validated (in whatever transaction it is called in).
    func checkedAuditAppender() -> @Sendable ([AuditEvent], Database) throws -> [AuditEntry] {
        let (signer, interval) = (options.auditSigner, Int64(options.checkpointInterval))
        return { events, db in events.isEmpty ? [] : try Self.append(events, signer: signer, interval: interval, db) }
    }

    @discardableResult
    public func checkpointAudit(now: Date) throws -> AuditCheckpoint? {
        guard let signer = options.auditSigner else { throw StoreError.noAuditSigner }
        return try write { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "\(Self.auditSelect) ORDER BY seq DESC LIMIT 1"))
            else {
                return nil
            }
            guard let last = Self.auditRow(row).entry else {
                throw StoreError.corrupt(table: "audit_log", reason: "the last entry cannot be read")
            }
            if let existing = try Self.auditCheckpoints(db).last, existing.seq == last.seq { return existing }
            let checkpoint = try AuditCheckpoint.make(for: last, time: StoreTime.seconds(now), signer: signer)
            try Self.insert(checkpoint, db)
            return checkpoint
        }
    }

    public func auditCheckpoints() throws -> [AuditCheckpoint] {
        try read { db in try Self.auditCheckpoints(db) }
    }

    public func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: "\(Self.auditSelect) ORDER BY seq"))
            while let row = try rows.next() { try body(Self.auditRow(row)) }
        }
    }

    // MARK: - In a transaction

    private static func append(
        _ events: [AuditEvent],
        signer: (any AuditSigner)?,
        interval: Int64,
        _ db: Database
    ) throws -> [AuditEntry] {
        var (seq, previous) = try lastAuditLink(db)
        var entries: [AuditEntry] = []
        for event in events {
            seq += 1
            let entry = try AuditEntry.make(for: event, seq: seq, prevHash: previous)
            try db.executeCached(
                """
                INSERT INTO audit_log (seq, time, kind, actor, subject, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [
                    entry.seq, entry.time, entry.kind, entry.actor, entry.subject, entry.detailsCanonicalText(),
                    Data(entry.prevHash), Data(entry.hash),
                ]
            )
            previous = entry.hash
            entries.append(entry)
        }
        if let signer, let last = entries.last {
            let checkpointed = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM audit_checkpoint")) ?? 0
            if last.seq - checkpointed >= interval {
                try insert(try AuditCheckpoint.make(for: last, time: last.time, signer: signer), db)
            }
        }
        return entries
    }

    private static let auditSelect = "SELECT seq, time, kind, actor, subject, details, prev_hash, hash FROM audit_log"

    private static func lastAuditLink(_ db: Database) throws -> (Int64, [UInt8]) {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            )
        else {
            return (0, AuditEntry.genesisHash)
        }
        let stored = StoreRow(row: row, table: "audit_log")
        return (try stored.int("seq"), try stored.bytes("hash"))
    }

    private static func insert(_ checkpoint: AuditCheckpoint, _ db: Database) throws {
        try db.executeCached(
            "INSERT INTO audit_checkpoint (seq, hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                checkpoint.seq, Data(checkpoint.hash), checkpoint.time, checkpoint.keyID, Data(checkpoint.signature),
            ]
        )
    }

    private static func auditCheckpoints(_ db: Database) throws -> [AuditCheckpoint] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT seq, hash, time, key_id, signature FROM audit_checkpoint ORDER BY seq")
        ).map {
            row in
            let stored = StoreRow(row: row, table: "audit_checkpoint")
            return AuditCheckpoint(
                seq: try stored.int("seq"),
                hash: try stored.bytes("hash"),
                time: try stored.int("time"),
                keyID: try stored.text("key_id"),
                signature: try stored.bytes("signature")
            )
        }
    }

    /// Decodes a row leniently: a damaged row is reported, not thrown, so a verifier can go on.
    static func auditRow(_ row: Row) -> AuditRow {
        let stored = StoreRow(row: row, table: "audit_log")
        guard let seq = try? stored.int("seq") else {
            return AuditRow(seq: 0, entry: nil, problem: "seq is not an integer")
        }
        do {
            guard let details = AuditEntry.parseDetails(try stored.text("details")) else {
                return AuditRow(seq: seq, entry: nil, problem: "details is not a JSON object of strings")
            }
            let entry = AuditEntry(
                seq: seq,
                time: try stored.int("time"),
                kind: try stored.text("kind"),
                actor: try stored.text("actor"),
                subject: try stored.text("subject"),
                details: details,
                prevHash: try stored.bytes("prev_hash"),
                hash: try stored.bytes("hash")
            )
            return AuditRow(seq: seq, entry: entry, problem: nil)
        } catch {
            return AuditRow(seq: seq, entry: nil, problem: String(describing: error))
        }
    }
}
