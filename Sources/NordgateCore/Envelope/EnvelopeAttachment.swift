/// The signed metadata of one attachment; its encrypted bytes travel beside the envelope.
public struct EnvelopeAttachment: Sendable, Hashable {
    /// The attachment's id (a lowercase UUID); the encrypted file is named `<id>.bin`.
    public var id: String
    /// The media type of the plaintext, e.g. `image/jpeg`.
    public var mediaType: String
    /// The plaintext length in bytes.
    public var size: Int
    /// The number of stream chunks: `max(1, ceil(size / 65536))`.
    public var chunks: Int
    /// The 24-byte `crypto_secretstream_xchacha20poly1305` header.
    public var header: [UInt8]
    /// The 32-byte chained BLAKE2b digest of the encrypted chunks (`docs/envelope.md`).
    public var digest: [UInt8]

    /// The length of the encrypted file in bytes.
    public var encryptedLength: Int { EnvelopeFormat.encryptedLength(size: size) }

    /// Makes an attachment's metadata.
    public init(id: String, mediaType: String, size: Int, chunks: Int, header: [UInt8], digest: [UInt8]) {
        self.id = id
        self.mediaType = mediaType
        self.size = size
        self.chunks = chunks
        self.header = header
        self.digest = digest
    }

    /// Checks an encrypted attachment file against this signed metadata without any key: its
    /// length and its chained digest. A relay or receiver does this before it stores the file.
    /// - Parameter path: the encrypted file (`<id>.bin`).
    /// - Throws: ``EnvelopeError/attachmentInvalid(_:)`` for a missing, short, long or altered file.
    public func checkEncryptedFile(at path: String) throws(EnvelopeError) {
        try AttachmentStream.check(self, source: path)
    }
}
