/// Why the re-identification vault refused. Descriptions name pseudonyms and key ids, never originals.
public enum VaultError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not of the form `psn:v1:<epoch>:<base32>`.
    case notAPseudonym
    /// The vault holds no entry for the pseudonym (it was not made on this node).
    case unknownPseudonym(String)
    /// The entry could not be opened (wrong key or altered entry); no further hint on purpose.
    case cannotOpen(pseudonym: String)
    /// A re-identification needs a reason for the audit log.
    case missingReason
    /// The storage failed.
    case storage(String)

    public var description: String {
        switch self {
        case .notAPseudonym:
            "the argument is not a pseudonym of the form psn:v1:<epoch>:<base32>"
        case .unknownPseudonym(let pseudonym):
            "the vault holds no entry for \(pseudonym); it was not made on this node"
        case .cannotOpen(let pseudonym):
            "the vault entry for \(pseudonym) cannot be opened with this keyring"
        case .missingReason:
            "a re-identification needs a reason (--reason TEXT) for the audit log"
        case .storage(let reason):
            "the vault storage failed: \(reason)"
        }
    }
}
