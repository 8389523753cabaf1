public import Foundation

/// Everything the relay keeps durably: the outbox, the inbox with its replay memory, the
/// re-identification vault and the audit log.
///
/// Every method that changes something returns only after the change is committed and durable
/// (on SQLite: fsynced through the write-ahead log). Methods validate their arguments and
/// throw ``StoreError/invalidInput(field:reason:)`` without changing anything. Times are kept
/// in whole seconds. `docs/store.md` states the contract a backend (SQLite now, PostgreSQL
/// later) must keep.
public protocol GatewayStore: VaultStorage, AuditStore {
    // MARK: Outbox

    /// Stores the messages of one submission and the vault entries of their pseudonyms in one
    /// transaction: all of it or, when anything is refused, none. Idempotent on each message's id;
    /// a pseudonym already in the vault keeps its entry.
    /// - Returns: per message, ``EnqueueOutcome/stored``, or ``EnqueueOutcome/alreadyStored(_:)``
    ///   when the same id and digest are already there.
    /// - Throws: ``StoreError/conflict(id:)`` when an id is stored with another digest.
    func enqueue(_ submissions: [OutboxSubmission], vault: [VaultEntry], now: Date) async throws -> [EnqueueOutcome]

    /// Atomically claims up to `limit` messages for `peer` that are due (`queued`, or `failed`
    /// with `nextAttempt` ≤ `now`) and marks them `delivering`. Due messages whose `expires`
    /// is ≤ `now` become `expired` instead and are listed in the result.
    func claimDue(peer: String, now: Date, limit: Int) async throws -> OutboxClaim

    /// Records receivers' receipts and marks their messages `delivered` (a no-op for one that already
    /// is), all in one transaction; each delivery's audit events are appended only when its state changed.
    func markDelivered(_ deliveries: [OutboxDelivery], now: Date) async throws

    /// Records a failed attempt of a `delivering` message: `attempts` + 1 and the error code.
    /// - Parameter nextAttempt: when to try again (state `failed`), or `nil` to give up (state `dead`).
    /// - Returns: the new state.
    @discardableResult
    func markFailed(id: String, error: String, nextAttempt: Date?, now: Date) async throws -> OutboxState

    /// Crash recovery, run once at start-up before any worker: every `delivering` row goes back
    /// to `queued`, due at once. Receivers are idempotent, so resending is safe.
    /// - Returns: how many rows were reset.
    @discardableResult
    func recoverInFlight(now: Date) async throws -> Int

    /// The outbox row with `id`, or `nil`.
    func outboxRecord(id: String) async throws -> OutboxRecord?

    /// Outbox rows in any of `states` (all states when empty), for `peer` if given, oldest first.
    func listOutbox(states: Set<OutboxState>, peer: String?, limit: Int) async throws -> [OutboxRecord]

    /// The earliest `nextAttempt` among `queued` and `failed` rows for `peer`, or `nil`.
    func nextDue(peer: String) async throws -> Date?

    /// An operator's retry: a `failed`, `dead` or `expired` message becomes `queued`, due `now`.
    /// - Throws: ``StoreError/invalidState(id:state:operation:)`` for other states, and for an
    ///   expired message whose `expires` is still past (a receiver would refuse it).
    func retry(id: String, now: Date) async throws

    /// Deletes one `delivered`, `expired` or `dead` row.
    /// - Throws: ``StoreError/invalidState(id:state:operation:)`` for rows still in flight.
    func purge(id: String) async throws

    /// Deletes every `delivered`, `expired` or `dead` row last changed before `date`.
    /// - Returns: how many rows were deleted.
    @discardableResult
    func purge(olderThan date: Date) async throws -> Int

    /// Row counts per peer and state (queue depth).
    func outboxCounts() async throws -> [OutboxCount]

    // MARK: Inbox

    /// Stores an arriving envelope exactly once, in one transaction with the replay check.
    /// `makeReceipt` runs inside that transaction, only for a new envelope.
    /// - Parameter audit: events appended to the audit log in the same transaction, only for a new envelope.
    /// - Returns: ``ReceiveOutcome``.
    func receive(
        _ message: InboxMessage,
        now: Date,
        audit: [AuditEvent],
        makeReceipt: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> ReceiveOutcome

    /// Inbox rows with a cursor greater than `cursor`, in cursor order.
    func listInbox(after cursor: Int64, limit: Int) async throws -> [InboxRecord]

    /// The inbox row with `id`, or `nil`.
    func inboxRecord(id: String) async throws -> InboxRecord?

    /// Marks an inbox row as taken by the case system (idempotent).
    func acknowledge(id: String, now: Date) async throws

    /// Deletes acknowledged inbox rows acknowledged before `date`; their ids stay in the
    /// replay memory until ``forgetSeen(before:)`` drops them.
    @discardableResult
    func purgeInbox(acknowledgedBefore date: Date) async throws -> Int

    /// Drops remembered envelope ids whose envelope expired before `date` and that are no
    /// longer in the inbox. Receivers refuse expired envelopes, so a forgotten id cannot be replayed.
    @discardableResult
    func forgetSeen(before date: Date) async throws -> Int
}

extension GatewayStore {
    /// Stores one message to send, with the audit events of its submission (appended only when it is new).
    public func enqueue(_ message: OutboxMessage, now: Date, audit: [AuditEvent] = []) async throws -> EnqueueOutcome {
        try await enqueue([OutboxSubmission(message, audit: audit)], vault: [], now: now)[0]
    }

    /// Records one receipt and marks its message delivered, with `audit` appended when the state changed.
    public func markDelivered(id: String, receipt: [UInt8], now: Date, audit: [AuditEvent] = []) async throws {
        try await markDelivered([OutboxDelivery(id: id, receipt: receipt, audit: audit)], now: now)
    }

    /// Stores an arriving envelope, without audit events.
    public func receive(
        _ message: InboxMessage,
        now: Date,
        makeReceipt: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> ReceiveOutcome {
        try await receive(message, now: now, audit: [], makeReceipt: makeReceipt)
    }
}
