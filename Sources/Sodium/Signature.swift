import CSodium

/// Verification of Ed25519 detached signatures (`crypto_sign_verify_detached`).
public enum Signature {
    /// Checks that `signature` is a valid signature of `message` by `publicKey`.
    /// - Parameters:
    ///   - signature: A 64-byte detached signature.
    ///   - message: The signed bytes.
    ///   - publicKey: The signer's 32-byte public key.
    /// - Returns: `true` only for a valid signature; `false` for any wrong length or forgery.
    public static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        LibSodium.ensureInitialized()
        guard signature.count == SigningKeyPair.signatureLength,
            publicKey.count == SigningKeyPair.publicKeyLength
        else { return false }
        let result = signature.withUnsafeBytes { sig in
            message.withUnsafeBytes { m in
                publicKey.withUnsafeBytes { pk in
                    withInputPointer(m) { messagePointer in
                        crypto_sign_verify_detached(
                            sig.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            messagePointer, UInt64(m.count),
                            pk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                    }
                }
            }
        }
        return result == 0
    }
}
