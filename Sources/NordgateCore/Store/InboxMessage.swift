public import Foundation

/// A verified envelope that arrived for this gateway, as the relay hands it to the store.
public struct InboxMessage: Sendable, Hashable {
    /// The envelope's id: a UUID (stored in lowercase).
    public var id: String
    /// The authority that sent it (the envelope's signer).
    public var sender: String
    /// The message type.
    public var type: String
    /// The exact envelope bytes received.
    public var envelope: [UInt8]
    /// A hash of `envelope` (16 to 64 bytes), the one the receipt covers.
    public var digest: [UInt8]
    /// The envelope's own expiry; its id is remembered for replay detection at least until then.
    public var expires: Date

    public init(id: String, sender: String, type: String, envelope: [UInt8], digest: [UInt8], expires: Date) {
        self.id = id
        self.sender = sender
        self.type = type
        self.envelope = envelope
        self.digest = digest
        self.expires = expires
    }
}
