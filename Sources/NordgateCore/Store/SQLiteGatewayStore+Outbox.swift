public import Foundation
import GRDB

extension SQLiteGatewayStore {
    public func enqueue(_ submissions: [OutboxSubmission], vault: [VaultEntry], now: Date) async throws -> [EnqueueOutcome] {
        let submissions = try submissions.map { submission in
            for event in submission.audit { try event.validate() }
            return OutboxSubmission(try Self.checked(submission.message), audit: submission.audit)
        }
        try Self.checkVaultEntries(vault)
        let append = checkedAuditAppender()
        return try await write { db in
            try Self.insertVaultEntries(vault, db)
            var events: [AuditEvent] = []
            let outcomes = try submissions.map { submission in
                let outcome = try Self.enqueue(submission.message, now: now, db)
                if case .stored = outcome { events += submission.audit }
                return outcome
            }
            _ = try append(events, db)
            return outcomes
        }
    }

    public func claimDue(peer: String, now: Date, limit: Int) async throws -> OutboxClaim {
        try StoreValidation.authority(peer, field: "peer")
        try StoreValidation.limit(limit)
        return try await write { db in try Self.claimDue(peer: peer, now: StoreTime.seconds(now), limit: limit, db) }
    }

    public func markDelivered(_ deliveries: [OutboxDelivery], now: Date) async throws {
        let deliveries = try deliveries.map { delivery in
            var delivery = delivery
            delivery.id = try StoreValidation.messageID(delivery.id)
            try StoreValidation.bytes(delivery.receipt, field: "receipt", range: 1...StoreLimits.maxReceiptBytes)
            for event in delivery.audit { try event.validate() }
            return delivery
        }
        guard !deliveries.isEmpty else { return }
        let append = checkedAuditAppender()
        try await write { db in
            var events: [AuditEvent] = []
            for delivery in deliveries where try Self.markDelivered(id: delivery.id, receipt: delivery.receipt, now: now, db) {
                events += delivery.audit
            }
            _ = try append(events, db)
        }
    }

    @discardableResult
    public func markFailed(id: String, error: String, nextAttempt: Date?, now: Date) async throws -> OutboxState {
        let id = try StoreValidation.messageID(id)
        try StoreValidation.token(error, field: "error code")
        let next = nextAttempt.map(StoreTime.seconds)
        return try await write { db in
            try Self.markFailed(id: id, error: error, nextAttempt: next, now: StoreTime.seconds(now), db)
        }
    }

    @discardableResult
    public func recoverInFlight(now: Date) async throws -> Int {
        try await write { db in
            try db.executeCached(
                "UPDATE outbox SET state = 'queued', next_attempt = ?, updated = ? WHERE state = 'delivering'",
                arguments: [StoreTime.seconds(now), StoreTime.seconds(now)]
            )
            return db.changesCount
        }
    }

    public func outboxRecord(id: String) async throws -> OutboxRecord? {
        let id = try StoreValidation.messageID(id)
        return try await read { db in try Self.outboxRecord(id: id, db) }
    }

    /// The outbox row with `id`, or `nil` (blocking; for the CLI).
    public func outboxRecord(id: String) throws -> OutboxRecord? {
        let id = try StoreValidation.messageID(id)
        return try read { db in try Self.outboxRecord(id: id, db) }
    }

    public func listOutbox(states: Set<OutboxState>, peer: String?, limit: Int) async throws -> [OutboxRecord] {
        try Self.checkListing(peer: peer, limit: limit)
        return try await read { db in try Self.listOutbox(states: states, peer: peer, limit: limit, db) }
    }

    /// Outbox rows in any of `states` (all when empty), oldest first (blocking; for the CLI).
    public func listOutbox(states: Set<OutboxState>, peer: String?, limit: Int) throws -> [OutboxRecord] {
        try Self.checkListing(peer: peer, limit: limit)
        return try read { db in try Self.listOutbox(states: states, peer: peer, limit: limit, db) }
    }

    public func nextDue(peer: String) async throws -> Date? {
        try StoreValidation.authority(peer, field: "peer")
        let seconds = try await read { db in
            try Int64.fetchOne(
                db,
                // Two MINs, each one index lookup (MIN over an IN would read every entry); the
                // two-argument min() is NULL if either is, hence the COALESCEs.
                sql: """
                    WITH due(q, f) AS (
                        SELECT (SELECT MIN(next_attempt) FROM outbox WHERE peer = ?1 AND state = 'queued'),
                               (SELECT MIN(next_attempt) FROM outbox WHERE peer = ?1 AND state = 'failed'))
                    SELECT MIN(COALESCE(q, f), COALESCE(f, q)) FROM due
                    """,
                arguments: [peer]
            )
        }
        return seconds.map(StoreTime.date)
    }

    public func retry(id: String, now: Date) async throws {
        let id = try StoreValidation.messageID(id)
        try await write { db in try Self.retry(id: id, now: StoreTime.seconds(now), db) }
    }

    /// An operator's retry (blocking; for the CLI). See ``GatewayStore/retry(id:now:)``.
    public func retry(id: String, now: Date) throws {
        let id = try StoreValidation.messageID(id)
        try write { db in try Self.retry(id: id, now: StoreTime.seconds(now), db) }
    }

    public func purge(id: String) async throws {
        let id = try StoreValidation.messageID(id)
        try await write { db in try Self.purge(id: id, db) }
    }

    /// Deletes one finished row (blocking; for the CLI). See ``GatewayStore/purge(id:)``.
    public func purge(id: String) throws {
        let id = try StoreValidation.messageID(id)
        try write { db in try Self.purge(id: id, db) }
    }

    @discardableResult
    public func purge(olderThan date: Date) async throws -> Int {
        try await write { db in try Self.purge(olderThan: StoreTime.seconds(date), db) }
    }

    /// Deletes finished rows last changed before `date` (blocking; for the CLI).
    @discardableResult
    public func purge(olderThan date: Date) throws -> Int {
        try write { db in try Self.purge(olderThan: StoreTime.seconds(date), db) }
    }

    public func outboxCounts() async throws -> [OutboxCount] {
        try await read { db in try Self.outboxCounts(db) }
    }

    /// Row counts per peer and state (blocking; for the CLI).
    public func outboxCounts() throws -> [OutboxCount] {
        try read { db in try Self.outboxCounts(db) }
    }

    // MARK: - In a transaction

    /// The columns of an outbox row as `SELECT \(selected) FROM \(joined)` reads them, with its envelope.
    private static let selected = """
        outbox.id, peer, recipients, type, outbox_envelope.envelope, digest, created, expires, state, attempts,
        next_attempt, last_error, receipt, updated, accepted_ms, delivered_ms
        """
    private static let joined = "outbox JOIN outbox_envelope ON outbox_envelope.seq = outbox.envelope_seq"

    private static func checked(_ message: OutboxMessage) throws -> OutboxMessage {
        var message = message
        message.id = try StoreValidation.messageID(message.id)
        try StoreValidation.authority(message.peer, field: "peer")
        guard (1...StoreLimits.maxRecipients).contains(message.recipients.count) else {
            throw StoreError.invalidInput(field: "recipients", reason: "must be 1 to \(StoreLimits.maxRecipients)")
        }
        for recipient in message.recipients { try StoreValidation.authority(recipient, field: "recipient") }
        try StoreValidation.token(message.type, field: "type")
        try StoreValidation.bytes(message.envelope, field: "envelope", range: 1...StoreLimits.maxEnvelopeBytes)
        try StoreValidation.bytes(message.digest, field: "digest", range: 16...64)
        return message
    }

    private static func checkListing(peer: String?, limit: Int) throws {
        if let peer { try StoreValidation.authority(peer, field: "peer") }
        try StoreValidation.limit(limit)
    }

    private static func enqueue(_ message: OutboxMessage, now date: Date, _ db: Database) throws -> EnqueueOutcome {
        let now = StoreTime.seconds(date)
        try db.executeCached("INSERT INTO outbox_envelope (envelope) VALUES (?)", arguments: [Data(message.envelope)])
        let envelope = db.lastInsertedRowID
        try db.executeCached(
            """
            INSERT INTO outbox (
                id, peer, recipients, type, digest, created, expires, state, attempts, next_attempt, last_error,
                receipt, updated, accepted_ms, delivered_ms, envelope_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, NULL, NULL, ?, ?, NULL, ?)
            ON CONFLICT (id) DO NOTHING
            """,
            arguments: [
                message.id, message.peer, message.recipients.joined(separator: ","), message.type,
                Data(message.digest), StoreTime.seconds(message.created), StoreTime.seconds(message.expires), now, now,
                StoreTime.milliseconds(date), envelope,
            ]
        )
        if db.changesCount == 1 { return .stored }
        try db.executeCached("DELETE FROM outbox_envelope WHERE seq = ?", arguments: [envelope])
        // The id is taken: the same message again, or other bytes under its id.
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT digest, state FROM outbox WHERE id = ?"),
                arguments: [message.id]
            )
        else { throw StoreError.corrupt(table: "outbox", reason: "a conflicting row vanished") }
        let stored = StoreRow(row: row, table: "outbox")
        guard try stored.bytes("digest") == message.digest else { throw StoreError.conflict(id: message.id) }
        guard let state = OutboxState(rawValue: try stored.text("state")) else {
            throw StoreError.corrupt(table: "outbox", reason: "unknown state")
        }
        return .alreadyStored(state)
    }

    private static func claimDue(peer: String, now: Int64, limit: Int, _ db: Database) throws -> OutboxClaim {
        let expired = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = 'expired', updated = ?
                    WHERE peer = ? AND state IN ('queued', 'failed') AND expires <= ?
                    RETURNING id
                    """
            ),
            arguments: [now, peer, now]
        )
        // One ordered index range per state (a single IN would sort every due entry), merged.
        var due: [(nextAttempt: Int64, created: Int64, id: String)] = []
        for state in ["queued", "failed"] {
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT next_attempt, created, id FROM outbox
                        WHERE peer = ? AND state = ? AND next_attempt <= ?
                        ORDER BY next_attempt, created, id LIMIT ?
                        """
                ),
                arguments: [peer, state, now, limit]
            )
            for row in rows {
                let stored = StoreRow(row: row, table: "outbox")
                due.append((try stored.int("next_attempt"), try stored.int("created"), try stored.text("id")))
            }
        }
        due.sort { ($0.nextAttempt, $0.created, $0.id) < ($1.nextAttempt, $1.created, $1.id) }
        var messages: [OutboxRecord] = []
        for item in due.prefix(limit) {
            guard var record = try outboxRecord(id: item.id, db) else {
                throw StoreError.corrupt(table: "outbox", reason: "a claimed row vanished")
            }
            try db.executeCached(
                "UPDATE outbox SET state = 'delivering', updated = ? WHERE id = ?",
                arguments: [now, record.id]
            )
            record.state = .delivering
            record.updated = StoreTime.date(now)
            messages.append(record)
        }
        return OutboxClaim(messages: messages, expired: expired.sorted())
    }

    /// - Returns: whether the state changed.
    private static func markDelivered(id: String, receipt: [UInt8], now: Date, _ db: Database) throws -> Bool {
        if try outboxState(id: id, db).state == .delivered { return false }
        try db.executeCached(
            "UPDATE outbox SET state = 'delivered', receipt = ?, updated = ?, delivered_ms = ? WHERE id = ?",
            arguments: [Data(receipt), StoreTime.seconds(now), StoreTime.milliseconds(now), id]
        )
        return true
    }

    private static func markFailed(
        id: String,
        error: String,
        nextAttempt: Int64?,
        now: Int64,
        _ db: Database
    ) throws -> OutboxState {
        let current = try outboxState(id: id, db).state
        guard current == .delivering else {
            throw StoreError.invalidState(id: id, state: current.rawValue, operation: "mark as failed")
        }
        let state: OutboxState = nextAttempt == nil ? .dead : .failed
        try db.executeCached(
            """
            UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt = ?, updated = ?
            WHERE id = ?
            """,
            arguments: [state.rawValue, error, nextAttempt ?? now, now, id]
        )
        return state
    }

    private static func retry(id: String, now: Int64, _ db: Database) throws {
        let (state, expires) = try outboxState(id: id, db)
        guard OutboxState.retryable.contains(state) else {
            throw StoreError.invalidState(id: id, state: state.rawValue, operation: "retry")
        }
        guard expires > now else {
            throw StoreError.invalidState(
                id: id,
                state: "past its expiry",
                operation: "retry (receivers refuse it; submit it anew)"
            )
        }
        try db.executeCached(
            "UPDATE outbox SET state = 'queued', next_attempt = ?, updated = ? WHERE id = ?",
            arguments: [now, now, id]
        )
    }

    private static func purge(id: String, _ db: Database) throws {
        let state = try outboxState(id: id, db).state
        guard OutboxState.purgeable.contains(state) else {
            throw StoreError.invalidState(id: id, state: state.rawValue, operation: "purge")
        }
        try db.executeCached("DELETE FROM outbox WHERE id = ?", arguments: [id])
    }

    private static func purge(olderThan: Int64, _ db: Database) throws -> Int {
        try db.executeCached(
            "DELETE FROM outbox WHERE state IN ('delivered', 'expired', 'dead') AND updated < ?",
            arguments: [olderThan]
        )
        return db.changesCount
    }

    private static func outboxCounts(_ db: Database) throws -> [OutboxCount] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT peer, state, COUNT(*) AS n FROM outbox GROUP BY peer, state ORDER BY peer, state"
            )
        )
        .map { row in
            let stored = StoreRow(row: row, table: "outbox")
            guard let state = OutboxState(rawValue: try stored.text("state")) else {
                throw StoreError.corrupt(table: "outbox", reason: "unknown state")
            }
            return OutboxCount(peer: try stored.text("peer"), state: state, count: Int(try stored.int("n")))
        }
    }

    private static func listOutbox(
        states: Set<OutboxState>,
        peer: String?,
        limit: Int,
        _ db: Database
    ) throws -> [OutboxRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if !states.isEmpty {
            conditions.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            for state in states.sorted(by: { $0.rawValue < $1.rawValue }) {
                _ = arguments.append(contentsOf: [state.rawValue])
            }
        }
        if let peer {
            conditions.append("peer = ?")
            _ = arguments.append(contentsOf: [peer])
        }
        _ = arguments.append(contentsOf: [limit])
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db,
            sql: "SELECT \(selected) FROM \(joined) \(filter) ORDER BY created, outbox.id LIMIT ?",
            arguments: arguments
        ).map(outboxRecord)
    }

    /// A message's state and expiry (seconds), without reading its envelope bytes.
    /// - Throws: ``StoreError/notFound(id:)`` when there is no such message.
    private static func outboxState(id: String, _ db: Database) throws -> (state: OutboxState, expires: Int64) {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT state, expires FROM outbox WHERE id = ?"),
                arguments: [id]
            )
        else { throw StoreError.notFound(id: id) }
        let stored = StoreRow(row: row, table: "outbox")
        guard let state = OutboxState(rawValue: try stored.text("state")) else {
            throw StoreError.corrupt(table: "outbox", reason: "unknown state")
        }
        return (state, try stored.int("expires"))
    }

    static func outboxRecord(id: String, _ db: Database) throws -> OutboxRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(selected) FROM \(joined) WHERE outbox.id = ?"),
            arguments: [id]
        ).map(outboxRecord)
    }

    private static func outboxRecord(_ row: Row) throws -> OutboxRecord {
        let stored = StoreRow(row: row, table: "outbox")
        guard let state = OutboxState(rawValue: try stored.text("state")) else {
            throw StoreError.corrupt(table: "outbox", reason: "unknown state")
        }
        let recipients = try stored.text("recipients").split(separator: ",").map(String.init)
        let message = OutboxMessage(
            id: try stored.text("id"),
            peer: try stored.text("peer"),
            recipients: recipients,
            type: try stored.text("type"),
            envelope: try stored.bytes("envelope"),
            digest: try stored.bytes("digest"),
            created: try stored.date("created"),
            expires: try stored.date("expires")
        )
        return OutboxRecord(
            message: message,
            state: state,
            attempts: Int(try stored.int("attempts")),
            nextAttempt: try stored.date("next_attempt"),
            lastError: try stored.optionalText("last_error"),
            receipt: try stored.optionalBytes("receipt"),
            updated: try stored.date("updated"),
            acceptedAt: try stored.optionalInt("accepted_ms").map { StoreTime.dateFromMilliseconds($0) },
            deliveredAt: try stored.optionalInt("delivered_ms").map { StoreTime.dateFromMilliseconds($0) }
        )
    }
}
