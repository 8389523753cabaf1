public import Foundation

/// An inbox row: a received envelope, the receipt sent for it and whether the case system
/// has taken it.
public struct InboxRecord: Sendable, Hashable {
    /// A monotonic position: each new row gets a larger one; never reused.
    public var cursor: Int64
    /// The envelope as received (times in whole seconds).
    public var message: InboxMessage
    /// When it was stored.
    public var receivedAt: Date
    /// The signed receipt returned to the sender.
    public var receipt: [UInt8]
    /// When the case system acknowledged it, if it has.
    public var ackedAt: Date?

    /// The envelope id.
    public var id: String { message.id }

    public init(cursor: Int64, message: InboxMessage, receivedAt: Date, receipt: [UInt8], ackedAt: Date?) {
        self.cursor = cursor
        self.message = message
        self.receivedAt = receivedAt
        self.receipt = receipt
        self.ackedAt = ackedAt
    }
}
