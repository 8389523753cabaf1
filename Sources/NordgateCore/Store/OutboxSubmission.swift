/// One message of a submission, with the audit events that record it.
public struct OutboxSubmission: Sendable {
    /// The message to store.
    public var message: OutboxMessage
    /// Appended to the audit log in the submission's transaction, only when the message is new.
    public var audit: [AuditEvent]

    public init(_ message: OutboxMessage, audit: [AuditEvent] = []) {
        self.message = message
        self.audit = audit
    }
}
