/// What ``GatewayStore/receive(_:now:makeReceipt:)`` did with an arriving envelope.
public enum ReceiveOutcome: Sendable, Hashable {
    /// New: stored once, durably; answer with this receipt.
    case accepted(receipt: [UInt8])
    /// Already received with the same digest: nothing stored; answer with the receipt sent the first time.
    case duplicate(receipt: [UInt8])
    /// The id was already received with a different digest: a replay with altered bytes or a
    /// forgery. Nothing stored; refuse it and audit it.
    case conflict
}
