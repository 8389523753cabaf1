/// A receipt for one outbox message, with the audit events that record its delivery.
public struct OutboxDelivery: Sendable {
    /// The message's id.
    public var id: String
    /// The receipt's exact bytes, kept as proof of delivery.
    public var receipt: [UInt8]
    /// Appended to the audit log in the same transaction, only when the message's state changes.
    public var audit: [AuditEvent]

    public init(id: String, receipt: [UInt8], audit: [AuditEvent] = []) {
        self.id = id
        self.receipt = receipt
        self.audit = audit
    }
}
