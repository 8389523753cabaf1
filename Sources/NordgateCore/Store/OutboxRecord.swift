public import Foundation

/// An outbox row: the message and its delivery state.
public struct OutboxRecord: Sendable, Hashable {
    /// The message as enqueued (times in whole seconds).
    public var message: OutboxMessage
    /// Where the delivery is.
    public var state: OutboxState
    /// Failed attempts so far.
    public var attempts: Int
    /// When the next attempt is due (for `queued` and `failed` rows).
    public var nextAttempt: Date
    /// The code of the last failure, e.g. `peer.unreachable`; never personal data.
    public var lastError: String?
    /// The receiver's signed receipt, once delivered.
    public var receipt: [UInt8]?
    /// When the row last changed.
    public var updated: Date
    /// When the message was accepted, to the millisecond (`nil` for rows older than this field).
    public var acceptedAt: Date?
    /// When the receipt was stored, to the millisecond (`nil` until delivered, and for older rows).
    public var deliveredAt: Date?

    /// The message id.
    public var id: String { message.id }

    public init(
        message: OutboxMessage,
        state: OutboxState,
        attempts: Int,
        nextAttempt: Date,
        lastError: String?,
        receipt: [UInt8]?,
        updated: Date,
        acceptedAt: Date? = nil,
        deliveredAt: Date? = nil
    ) {
        self.message = message
        self.state = state
        self.attempts = attempts
        self.nextAttempt = nextAttempt
        self.lastError = lastError
        self.receipt = receipt
        self.updated = updated
        self.acceptedAt = acceptedAt
        self.deliveredAt = deliveredAt
    }
}
