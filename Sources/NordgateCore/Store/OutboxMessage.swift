public import Foundation

/// A sealed envelope waiting to go to the next hop, as the relay hands it to the store.
public struct OutboxMessage: Sendable, Hashable {
    /// The envelope's id: a UUID (stored in lowercase).
    public var id: String
    /// The next-hop authority the envelope is sent to, e.g. `DK-CA`.
    public var peer: String
    /// The authorities the envelope is addressed to (the peer itself, or others behind it).
    public var recipients: [String]
    /// The message type, e.g. `ca.locate-child.request`.
    public var type: String
    /// The exact envelope bytes to send.
    public var envelope: [UInt8]
    /// A hash of `envelope` (16 to 64 bytes, e.g. BLAKE2b-256); receipts refer to it.
    public var digest: [UInt8]
    /// When the message was accepted.
    public var created: Date
    /// After this it is not sent any more (receivers refuse stale envelopes).
    public var expires: Date

    public init(
        id: String,
        peer: String,
        recipients: [String],
        type: String,
        envelope: [UInt8],
        digest: [UInt8],
        created: Date,
        expires: Date
    ) {
        self.id = id
        self.peer = peer
        self.recipients = recipients
        self.type = type
        self.envelope = envelope
        self.digest = digest
        self.created = created
        self.expires = expires
    }
}
