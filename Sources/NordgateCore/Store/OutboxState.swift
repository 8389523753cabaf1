/// Where an outbox message is in its delivery. See `docs/store.md` for the transitions.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its first or next delivery attempt.
    case queued
    /// Claimed by a delivery worker; an attempt is in flight.
    case delivering
    /// The receiver answered with a receipt, which is stored.
    case delivered
    /// The last attempt failed; another is due at `nextAttempt`.
    case failed
    /// Its `expires` time passed before it was delivered (a dead letter).
    case expired
    /// Given up on: a permanent refusal or too many attempts (a dead letter).
    case dead

    /// States an operator may retry.
    public static let retryable: Set<OutboxState> = [.failed, .expired, .dead]
    /// States an operator may purge.
    public static let purgeable: Set<OutboxState> = [.delivered, .expired, .dead]
}
