/// The fixed numbers and byte strings of envelope format version 1 (`docs/envelope.md`).
public enum EnvelopeFormat {
    /// The only format version this implementation reads and writes.
    public static let version = 1
    /// The largest envelope accepted, in bytes of JSON (attachments travel separately).
    public static let maximumEnvelopeBytes = 16 << 20
    /// The largest payload that is sealed; its base64 form keeps the envelope under ``maximumEnvelopeBytes``.
    public static let maximumPayloadBytes = 8 << 20
    /// At most this many addressed authorities.
    public static let maximumRecipients = 16
    /// At most this many attachments.
    public static let maximumAttachments = 64
    /// The largest attachment, in plaintext bytes.
    public static let maximumAttachmentBytes = 1 << 32
    /// Plaintext bytes per attachment chunk; only the last chunk may be shorter.
    public static let chunkSize = 64 * 1024
    /// The content key length in bytes.
    public static let contentKeyLength = 32
    /// The longest time between `created` and `expires`.
    public static let maximumLifetime: Int64 = 90 * 86_400
    /// The lifetime used when the sender does not choose one.
    public static let defaultLifetime: Int64 = 7 * 86_400
    /// The clock skew an opener tolerates for `created` by default, in seconds.
    public static let defaultClockSkew: Int64 = 5 * 60
    /// The `crypto_kdf` context from which attachment stream keys are derived.
    public static let attachmentKeyContext = "ngattach"

    /// Prefix of the bytes the Ed25519 signature covers.
    static let signatureContext = Array("nordgate-envelope-v1/signature\u{0}".utf8)
    /// Prefix of the payload's associated data.
    static let payloadContext = Array("nordgate-envelope-v1/payload\u{0}".utf8)
    /// Prefix of each attachment chunk's associated data.
    static let chunkContext = Array("nordgate-envelope-v1/attachment\u{0}".utf8)

    /// The number of chunks an attachment of `size` plaintext bytes has: at least one.
    public static func chunkCount(forSize size: Int) -> Int {
        size == 0 ? 1 : (size + chunkSize - 1) / chunkSize
    }

    /// The length of an attachment's encrypted file: each chunk grows by the stream's 17 bytes.
    static func encryptedLength(size: Int) -> Int {
        size + chunkCount(forSize: size) * 17
    }

    /// The associated data of one attachment chunk: context, envelope id, attachment index and
    /// chunk number (both 8-byte little-endian).
    static func chunkAssociatedData(envelopeID: String, attachment: Int, chunk: Int) -> [UInt8] {
        var bytes = chunkContext
        bytes.reserveCapacity(bytes.count + 36 + 16)
        bytes += Array(envelopeID.utf8)
        appendLittleEndian(UInt64(attachment), to: &bytes)
        appendLittleEndian(UInt64(chunk), to: &bytes)
        return bytes
    }

    private static func appendLittleEndian(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
