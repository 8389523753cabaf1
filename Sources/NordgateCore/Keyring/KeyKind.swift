/// What a key is for. Each kind has its own algorithm and its own rotation rules.
public enum KeyKind: String, Sendable, Codable, CaseIterable {
    /// Ed25519: signs envelopes, receipts, descriptors and audit checkpoints.
    case signing
    /// X25519: content keys of envelopes are sealed to it.
    case encryption
    /// A 32-byte secret per pseudonymisation domain; pseudonyms are keyed with it.
    case pseudonym
    /// A 32-byte secret that encrypts the re-identification vault and other data at rest.
    case vault

    /// The short form used inside key ids (`sig`, `enc`, `psn`, `vault`).
    public var idComponent: String {
        switch self {
        case .signing: "sig"
        case .encryption: "enc"
        case .pseudonym: "psn"
        case .vault: "vault"
        }
    }

    /// Whether the key has a public half that peers receive.
    public var hasPublicKey: Bool { self == .signing || self == .encryption }
}
