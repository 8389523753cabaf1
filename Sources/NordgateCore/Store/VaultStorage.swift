public import Foundation

/// One entry of the re-identification vault: a pseudonym and its original value, encrypted
/// under the keyring's vault key with the pseudonym as associated data.
public struct VaultEntry: Sendable, Hashable {
    /// The pseudonym, e.g. `psn:v1:1:…`.
    public var pseudonym: String
    /// The id of the vault key that encrypted `ciphertext`.
    public var keyID: String
    /// The AEAD nonce.
    public var nonce: [UInt8]
    /// The encrypted original value (XChaCha20-Poly1305, tag included).
    public var ciphertext: [UInt8]
    /// When the pseudonym was first made.
    public var created: Date

    public init(pseudonym: String, keyID: String, nonce: [UInt8], ciphertext: [UInt8], created: Date) {
        self.pseudonym = pseudonym
        self.keyID = keyID
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.created = created
    }
}

/// Where vault entries are kept. The vault never leaves the node.
public protocol VaultStorage: Sendable {
    /// Stores `entries`; an entry whose pseudonym is already stored is left as it was.
    func storeVaultEntries(_ entries: [VaultEntry]) throws
    /// Stores `entries` like the blocking variant, without blocking a thread while waiting
    /// (a store may share the commit with other writes; it still returns only once durable).
    func storeVaultEntries(_ entries: [VaultEntry]) async throws
    /// The entry for `pseudonym`, or `nil`.
    func vaultEntry(for pseudonym: String) throws -> VaultEntry?
}

extension VaultStorage {
    /// The blocking store, for storages without a non-blocking one.
    public func storeVaultEntries(_ entries: [VaultEntry]) async throws {
        let blocking: () throws -> Void = { try self.storeVaultEntries(entries) }
        try blocking()
    }
}
