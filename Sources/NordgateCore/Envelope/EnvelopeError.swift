/// Why sealing, verifying or opening an envelope failed.
///
/// Each case has a stable ``code`` that tools and other implementations rely on (see
/// `docs/envelope.md`). Descriptions say what failed in general terms: never payload values,
/// key bytes or file names.
public enum EnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The envelope declares a format version this implementation does not know.
    case unknownVersion
    /// The envelope is not exactly a well-formed version-1 envelope in canonical form.
    case malformed(String)
    /// The signature does not verify with the named signing key.
    case signatureInvalid
    /// The sender is not a trusted peer, or its descriptor has no signing key with that id.
    case unknownSigningKey
    /// The signing key was not yet valid, or no longer valid, at the envelope's `created` time.
    case signingKeyNotValid
    /// The signing key was revoked at or before the envelope's `created` time.
    case signingKeyRevoked
    /// Our authority is not among the envelope's recipients.
    case notAddressedToUs
    /// The content key is sealed to an encryption key that our keyring does not hold.
    case unknownEncryptionKey
    /// The content key is sealed to one of our keys that is retired or revoked.
    case encryptionKeyRetired
    /// The envelope's expiry time has passed.
    case expired
    /// The envelope was created further in the future than the allowed clock skew.
    case createdInFuture
    /// The sealed content key or the payload did not decrypt. Deliberately says nothing more.
    case decryptionFailed
    /// An attachment is missing, truncated, reordered, altered or from another envelope.
    case attachmentInvalid(String)
    /// A sealing request is not valid (argument out of range, bad identifier).
    case invalidRequest(String)
    /// An addressed authority is not a trusted peer or has no active encryption key.
    case unknownRecipient(String)
    /// A file could not be read or written.
    case io(String)

    /// The stable error code, e.g. `signature-invalid`.
    public var code: String {
        switch self {
        case .unknownVersion: "unknown-version"
        case .malformed: "malformed"
        case .signatureInvalid: "signature-invalid"
        case .unknownSigningKey: "unknown-signing-key"
        case .signingKeyNotValid: "signing-key-not-valid"
        case .signingKeyRevoked: "signing-key-revoked"
        case .notAddressedToUs: "not-addressed-to-us"
        case .unknownEncryptionKey: "unknown-encryption-key"
        case .encryptionKeyRetired: "encryption-key-retired"
        case .expired: "expired"
        case .createdInFuture: "created-in-future"
        case .decryptionFailed: "decryption-failed"
        case .attachmentInvalid: "attachment-invalid"
        case .invalidRequest: "invalid-request"
        case .unknownRecipient: "unknown-recipient"
        case .io: "io-error"
        }
    }

    /// The message shown with ``code`` (the same as ``description``).
    public var message: String { description }

    /// One short sentence without personal data, key bytes or file names.
    public var description: String {
        switch self {
        case .unknownVersion: "the envelope has a format version other than 1"
        case .malformed(let reason): "the envelope is malformed: \(reason)"
        case .signatureInvalid: "the envelope's signature does not verify"
        case .unknownSigningKey: "the sender or its signing key is not known from a trusted peer descriptor"
        case .signingKeyNotValid: "the sender's signing key was not valid when the envelope was created"
        case .signingKeyRevoked: "the sender's signing key was revoked before the envelope was created"
        case .notAddressedToUs: "the envelope is not addressed to this authority"
        case .unknownEncryptionKey: "the envelope is sealed to an encryption key this keyring does not hold"
        case .encryptionKeyRetired: "the envelope is sealed to an encryption key that is retired or revoked"
        case .expired: "the envelope has expired"
        case .createdInFuture: "the envelope was created in the future beyond the allowed clock skew"
        case .decryptionFailed: "the envelope could not be decrypted"
        case .attachmentInvalid(let reason): "an attachment is invalid: \(reason)"
        case .invalidRequest(let reason): "the sealing request is not valid: \(reason)"
        case .unknownRecipient(let reason): "a recipient cannot be used: \(reason)"
        case .io(let reason): "a file operation failed: \(reason)"
        }
    }
}
