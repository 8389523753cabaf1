public import Foundation
public import Sodium

/// The local vault that resolves this node's pseudonyms to their originals.
///
/// Each entry is the original value encrypted with XChaCha20-Poly1305 under the keyring's active
/// vault key, with the pseudonym text as associated data (so an entry cannot be moved to another
/// pseudonym). Entries are kept by a ``VaultStorage`` and never leave the node.
public struct ReidentificationVault: Sendable {
    /// Where the entries are kept.
    public let storage: any VaultStorage

    /// A vault over `storage`.
    public init(storage: any VaultStorage) {
        self.storage = storage
    }

    /// Seals one original under a vault key.
    /// - Parameters:
    ///   - original: the value the pseudonym replaced.
    ///   - pseudonym: the pseudonym, used as associated data.
    ///   - keyID: the vault key's id.
    ///   - secret: the vault key's secret.
    ///   - now: the entry's creation time.
    /// - Returns: the entry.
    public static func seal(
        _ original: String, pseudonym: String, keyID: String, secret: SecretBytes, now: Date = Date()
    ) throws -> VaultEntry {
        let nonce = AEAD.generateNonce()
        let ciphertext = try AEAD.seal(
            Array(original.utf8), key: secret, nonce: nonce, associatedData: Array(pseudonym.utf8))
        return VaultEntry(pseudonym: pseudonym, keyID: keyID, nonce: nonce, ciphertext: ciphertext, created: now)
    }

    /// Stores the originals of a pseudonymised record under the keyring's active vault key.
    /// Pseudonyms already in the vault keep their entries.
    /// - Parameters:
    ///   - originals: pseudonym → original, as ``PseudonymisedRecord/originals`` holds them.
    ///   - keyring: the keyring with the active vault key.
    ///   - now: the entries' creation time.
    /// - Throws: ``KeyringError`` without an active vault key; ``VaultError/storage(_:)``.
    public func store(_ originals: [String: String], keyring: Keyring, now: Date = Date()) throws {
        let entries = try Self.entries(for: originals, keyring: keyring, now: now)
        guard !entries.isEmpty else { return }
        do { try storage.storeVaultEntries(entries) } catch { throw VaultError.storage(String(describing: type(of: error))) }
    }

    /// The entries that store `originals` under the keyring's active vault key, in pseudonym order,
    /// for a caller that stores them together with other changes (the relay's outbox).
    /// - Throws: ``KeyringError`` without an active vault key.
    public static func entries(for originals: [String: String], keyring: Keyring, now: Date = Date()) throws -> [VaultEntry] {
        guard !originals.isEmpty else { return [] }
        let key = try keyring.activeKey(kind: .vault)
        let secret = try keyring.secret(of: key)
        return try originals.keys.sorted().map { pseudonym in
            try seal(originals[pseudonym]!, pseudonym: pseudonym, keyID: key.id, secret: secret, now: now)
        }
    }

    /// The original value of a pseudonym. Not audited: use ``Reidentification`` for an operator's request.
    /// - Throws: ``VaultError``: not a pseudonym, unknown, or the entry cannot be opened.
    public func original(of pseudonym: String, keyring: Keyring) throws -> String {
        guard Pseudonym.isPseudonym(pseudonym) else { throw VaultError.notAPseudonym }
        let entry: VaultEntry?
        do { entry = try storage.vaultEntry(for: pseudonym) } catch {
            throw VaultError.storage(String(describing: type(of: error)))
        }
        guard let entry else { throw VaultError.unknownPseudonym(pseudonym) }
        do {
            let secret = try keyring.secret(of: try keyring.key(id: entry.keyID))
            let plain = try AEAD.open(
                entry.ciphertext, key: secret, nonce: entry.nonce, associatedData: Array(pseudonym.utf8))
            guard let text = String(validating: plain, as: UTF8.self) else {
                throw VaultError.cannotOpen(pseudonym: pseudonym)
            }
            return text
        } catch {
            throw VaultError.cannotOpen(pseudonym: pseudonym)
        }
    }
}
