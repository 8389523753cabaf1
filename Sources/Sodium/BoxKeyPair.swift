import CSodium

/// An X25519 key pair for public-key encryption (`crypto_box`), used by ``SealedBox``.
public struct BoxKeyPair: Sendable {
    /// Public key length in bytes (32).
    public static let publicKeyLength = Int(crypto_box_publickeybytes())
    /// Secret key length in bytes (32).
    public static let secretKeyLength = Int(crypto_box_secretkeybytes())
    /// Seed length in bytes for ``init(seed:)`` (32).
    public static let seedLength = Int(crypto_box_seedbytes())

    /// The 32-byte public key; safe to share.
    public let publicKey: [UInt8]
    /// The 32-byte secret key.
    public let secretKey: SecretBytes

    private init(publicKey: [UInt8], secretKey: SecretBytes) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Creates a random key pair (`crypto_box_keypair`).
    /// - Returns: A fresh key pair.
    public static func generate() -> BoxKeyPair {
        LibSodium.ensureInitialized()
        var publicKey = [UInt8]()
        let secretKey = SecretBytes(count: secretKeyLength) { sk in
            publicKey = [UInt8](sodiumOutput: publicKeyLength) { pk in
                LibSodium.mustSucceed(
                    crypto_box_keypair(pk, sk.baseAddress!.assumingMemoryBound(to: UInt8.self)),
                    "crypto_box_keypair"
                )
            }
        }
        return BoxKeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// Rebuilds a key pair from its secret key, deriving the public key (`crypto_scalarmult_base`).
    /// - Parameter secretKey: A 32-byte X25519 secret key.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong length;
    ///   ``SodiumError/operationFailed(_:)`` if libsodium rejects the key.
    public init(secretKey: SecretBytes) throws {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("X25519 secret key", secretKey.count, Self.secretKeyLength)
        let publicKey = try [UInt8](sodiumOutput: Self.publicKeyLength) { pk in
            let result = secretKey.withUnsafeBytes { sk in
                crypto_scalarmult_base(pk, sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            try LibSodium.check(result, or: .operationFailed("crypto_scalarmult_base"))
        }
        self.init(publicKey: publicKey, secretKey: secretKey)
    }

    /// Derives a key pair deterministically from a seed (`crypto_box_seed_keypair`); meant for test vectors
    /// and for keys derived from other secrets.
    /// - Parameter seed: A 32-byte seed.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong seed length.
    public init(seed: SecretBytes) throws {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("X25519 seed", seed.count, Self.seedLength)
        var publicKey = [UInt8]()
        let secretKey = try SecretBytes(count: Self.secretKeyLength) { sk in
            publicKey = try [UInt8](sodiumOutput: Self.publicKeyLength) { pk in
                let result = seed.withUnsafeBytes { s in
                    crypto_box_seed_keypair(
                        pk,
                        sk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        s.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    )
                }
                try LibSodium.check(result, or: .operationFailed("crypto_box_seed_keypair"))
            }
        }
        self.init(publicKey: publicKey, secretKey: secretKey)
    }
}
