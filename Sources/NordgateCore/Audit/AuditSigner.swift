/// Signs audit checkpoints. Injected into the store so the log does not depend on the keyring.
public protocol AuditSigner: Sendable {
    /// The id of the signing key, recorded in each checkpoint.
    var keyID: String { get }
    /// An Ed25519 signature of `message`.
    func sign(_ message: [UInt8]) throws -> [UInt8]
}
