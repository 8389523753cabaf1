public import Foundation

/// One key in a keyring: its metadata, its public half if it has one, and its secret half
/// encrypted under the keyring's passphrase-derived key.
public struct KeyRecord: Sendable, Codable, Hashable {
    /// Unique id, e.g. `NO-CA.sig.20261129-1a2b3c`.
    public var id: String
    /// What the key is for.
    public var kind: KeyKind
    /// The pseudonymisation domain (pseudonym keys only).
    public var domain: String?
    /// The pseudonymisation epoch, counting from 1 per domain (pseudonym keys only).
    public var epoch: Int?
    /// When the key was made.
    public var created: Date
    /// The start of the key's validity window.
    public var notBefore: Date
    /// The end of the key's validity window, if it has one: the planned end of use for an
    /// active key, the end of the grace period for a decrypt-only one.
    public var notAfter: Date?
    /// The stored state (see ``effectiveState(at:)`` for the state at a given time).
    public var state: KeyState
    /// When `state` last changed.
    public var stateChanged: Date
    /// Why and when the key was revoked.
    public var revocation: Revocation?
    /// The public key, base64 (signing and encryption keys).
    public var publicKey: String?
    /// For a signing key after the first: its predecessor's signature over it.
    public var endorsement: Endorsement?
    /// The secret key, encrypted at rest.
    var sealedSecret: SealedSecret

    enum CodingKeys: String, CodingKey {
        case id, kind, domain, epoch, created, notBefore, notAfter, state, stateChanged, revocation
        case publicKey = "public"
        case endorsement
        case sealedSecret = "secret"
    }

    /// The state at `date`: a decrypt-only key whose grace period has ended counts as retired.
    public func effectiveState(at date: Date) -> KeyState {
        if state == .decryptOnly, let notAfter, date >= notAfter { return .retired }
        return state
    }
}

/// Why and when a key was revoked.
public struct Revocation: Sendable, Codable, Hashable {
    /// The operator's reason.
    public var reason: String
    /// When the revocation took effect.
    public var time: Date
}

/// A signing key's predecessor's signature over the new key (see `docs/keyring.md`).
public struct Endorsement: Sendable, Codable, Hashable {
    /// The id of the signing key that endorsed this one.
    public var by: String
    /// Ed25519 signature, base64.
    public var signature: String
}

/// A secret key encrypted with XChaCha20-Poly1305 under the keyring's secret-encryption key.
struct SealedSecret: Sendable, Codable, Hashable {
    var nonce: String
    var ciphertext: String
}
