/// Size limits the store enforces, so hostile or broken callers cannot fill the disk with one
/// row or smuggle free text into columns meant for codes.
public enum StoreLimits {
    /// Largest envelope accepted, in bytes.
    public static let maxEnvelopeBytes = 32 << 20
    /// Largest receipt accepted, in bytes.
    public static let maxReceiptBytes = 64 << 10
    /// Largest vault ciphertext accepted, in bytes.
    public static let maxVaultCiphertextBytes = 64 << 10
    /// Most recipients of one outbox message.
    public static let maxRecipients = 64
    /// Longest message type, error code, key id or pseudonym, in bytes.
    public static let maxTokenBytes = 128
    /// Most rows one listing or claim returns.
    public static let maxListLimit = 10_000
}
