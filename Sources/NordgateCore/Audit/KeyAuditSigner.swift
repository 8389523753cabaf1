public import Sodium

/// An ``AuditSigner`` holding one Ed25519 key pair, typically the gateway's active signing key.
public struct KeyAuditSigner: AuditSigner {
    public let keyID: String
    private let keyPair: SigningKeyPair

    /// A signer for `keyPair`, recorded under `keyID`.
    public init(keyID: String, keyPair: SigningKeyPair) {
        self.keyID = keyID
        self.keyPair = keyPair
    }

    /// A signer for `keyring`'s active signing key.
    /// - Throws: ``KeyringError`` when there is no active signing key or it cannot be opened.
    public init(keyring: Keyring) throws {
        let key = try keyring.activeKey(kind: .signing)
        self.init(keyID: key.id, keyPair: try keyring.signingKeyPair(for: key))
    }

    public func sign(_ message: [UInt8]) throws -> [UInt8] { keyPair.sign(message) }
}
