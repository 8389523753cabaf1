import Foundation
import Sodium

/// The keys a keyring derives from its operator's passphrase: one encrypts the secret halves
/// of keys at rest, one authenticates the whole file.
struct KeyringSecrets: Sendable {
    let secretEncryptionKey: SecretBytes
    let macKey: SecretBytes

    private static let context = "ngkeyrng"
    private static let checkText = Array("nordgate keyring passphrase check v1".utf8)

    /// Derives both keys with Argon2id (then `crypto_kdf`) from the passphrase.
    init(passphrase: SecretBytes, parameters: KDFParameters) throws(KeyringError) {
        do {
            let salt = try Base64.decode(parameters.salt)
            let cost = PasswordHash.Cost(opsLimit: parameters.opsLimit, memLimit: parameters.memLimit)
            let master = try PasswordHash.deriveKey(passphrase: passphrase, salt: salt, length: 32, cost: cost)
            secretEncryptionKey = try KeyDerivation.deriveKey(from: master, subkeyID: 1, context: Self.context)
            macKey = try KeyDerivation.deriveKey(from: master, subkeyID: 2, context: Self.context)
        } catch {
            throw .crypto("deriving the keyring key from the passphrase failed (\(error))")
        }
    }

    /// The passphrase check value stored in the file.
    func check() throws(KeyringError) -> String {
        try mac(Self.checkText)
    }

    /// Keyed BLAKE2b-256 of `bytes`, base64.
    func mac(_ bytes: [UInt8]) throws(KeyringError) -> String {
        do { return Base64.encode(try GenericHash.keyedHash(bytes, key: macKey)) } catch {
            throw .crypto("keyed hash failed")
        }
    }

    /// Encrypts a key's secret half, bound to the key's identity.
    func seal(_ secret: SecretBytes, for key: KeyRecordIdentity) throws(KeyringError) -> SealedSecret {
        let nonce = SecureRandom.bytes(AEAD.nonceLength)
        var plaintext = secret.withUnsafeBytes { Array($0) }
        defer { Self.wipe(&plaintext) }
        do {
            let ciphertext = try AEAD.seal(
                plaintext, key: secretEncryptionKey, nonce: nonce, associatedData: key.associatedData)
            return SealedSecret(nonce: Base64.encode(nonce), ciphertext: Base64.encode(ciphertext))
        } catch {
            throw .crypto("sealing a secret key failed")
        }
    }

    /// Decrypts a key's secret half.
    func open(_ sealed: SealedSecret, for key: KeyRecordIdentity, path: String) throws(KeyringError) -> SecretBytes {
        do {
            var plaintext = try AEAD.open(
                try Base64.decode(sealed.ciphertext), key: secretEncryptionKey,
                nonce: try Base64.decode(sealed.nonce), associatedData: key.associatedData)
            return SecretBytes(wiping: &plaintext)
        } catch {
            throw .tampered(path: path)
        }
    }

    /// Zeroes a temporary copy of secret bytes (through `sodium_memzero`, which is not optimised away).
    static func wipe(_ bytes: inout [UInt8]) {
        _ = SecretBytes(wiping: &bytes)
    }
}

/// What a sealed secret is bound to: moving a secret to another key record makes it fail to open.
struct KeyRecordIdentity {
    var authority: String
    var id: String
    var kind: KeyKind

    var associatedData: [UInt8] {
        Array("nordgate-keyring-v1\u{0}\(authority)\u{0}\(id)\u{0}\(kind.rawValue)".utf8)
    }
}
