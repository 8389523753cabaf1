import Sodium

/// An authority to seal an envelope to, with the encryption key to use.
public struct EnvelopeRecipient: Sendable, Hashable {
    /// The authority id, e.g. `DK-CA`.
    public var authority: String
    /// The id of its encryption key.
    public var keyId: String
    /// The 32-byte X25519 public key.
    public var publicKey: [UInt8]

    /// Makes a recipient.
    public init(authority: String, keyId: String, publicKey: [UInt8]) {
        self.authority = authority
        self.keyId = keyId
        self.publicKey = publicKey
    }

    /// The recipients for `authorities`, each with the ACTIVE encryption key of its trusted
    /// descriptor (pending keys are never used; they are published only so peers can stage them).
    /// - Parameters:
    ///   - authorities: The addressed authorities, in order.
    ///   - directory: The trusted peers.
    /// - Returns: One recipient per authority.
    /// - Throws: ``EnvelopeError/unknownRecipient(_:)`` when an authority is not a trusted peer or has no usable
    ///   active encryption key.
    public static func resolve(
        _ authorities: [String], in directory: PeerDirectory
    ) throws(EnvelopeError) -> [EnvelopeRecipient] {
        var result: [EnvelopeRecipient] = []
        for authority in authorities {
            guard let peer = directory.peers.first(where: { $0.authority == authority }) else {
                throw .unknownRecipient("\(authority) is not a trusted peer; import its descriptor first")
            }
            guard let key = peer.descriptor.activeEncryptionKey,
                let publicKey = try? key.publicKeyBytes(), publicKey.count == BoxKeyPair.publicKeyLength
            else { throw .unknownRecipient("\(authority) has no active encryption key in its descriptor") }
            result.append(EnvelopeRecipient(authority: authority, keyId: key.id, publicKey: publicKey))
        }
        return result
    }
}
