import CSodium

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Key derivation from a passphrase with Argon2id (`crypto_pwhash`, `crypto_pwhash_ALG_ARGON2ID13`).
public enum PasswordHash {
    /// The work Argon2id does: passes over memory and memory size.
    public struct Cost: Sendable, Hashable, Codable {
        /// Number of passes (libsodium's `opslimit`).
        public var opsLimit: UInt64
        /// Memory in bytes (libsodium's `memlimit`).
        public var memLimit: Int

        /// Creates a cost.
        /// - Parameters:
        ///   - opsLimit: Number of passes, at least 1.
        ///   - memLimit: Memory in bytes, at least 8 KiB.
        public init(opsLimit: UInt64, memLimit: Int) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }

        /// libsodium's interactive preset (2 passes, 64 MiB).
        public static let interactive = Cost(
            opsLimit: UInt64(crypto_pwhash_argon2id_opslimit_interactive()),
            memLimit: Int(crypto_pwhash_argon2id_memlimit_interactive())
        )
        /// libsodium's moderate preset (3 passes, 256 MiB).
        public static let moderate = Cost(
            opsLimit: UInt64(crypto_pwhash_argon2id_opslimit_moderate()),
            memLimit: Int(crypto_pwhash_argon2id_memlimit_moderate())
        )
        /// libsodium's sensitive preset (4 passes, 1 GiB).
        public static let sensitive = Cost(
            opsLimit: UInt64(crypto_pwhash_argon2id_opslimit_sensitive()),
            memLimit: Int(crypto_pwhash_argon2id_memlimit_sensitive())
        )
        /// The lowest cost libsodium accepts (1 pass, 8 KiB); for tests only.
        public static let minimum = Cost(
            opsLimit: UInt64(crypto_pwhash_argon2id_opslimit_min()),
            memLimit: Int(crypto_pwhash_argon2id_memlimit_min())
        )
    }

    /// Salt length in bytes (16).
    public static let saltLength = Int(crypto_pwhash_argon2id_saltbytes())
    /// Shortest derived key in bytes (16).
    public static let minimumKeyLength = Int(crypto_pwhash_argon2id_bytes_min())

    /// Derives a key from a passphrase.
    /// - Parameters:
    ///   - passphrase: The passphrase bytes (UTF-8 text, typically).
    ///   - salt: 16 random bytes stored beside the derived key's use.
    ///   - length: Key length, at least 16 bytes.
    ///   - cost: Passes and memory; see ``Cost``.
    /// - Returns: The derived key.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong salt or key length, or a cost
    ///   outside libsodium's limits (lengths then name the bound); ``SodiumError/outOfMemory`` when the memory
    ///   cannot be allocated; ``SodiumError/operationFailed(_:)`` for any other failure.
    public static func deriveKey(
        passphrase: SecretBytes,
        salt: [UInt8],
        length: Int,
        cost: Cost
    ) throws -> SecretBytes {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("Argon2id salt", salt.count, saltLength)
        let maximumKeyLength = Int(clamping: crypto_pwhash_argon2id_bytes_max())
        try LibSodium.requireLength("Argon2id key", length, in: minimumKeyLength...maximumKeyLength)
        let maximumPassphrase = Int(clamping: crypto_pwhash_argon2id_passwd_max())
        try LibSodium.requireLength("Argon2id passphrase", passphrase.count, in: 0...maximumPassphrase)
        let minimumOps = UInt64(crypto_pwhash_argon2id_opslimit_min())
        let maximumOps = UInt64(crypto_pwhash_argon2id_opslimit_max())
        guard (minimumOps...maximumOps).contains(cost.opsLimit) else {
            let bound = cost.opsLimit < minimumOps ? minimumOps : maximumOps
            throw SodiumError.invalidLength(
                what: "Argon2id opsLimit",
                actual: Int(clamping: cost.opsLimit),
                expected: Int(clamping: bound)
            )
        }
        let minimumMemory = Int(clamping: crypto_pwhash_argon2id_memlimit_min())
        let maximumMemory = Int(clamping: crypto_pwhash_argon2id_memlimit_max())
        try LibSodium.requireLength("Argon2id memLimit", cost.memLimit, in: minimumMemory...maximumMemory)

        return try SecretBytes(count: length) { output in
            let result = passphrase.withUnsafeBytes { p in
                salt.withUnsafeBytes { s in
                    crypto_pwhash(
                        output.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(length),
                        p.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(p.count),
                        s.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        cost.opsLimit, cost.memLimit,
                        crypto_pwhash_ALG_ARGON2ID13
                    )
                }
            }
            if result != 0 {
                // libsodium reports a failed allocation of the Argon2 memory through errno.
                throw errno == ENOMEM ? SodiumError.outOfMemory : SodiumError.operationFailed("crypto_pwhash")
            }
        }
    }
}
