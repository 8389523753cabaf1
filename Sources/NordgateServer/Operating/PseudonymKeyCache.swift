import NordgateCore
import Synchronization

/// The active pseudonym key of each domain, derived from one keyring snapshot once instead of
/// for every message. A key rotation makes a new snapshot, and with it a new, empty cache.
final class PseudonymKeyCache: Sendable {
    private let keyring: Keyring
    private let keys = Mutex<[PseudonymDomain: PseudonymKey]>([:])

    init(keyring: Keyring) {
        self.keyring = keyring
    }

    /// ``PseudonymKey/active(in:for:)`` of the snapshot's keyring.
    /// - Throws: ``KeyringError`` when the keyring holds no active key for the domain (not remembered).
    func key(for domain: PseudonymDomain) throws -> PseudonymKey {
        if let key = keys.withLock({ $0[domain] }) { return key }
        let key = try PseudonymKey.active(in: keyring, for: domain)
        keys.withLock { $0[domain] = key }
        return key
    }
}
