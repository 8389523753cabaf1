import Foundation
import Sodium

/// A parsed envelope whose structure has been checked, but not yet its signature or times.
///
/// ``parse(_:)`` accepts only the exact canonical bytes of a well-formed version-1 envelope;
/// use ``EnvelopeOpener`` to verify and open one.
public struct Envelope: Sendable, Hashable {
    /// The header (everything but payload and signature).
    public var header: EnvelopeHeader
    /// The payload's 24-byte XChaCha20-Poly1305 nonce.
    public var nonce: [UInt8]
    /// The payload's ciphertext followed by its 16-byte tag.
    public var ciphertext: [UInt8]
    /// The 64-byte Ed25519 signature.
    public var signature: [UInt8]
    /// The exact envelope bytes (canonical JSON).
    public var bytes: [UInt8]
    /// Where the `payload` and `signature` members (each with its comma) lie in ``bytes``.
    var payloadMember: Range<Int> = 0..<0
    var signatureMember: Range<Int> = 0..<0

    /// The BLAKE2b-256 digest of the exact envelope bytes; receipts sign it, stores may key on it.
    public var digest: [UInt8] { GenericHash.hash(bytes) }

    /// Parses and checks an envelope's text without verifying its signature.
    ///
    /// - Parameter bytes: The envelope, exactly as received (no trailing newline).
    /// - Returns: The envelope.
    /// - Throws: ``EnvelopeError/malformed(_:)`` unless the bytes are exactly a well-formed envelope in RFC 8785
    ///   canonical form; ``EnvelopeError/unknownVersion`` when `version` is a number other than 1.
    public static func parse(_ bytes: [UInt8]) throws(EnvelopeError) -> Envelope {
        try EnvelopeJSON.parse(bytes)
    }

    /// The bytes the signature covers: the signature context, then the canonical JSON of the
    /// envelope without its `signature` member.
    /// Neither member is ever first or last, so cutting it out with its comma leaves the canonical form of the rest.
    func signedBytes() -> [UInt8] {
        EnvelopeWriter.removing([signatureMember], from: bytes, prefix: EnvelopeFormat.signatureContext)
    }

    /// The payload's associated data: the payload context, then the canonical JSON of the header.
    func associatedData() -> [UInt8] {
        EnvelopeWriter.removing([payloadMember, signatureMember], from: bytes, prefix: EnvelopeFormat.payloadContext)
    }
}

extension EnvelopeHeader {
    /// The payload's associated data: the payload context, then the canonical JSON of the header.
    func associatedData() -> [UInt8] {
        EnvelopeWriter.canonical(self, nonce: nil, ciphertext: nil, signature: nil, prefix: EnvelopeFormat.payloadContext)
    }
}
