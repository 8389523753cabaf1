import CSodium

/// Subkey derivation from a master key (`crypto_kdf_derive_from_key`, BLAKE2b based).
///
/// libsodium 1.0.18 has no HKDF; this is its key-derivation function.
public enum KeyDerivation {
    /// Master key length in bytes (32).
    public static let masterKeyLength = Int(crypto_kdf_keybytes())
    /// Context length in bytes (8).
    public static let contextLength = Int(crypto_kdf_contextbytes())
    /// Shortest subkey length in bytes (16).
    public static let minimumSubkeyLength = Int(crypto_kdf_bytes_min())
    /// Longest subkey length in bytes (64).
    public static let maximumSubkeyLength = Int(crypto_kdf_bytes_max())

    /// Creates a random master key (`crypto_kdf_keygen`).
    /// - Returns: A fresh 32-byte master key.
    public static func generateMasterKey() -> SecretBytes {
        LibSodium.ensureInitialized()
        return SecretBytes(count: masterKeyLength) { buffer in
            crypto_kdf_keygen(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Derives subkey number `subkeyID` for `context` from `masterKey`.
    /// - Parameters:
    ///   - masterKey: A 32-byte master key.
    ///   - subkeyID: The subkey number; different numbers give independent keys.
    ///   - context: Exactly 8 ASCII characters naming the purpose, e.g. `"Envelope"`.
    ///   - length: Subkey length, 16 to 64 bytes.
    /// - Returns: The subkey.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong key, context or subkey length;
    ///   ``SodiumError/invalidEncoding(what:)`` for a context that is not ASCII.
    public static func deriveKey(
        from masterKey: SecretBytes,
        subkeyID: UInt64,
        context: String,
        length: Int = 32
    ) throws -> SecretBytes {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("KDF master key", masterKey.count, masterKeyLength)
        let contextBytes = Array(context.utf8)
        guard contextBytes.allSatisfy({ $0 < 0x80 }) else { throw SodiumError.invalidEncoding(what: "KDF context") }
        try LibSodium.requireLength("KDF context", contextBytes.count, contextLength)
        try LibSodium.requireLength("KDF subkey", length, in: minimumSubkeyLength...maximumSubkeyLength)
        return try SecretBytes(count: length) { output in
            let result = masterKey.withUnsafeBytes { k in
                contextBytes.withUnsafeBytes { ctx in
                    crypto_kdf_derive_from_key(
                        output.baseAddress!.assumingMemoryBound(to: UInt8.self), length,
                        subkeyID,
                        ctx.baseAddress!.assumingMemoryBound(to: CChar.self),
                        k.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    )
                }
            }
            try LibSodium.check(result, or: .operationFailed("crypto_kdf_derive_from_key"))
        }
    }
}
