/// Why a shared linkage domain key could not be exported or imported. Descriptions name domains,
/// authorities, key ids and epochs, never key bytes.
public enum SharedDomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not a shared-domain package of a known version.
    case malformed(reason: String)
    /// The file is for another domain than the one asked for.
    case wrongDomain(expected: String, found: String)
    /// The coordinator's signature does not verify with its descriptor in the peer directory.
    case badSignature(coordinator: String)
    /// The package holds no entry for this authority.
    case notARecipient(String)
    /// The entry cannot be opened with any of this keyring's encryption keys.
    case cannotOpen
    /// A recipient has no active encryption key in its descriptor.
    case noEncryptionKey(String)
    /// The keyring already holds a later epoch of the domain.
    case staleEpoch(domain: String, held: Int, offered: Int)
    /// The keyring holds the same epoch of the domain with a different secret.
    case conflictingSecret(domain: String, epoch: Int)
    /// A shared domain cannot be named `local` (the per-receiver key's domain).
    case reservedDomain(String)

    public var description: String {
        switch self {
        case .malformed(let reason):
            "the file is not a nordgate shared-domain key: \(reason)"
        case .wrongDomain(let expected, let found):
            "the file carries the key of domain \(found), not \(expected)"
        case .badSignature(let coordinator):
            "the signature does not verify with the descriptor of \(coordinator); nothing was imported"
        case .notARecipient(let authority):
            "the file holds no copy of the key for \(authority)"
        case .cannotOpen:
            "the copy for this authority cannot be opened with this keyring's encryption keys"
        case .noEncryptionKey(let authority):
            "\(authority) has no active encryption key in the peer directory; import its current descriptor"
        case .staleEpoch(let domain, let held, let offered):
            "the keyring already holds epoch \(held) of \(domain); refusing the older epoch \(offered)"
        case .conflictingSecret(let domain, let epoch):
            "the keyring holds epoch \(epoch) of \(domain) with a different secret; ask the coordinator"
        case .reservedDomain(let domain):
            "\(domain) is the keyring's own pseudonym domain and cannot be shared"
        }
    }
}
