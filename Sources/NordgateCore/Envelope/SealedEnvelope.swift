/// The result of sealing: the envelope and where its encrypted attachments were written.
public struct SealedEnvelope: Sendable {
    /// The envelope.
    public let envelope: Envelope
    /// The path of each attachment's encrypted file (`<id>.bin`), in attachment order.
    public let attachmentFiles: [String]

    /// The exact envelope bytes to send.
    public var bytes: [UInt8] { envelope.bytes }
    /// The envelope's header.
    public var header: EnvelopeHeader { envelope.header }
}
