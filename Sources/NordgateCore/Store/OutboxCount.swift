/// How many outbox rows one peer has in one state (queue depth for metrics).
public struct OutboxCount: Sendable, Hashable, Codable {
    /// The next-hop authority.
    public var peer: String
    /// The state counted.
    public var state: OutboxState
    /// The number of rows.
    public var count: Int

    public init(peer: String, state: OutboxState, count: Int) {
        self.peer = peer
        self.state = state
        self.count = count
    }
}
