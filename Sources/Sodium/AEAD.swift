import CSodium

/// Authenticated encryption with associated data: XChaCha20-Poly1305 (IETF construction,
/// `crypto_aead_xchacha20poly1305_ietf_*`).
///
/// The 24-byte nonce is large enough to be chosen at random for every message (see ``generateNonce()``).
public enum AEAD {
    /// Key length in bytes (32).
    public static let keyLength = Int(crypto_aead_xchacha20poly1305_ietf_keybytes())
    /// Nonce length in bytes (24).
    public static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_npubbytes())
    /// Authentication tag length in bytes (16), appended to the ciphertext.
    public static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_abytes())

    /// Creates a random key (`crypto_aead_xchacha20poly1305_ietf_keygen`).
    /// - Returns: A fresh 32-byte key.
    public static func generateKey() -> SecretBytes {
        SecretBytes(count: keyLength) { buffer in
            crypto_aead_xchacha20poly1305_ietf_keygen(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Creates a random nonce; with 24 bytes, random nonces do not collide in practice.
    /// - Returns: 24 random bytes.
    public static func generateNonce() -> [UInt8] {
        SecureRandom.bytes(nonceLength)
    }

    /// Encrypts and authenticates `plaintext`, and authenticates `associatedData`.
    /// - Parameters:
    ///   - plaintext: The message to encrypt.
    ///   - key: A 32-byte key.
    ///   - nonce: A 24-byte nonce, never reused with the same key.
    ///   - associatedData: Data that is authenticated but not encrypted.
    /// - Returns: The ciphertext followed by the 16-byte tag.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong key or nonce length.
    public static func seal(
        _ plaintext: [UInt8],
        key: SecretBytes,
        nonce: [UInt8],
        associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        try plaintext.withUnsafeBytes { message in
            try associatedData.withUnsafeBytes { ad in
                try seal(message, key: key, nonce: nonce, associatedData: ad)
            }
        }
    }

    /// Encrypts and authenticates bytes in borrowed memory; see ``seal(_:key:nonce:associatedData:)-(_,_,_,[UInt8])``.
    /// - Returns: The ciphertext followed by the 16-byte tag.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong key or nonce length.
    public static func seal(
        _ plaintext: UnsafeRawBufferPointer,
        key: SecretBytes,
        nonce: [UInt8],
        associatedData: UnsafeRawBufferPointer
    ) throws -> [UInt8] {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("AEAD key", key.count, keyLength)
        try LibSodium.requireLength("AEAD nonce", nonce.count, nonceLength)
        let outputCount = plaintext.count + tagLength
        return try [UInt8](sodiumOutput: outputCount) { output in
            var written: UInt64 = 0
            let result = key.withUnsafeBytes { k in
                nonce.withUnsafeBytes { n in
                    withInputPointers(plaintext, associatedData) { m, ad in
                        crypto_aead_xchacha20poly1305_ietf_encrypt(
                            output, &written,
                            m, UInt64(plaintext.count),
                            ad, UInt64(associatedData.count),
                            nil,
                            n.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            k.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                    }
                }
            }
            try LibSodium.check(result, or: .operationFailed("crypto_aead_xchacha20poly1305_ietf_encrypt"))
            precondition(written == UInt64(outputCount), "unexpected ciphertext length")
        }
    }

    /// Verifies and decrypts `ciphertext` (ciphertext followed by tag).
    /// - Parameters:
    ///   - ciphertext: Output of ``seal(_:key:nonce:associatedData:)-(_,_,_,[UInt8])``.
    ///   - key: The 32-byte key it was sealed with.
    ///   - nonce: The 24-byte nonce it was sealed with.
    ///   - associatedData: The associated data it was sealed with.
    /// - Returns: The plaintext.
    /// - Throws: ``SodiumError/authenticationFailed`` if anything was altered, the key, nonce or associated data
    ///   differ, or the input is shorter than a tag; ``SodiumError/invalidLength(what:actual:expected:)`` for a
    ///   wrong key or nonce length.
    public static func open(
        _ ciphertext: [UInt8],
        key: SecretBytes,
        nonce: [UInt8],
        associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        try ciphertext.withUnsafeBytes { sealed in
            try associatedData.withUnsafeBytes { ad in
                try open(sealed, key: key, nonce: nonce, associatedData: ad)
            }
        }
    }

    /// Verifies and decrypts bytes in borrowed memory; see ``open(_:key:nonce:associatedData:)-(_,_,_,[UInt8])``.
    /// - Returns: The plaintext.
    /// - Throws: ``SodiumError/authenticationFailed`` or ``SodiumError/invalidLength(what:actual:expected:)``.
    public static func open(
        _ ciphertext: UnsafeRawBufferPointer,
        key: SecretBytes,
        nonce: [UInt8],
        associatedData: UnsafeRawBufferPointer
    ) throws -> [UInt8] {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("AEAD key", key.count, keyLength)
        try LibSodium.requireLength("AEAD nonce", nonce.count, nonceLength)
        guard ciphertext.count >= tagLength else { throw SodiumError.authenticationFailed }
        let outputCount = ciphertext.count - tagLength
        return try [UInt8](sodiumOutput: outputCount) { output in
            var written: UInt64 = 0
            let result = key.withUnsafeBytes { k in
                nonce.withUnsafeBytes { n in
                    withInputPointers(ciphertext, associatedData) { c, ad in
                        crypto_aead_xchacha20poly1305_ietf_decrypt(
                            output, &written,
                            nil,
                            c, UInt64(ciphertext.count),
                            ad, UInt64(associatedData.count),
                            n.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            k.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                    }
                }
            }
            try LibSodium.check(result, or: .authenticationFailed)
            precondition(written == UInt64(outputCount), "unexpected plaintext length")
        }
    }
}
