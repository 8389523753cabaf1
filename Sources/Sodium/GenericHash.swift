import CSodium

/// BLAKE2b hashing through libsodium's one-shot `crypto_generichash`.
///
/// The streaming state (`crypto_generichash_state`) is over-aligned and does not import into Swift,
/// so only whole messages are hashed.
public enum GenericHash {
    /// Shortest output length in bytes (16).
    public static let minimumOutputLength = Int(crypto_generichash_bytes_min())
    /// Longest output length in bytes (64).
    public static let maximumOutputLength = Int(crypto_generichash_bytes_max())
    /// Shortest key length in bytes (16).
    public static let minimumKeyLength = Int(crypto_generichash_keybytes_min())
    /// Longest key length in bytes (64).
    public static let maximumKeyLength = Int(crypto_generichash_keybytes_max())

    /// Hashes `message` without a key.
    /// - Parameters:
    ///   - message: The bytes to hash.
    ///   - outputLength: Digest length, 16 to 64 bytes; anything else is a programming error and traps.
    /// - Returns: The digest.
    public static func hash(_ message: [UInt8], outputLength: Int = 32) -> [UInt8] {
        precondition(
            (minimumOutputLength...maximumOutputLength).contains(outputLength),
            "BLAKE2b output length must be 16 to 64 bytes"
        )
        // With a valid length and no key, the only failure would be a broken invariant.
        return try! digest(message, key: nil, outputLength: outputLength)
    }

    /// Hashes `message` with a secret key (a MAC or PRF).
    /// - Parameters:
    ///   - message: The bytes to hash.
    ///   - key: A key of 16 to 64 bytes (32 recommended).
    ///   - outputLength: Digest length, 16 to 64 bytes.
    /// - Returns: The digest.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a key or output length out of range.
    public static func keyedHash(_ message: [UInt8], key: SecretBytes, outputLength: Int = 32) throws -> [UInt8] {
        try LibSodium.requireLength("BLAKE2b key", key.count, in: minimumKeyLength...maximumKeyLength)
        try LibSodium.requireLength("BLAKE2b output", outputLength, in: minimumOutputLength...maximumOutputLength)
        return try digest(message, key: key, outputLength: outputLength)
    }

    private static func digest(_ message: [UInt8], key: SecretBytes?, outputLength: Int) throws -> [UInt8] {
        LibSodium.ensureInitialized()
        return try [UInt8](sodiumOutput: outputLength) { output in
            let result = message.withUnsafeBytes { m in
                withInputPointer(m) { messagePointer in
                    if let key {
                        return key.withUnsafeBytes { k in
                            crypto_generichash(
                                output, outputLength,
                                messagePointer, UInt64(m.count),
                                k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count
                            )
                        }
                    }
                    return crypto_generichash(output, outputLength, messagePointer, UInt64(m.count), nil, 0)
                }
            }
            try LibSodium.check(result, or: .operationFailed("crypto_generichash"))
        }
    }
}
