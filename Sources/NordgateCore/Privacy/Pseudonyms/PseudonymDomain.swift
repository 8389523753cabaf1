/// Whose pseudonyms match: those made for one receiver and purpose, or those of all members of a
/// shared linkage domain.
public enum PseudonymDomain: Sendable, Hashable, CustomStringConvertible {
    /// A domain of one receiver and one purpose; its key is derived from the keyring's `local`
    /// pseudonym key, so two receivers (or two purposes) cannot link their pseudonyms.
    case receiver(String, purpose: String)
    /// A shared linkage domain such as `nordic-police`, whose key every member holds.
    case shared(String)

    /// The purpose used when none is given and the schema has no `$id`.
    public static let defaultPurpose = "default"

    /// The shared domain of the Nordic police authorities.
    public static let nordicPolice = "nordic-police"

    public var description: String {
        switch self {
        case .receiver(let receiver, let purpose): "receiver \(receiver), purpose \(purpose)"
        case .shared(let name): "shared domain \(name)"
        }
    }
}
