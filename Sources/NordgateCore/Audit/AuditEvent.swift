public import Foundation

/// Something that happened and must be accountable: a submit, send, receipt, receive, open,
/// re-identification, key or configuration event. Holds ids, pseudonyms and key ids only,
/// never personal data.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// What happened, e.g. `reidentify`, `key.rotate`, `envelope.open`.
    public var kind: String
    /// Who did it: an operator name, a local API user, or `system`.
    public var actor: String
    /// What it was done to: a message id, a pseudonym, a key id.
    public var subject: String
    /// Further facts as short strings (a reason, a peer id); no personal data.
    public var details: [String: String]
    /// When it happened.
    public var time: Date

    public init(kind: String, actor: String, subject: String, details: [String: String] = [:], time: Date = Date()) {
        self.kind = kind
        self.actor = actor
        self.subject = subject
        self.details = details
        self.time = time
    }
}

/// Takes audit events and makes them durable before returning.
public protocol AuditSink: Sendable {
    /// Appends `event` to the log; returns once it is durable.
    func append(_ event: AuditEvent) throws
}
