import CSodium

/// Anonymous public-key encryption to an X25519 public key (`crypto_box_seal`).
///
/// The sender needs only the recipient's public key; the box carries a one-time public key and a tag,
/// so the receiver learns nothing about who sealed it.
public enum SealedBox {
    /// Bytes a sealed box adds to the message (48: ephemeral public key and tag).
    public static let overhead = Int(crypto_box_sealbytes())

    /// Seals `message` so that only the holder of the matching secret key can open it.
    /// - Parameters:
    ///   - message: The bytes to seal, typically a content key.
    ///   - publicKey: The recipient's 32-byte public key.
    /// - Returns: `message.count + overhead` bytes.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong key length;
    ///   ``SodiumError/operationFailed(_:)`` if libsodium rejects the key.
    public static func seal(_ message: [UInt8], to publicKey: [UInt8]) throws -> [UInt8] {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("X25519 public key", publicKey.count, BoxKeyPair.publicKeyLength)
        return try [UInt8](sodiumOutput: message.count + overhead) { output in
            let result = message.withUnsafeBytes { m in
                publicKey.withUnsafeBytes { pk in
                    withInputPointer(m) { messagePointer in
                        crypto_box_seal(
                            output,
                            messagePointer, UInt64(m.count),
                            pk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                    }
                }
            }
            try LibSodium.check(result, or: .operationFailed("crypto_box_seal"))
        }
    }

    /// Opens a sealed box with the recipient's key pair (`crypto_box_seal_open`).
    /// - Parameters:
    ///   - box: Output of ``seal(_:to:)``.
    ///   - keyPair: The recipient's key pair.
    /// - Returns: The message, held as a secret.
    /// - Throws: ``SodiumError/authenticationFailed`` if the box was altered, is too short, or was sealed to
    ///   another key.
    public static func open(_ box: [UInt8], with keyPair: BoxKeyPair) throws -> SecretBytes {
        LibSodium.ensureInitialized()
        guard box.count >= overhead else { throw SodiumError.authenticationFailed }
        return try SecretBytes(count: box.count - overhead) { output in
            let result = box.withUnsafeBytes { c in
                keyPair.publicKey.withUnsafeBytes { pk in
                    keyPair.secretKey.withUnsafeBytes { sk in
                        // SecretBytes always has a base address, even for zero bytes.
                        crypto_box_seal_open(
                            output.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            c.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(c.count),
                            pk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            sk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                    }
                }
            }
            try LibSodium.check(result, or: .authenticationFailed)
        }
    }
}
