package import Sodium

/// Where an ``EnvelopeSealer`` gets its fresh values.
///
/// The public API always uses the system's secure randomness. Tests replace it (through `package`
/// access, from `NordgateTestSupport`) to make test vectors; nothing outside this package can.
package protocol EnvelopeEntropy: Sendable {
    /// A fresh 32-byte content key.
    func contentKey() -> SecretBytes
    /// A fresh 24-byte payload nonce.
    func nonce() -> [UInt8]
    /// A fresh lowercase UUID (envelope and attachment ids).
    func uuid() -> String
    /// `crypto_box_seal` of the content key to a recipient. libsodium draws the ephemeral key inside
    /// the call, so a deterministic source can only replay boxes it was given.
    func seal(contentKey: SecretBytes, to recipient: EnvelopeRecipient) throws -> [UInt8]
}

/// The production source: libsodium's `randombytes` and `crypto_box_seal`.
struct SystemEntropy: EnvelopeEntropy {
    func contentKey() -> SecretBytes { AEAD.generateKey() }

    func nonce() -> [UInt8] { AEAD.generateNonce() }

    func uuid() -> String { Self.uuidFromBytes(SecureRandom.bytes(16)) }

    func seal(contentKey: SecretBytes, to recipient: EnvelopeRecipient) throws -> [UInt8] {
        var copy = contentKey.withUnsafeBytes { Array($0) }
        // SecretBytes(wiping:) zeroes the temporary copy once the box is made.
        defer { _ = SecretBytes(wiping: &copy) }
        return try SealedBox.seal(copy, to: recipient.publicKey)
    }

    /// A version-4 UUID in lowercase from 16 random bytes.
    static func uuidFromBytes(_ random: [UInt8]) -> String {
        var bytes = random
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let characters = Array(hex)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
            + String(characters[16..<20]) + "-" + String(characters[20..<32])
    }
}
