import CSodium

/// An Ed25519 signing key pair (`crypto_sign_*`), producing detached signatures.
public struct SigningKeyPair: Sendable {
    /// Public key length in bytes (32).
    public static let publicKeyLength = Int(crypto_sign_publickeybytes())
    /// Signature length in bytes (64).
    public static let signatureLength = Int(crypto_sign_bytes())
    /// Seed length in bytes (32).
    public static let seedLength = Int(crypto_sign_seedbytes())
    /// Length of libsodium's secret key in bytes (64: the seed followed by the public key).
    public static let secretKeyLength = Int(crypto_sign_secretkeybytes())

    /// The 32-byte public key; safe to share.
    public let publicKey: [UInt8]
    /// The 64-byte libsodium secret key (seed followed by public key).
    public let secretKey: SecretBytes

    private init(publicKey: [UInt8], secretKey: SecretBytes) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Creates a random key pair (`crypto_sign_keypair`).
    /// - Returns: A fresh key pair.
    public static func generate() -> SigningKeyPair {
        LibSodium.ensureInitialized()
        var publicKey = [UInt8]()
        let secretKey = SecretBytes(count: secretKeyLength) { sk in
            publicKey = [UInt8](sodiumOutput: publicKeyLength) { pk in
                LibSodium.mustSucceed(
                    crypto_sign_keypair(pk, sk.baseAddress!.assumingMemoryBound(to: UInt8.self)),
                    "crypto_sign_keypair"
                )
            }
        }
        return SigningKeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// Derives a key pair from a 32-byte seed (`crypto_sign_seed_keypair`), as in RFC 8032.
    /// - Parameter seed: The 32-byte Ed25519 private key (seed).
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong seed length.
    public init(seed: SecretBytes) throws {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("Ed25519 seed", seed.count, Self.seedLength)
        var publicKey = [UInt8]()
        let secretKey = try SecretBytes(count: Self.secretKeyLength) { sk in
            publicKey = try [UInt8](sodiumOutput: Self.publicKeyLength) { pk in
                let result = seed.withUnsafeBytes { s in
                    crypto_sign_seed_keypair(
                        pk,
                        sk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        s.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    )
                }
                try LibSodium.check(result, or: .operationFailed("crypto_sign_seed_keypair"))
            }
        }
        self.init(publicKey: publicKey, secretKey: secretKey)
    }

    /// Rebuilds a key pair from a 64-byte libsodium secret key.
    ///
    /// The key pair is derived again from the seed half; the public-key half must match it.
    /// - Parameter secretKey: Seed followed by public key, as produced by libsodium.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong length;
    ///   ``SodiumError/invalidEncoding(what:)`` when the public-key half does not belong to the seed half.
    public init(secretKey: SecretBytes) throws {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("Ed25519 secret key", secretKey.count, Self.secretKeyLength)
        let seed = SecretBytes(count: Self.seedLength) { s in
            let result = secretKey.withUnsafeBytes { sk in
                crypto_sign_ed25519_sk_to_seed(
                    s.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    sk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
            LibSodium.mustSucceed(result, "crypto_sign_ed25519_sk_to_seed")
        }
        let derived = try SigningKeyPair(seed: seed)
        guard derived.secretKey.constantTimeEquals(secretKey) else {
            throw SodiumError.invalidEncoding(what: "Ed25519 secret key")
        }
        self.init(publicKey: derived.publicKey, secretKey: secretKey)
    }

    /// Signs `message` (`crypto_sign_detached`).
    /// - Parameter message: The bytes to sign.
    /// - Returns: A 64-byte detached signature.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        LibSodium.ensureInitialized()
        return [UInt8](sodiumOutput: Self.signatureLength) { signature in
            let result = message.withUnsafeBytes { m in
                secretKey.withUnsafeBytes { sk in
                    withInputPointer(m) { messagePointer in
                        crypto_sign_detached(
                            signature, nil,
                            messagePointer, UInt64(m.count),
                            sk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                    }
                }
            }
            LibSodium.mustSucceed(result, "crypto_sign_detached")
        }
    }
}
