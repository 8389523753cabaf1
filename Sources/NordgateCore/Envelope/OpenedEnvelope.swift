import Sodium

/// An envelope that verified and opened: its header, its payload, and the means to open its attachments.
public struct OpenedEnvelope: Sendable {
    /// The verified envelope.
    public let envelope: Envelope
    /// The decrypted payload bytes.
    public let payload: [UInt8]
    /// The content key, kept to open attachments; wiped when the last copy is released.
    let contentKey: SecretBytes

    /// The verified header; `id`, `from`, `created` and `expires` are what a replay check needs.
    public var header: EnvelopeHeader { envelope.header }
    /// BLAKE2b-256 of the exact envelope bytes (what a receipt signs).
    public var digest: [UInt8] { envelope.digest }

    /// Checks and decrypts attachment `index` from its encrypted file into `destination`.
    ///
    /// Streams in 64 KiB chunks; `destination` appears only if the whole attachment is authentic.
    /// - Parameters:
    ///   - index: The attachment's position in ``EnvelopeHeader/attachments``.
    ///   - source: The encrypted file (`<id>.bin`).
    ///   - destination: Where to write the plaintext (mode 0600).
    /// - Throws: ``EnvelopeError/attachmentInvalid(_:)`` for a missing, truncated, extended, altered, reordered
    ///   or foreign file; ``EnvelopeError/io(_:)`` when the output cannot be written.
    public func openAttachment(at index: Int, from source: String, to destination: String) throws(EnvelopeError) {
        guard header.attachments.indices.contains(index) else {
            throw .attachmentInvalid("the envelope has no attachment at that position")
        }
        try AttachmentStream.open(
            header.attachments[index], index: index, envelopeID: header.id, contentKey: contentKey, source: source,
            destination: destination)
    }
}
