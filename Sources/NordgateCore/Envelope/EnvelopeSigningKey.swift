package import Foundation

/// A sender's signing key as an opener sees it: taken from a trusted peer descriptor.
package struct EnvelopeSigningKey: Sendable {
    /// The key id.
    package var id: String
    /// The 32-byte Ed25519 public key.
    package var publicKey: [UInt8]
    /// The state the descriptor gives it.
    package var state: KeyState
    /// The start of its validity.
    package var notBefore: Date
    /// The end of its validity (for keys that are no longer active).
    package var notAfter: Date?
    /// When it was revoked, if it was.
    package var revokedAt: Date?

    /// Makes a signing key entry.
    package init(
        id: String, publicKey: [UInt8], state: KeyState, notBefore: Date, notAfter: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.publicKey = publicKey
        self.state = state
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.revokedAt = revokedAt
    }
}
