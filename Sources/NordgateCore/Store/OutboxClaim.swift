/// What ``GatewayStore/claimDue(peer:now:limit:)`` did: the messages now `delivering` for the
/// caller, and the ids it moved to `expired` instead (for the audit log).
public struct OutboxClaim: Sendable, Hashable {
    /// Messages to send now, oldest due first.
    public var messages: [OutboxRecord]
    /// Ids that were due but past their `expires` time.
    public var expired: [String]

    public init(messages: [OutboxRecord], expired: [String]) {
        self.messages = messages
        self.expired = expired
    }
}
