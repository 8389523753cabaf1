/// Why a keyring or peer-directory operation failed. Messages name paths, key ids and
/// authorities only, never key material.
public enum KeyringError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingKeyring(path: String)
    case alreadyExists(path: String)
    case insecurePermissions(path: String, mode: UInt16, expected: UInt16)
    case wrongOwner(path: String)
    case wrongPassphrase
    case tampered(path: String)
    case malformed(path: String, reason: String)
    case unsupportedVersion(path: String, version: Int)
    case invalidAuthority(String)
    case invalidDomain(String)
    case unknownKey(id: String)
    case noActiveKey(kind: KeyKind, domain: String?)
    case invalidTransition(keyID: String, from: KeyState, action: String)
    case invalidDescriptor(reason: String)
    case untrustedDescriptor(authority: String, reason: String)
    case staleDescriptor(authority: String, held: Int, offered: Int)
    case newPeerNeedsTrust(authority: String, fingerprint: String)
    case unknownPeer(String)
    case ownAuthority(String)
    case io(path: String, reason: String)
    case crypto(String)

    public var description: String {
        switch self {
        case .missingKeyring(let path):
            "no keyring at \(path); create one with `nordgate keys init --authority ID` or point --keys at it"
        case .alreadyExists(let path):
            "a keyring already exists at \(path); choose another --keys folder or remove the old one first"
        case .insecurePermissions(let path, let mode, let expected):
            "\(path) has mode \(String(mode, radix: 8)) but must be \(String(expected, radix: 8)) "
                + "(only its owner may read it); run `chmod \(String(expected, radix: 8)) \(path)`"
        case .wrongOwner(let path):
            "\(path) belongs to another user; the keyring must be owned by the user running nordgate"
        case .wrongPassphrase:
            "wrong passphrase for this keyring; nothing was changed"
        case .tampered(let path):
            "\(path) failed its integrity check: it was changed outside nordgate; restore it from a backup"
        case .malformed(let path, let reason):
            "\(path) is not a valid nordgate file: \(reason)"
        case .unsupportedVersion(let path, let version):
            "\(path) has format version \(version), which this nordgate does not know; upgrade nordgate"
        case .invalidAuthority(let value):
            "'\(value)' is not an authority id; use the form CC-CA or CC-POL with CC one of NO, DK, SE, FI, IS"
        case .invalidDomain(let value):
            "'\(value)' is not a valid domain; use 1-64 lowercase letters, digits, '-' or '.'"
        case .unknownKey(let id):
            "no key with id \(id) in this keyring; `nordgate keys list` shows the ids"
        case .noActiveKey(let kind, let domain):
            "no active \(kind.rawValue) key\(domain.map { " for domain \($0)" } ?? ""); "
                + "create one with `nordgate keys rotate --kind \(kind.rawValue)`"
        case .invalidTransition(let keyID, let from, let action):
            "cannot \(action) key \(keyID): it is \(from.rawValue)"
        case .invalidDescriptor(let reason):
            "the descriptor is not valid: \(reason)"
        case .untrustedDescriptor(let authority, let reason):
            "refused the descriptor for \(authority): \(reason); nothing was changed"
        case .staleDescriptor(let authority, let held, let offered):
            "refused the descriptor for \(authority): it is generation \(offered) but generation \(held) "
                + "is already trusted; ask the peer for its current descriptor"
        case .newPeerNeedsTrust(let authority, let fingerprint):
            "\(authority) is not a known peer. Check its signing-key fingerprint \(fingerprint) with the "
                + "peer over another channel, then import again with --trust-new"
        case .unknownPeer(let id):
            "\(id) is not a known peer; `nordgate peers list` shows them"
        case .ownAuthority(let id):
            "the descriptor is this gateway's own (\(id)); import the descriptors of other authorities"
        case .io(let path, let reason):
            "cannot access \(path): \(reason)"
        case .crypto(let reason):
            "a cryptographic operation failed: \(reason)"
        }
    }
}
