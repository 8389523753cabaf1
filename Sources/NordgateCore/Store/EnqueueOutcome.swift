/// What ``GatewayStore/enqueue(_:vault:now:)`` did with one message.
public enum EnqueueOutcome: Sendable, Hashable {
    /// The message is new and now durable.
    case stored
    /// A message with the same id and digest was already stored; nothing changed.
    case alreadyStored(OutboxState)
}
