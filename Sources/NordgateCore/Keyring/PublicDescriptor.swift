public import Foundation
import JSONSchema
import Sodium

/// The signed public face of an authority: its signing and encryption public keys with their
/// states and validity (later also its endpoints). Peers import it with
/// `nordgate keys import-peer`. Byte layout and signing rules: `docs/keyring.md`.
public struct PublicDescriptor: Sendable, Codable, Hashable {
    public static let formatName = "nordgate-descriptor"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// The authority described.
    public var authority: String
    /// The keyring generation the descriptor was made from; higher is newer.
    public var generation: Int
    /// When it was made.
    public var issued: Date
    /// Public keys of kind signing and encryption, in every state.
    public var keys: [PublicKeyEntry]
    /// Where the authority's gateway listens (filled in by the relay).
    public var endpoints: [String]
    /// Signatures by the active signing key and, after a rotation, also its predecessor.
    public var signatures: [DescriptorSignature]

    /// The active signing key.
    public var activeSigningKey: PublicKeyEntry? { keys.first { $0.kind == .signing && $0.state == .active } }

    /// The active encryption key (pending ones are not used until promoted).
    public var activeEncryptionKey: PublicKeyEntry? {
        keys.first { $0.kind == .encryption && $0.state == .active }
    }
}

/// One public key in a descriptor.
public struct PublicKeyEntry: Sendable, Codable, Hashable {
    public var id: String
    public var kind: KeyKind
    /// The public key, base64.
    public var publicKey: String
    public var state: KeyState
    public var notBefore: Date
    public var notAfter: Date?
    public var revocation: Revocation?
    public var endorsement: Endorsement?

    enum CodingKeys: String, CodingKey {
        case id, kind, state, notBefore, notAfter, revocation, endorsement
        case publicKey = "public"
    }

    /// The decoded public key bytes.
    public func publicKeyBytes() throws -> [UInt8] { try Base64.decode(publicKey) }
}

/// A signature over a descriptor.
public struct DescriptorSignature: Sendable, Codable, Hashable {
    public var keyId: String
    public var signature: String
}

extension PublicDescriptor {
    static let signingContext = Array("nordgate-descriptor-v1\u{0}".utf8)

    /// Makes and signs the descriptor of `keyring`.
    public static func make(from keyring: Keyring, endpoints: [String] = [], now: Date = Date()) throws -> [UInt8] {
        let entries = keyring.keys.filter { $0.kind.hasPublicKey }.map { key in
            PublicKeyEntry(
                id: key.id, kind: key.kind, publicKey: key.publicKey ?? "", state: key.effectiveState(at: now),
                notBefore: key.notBefore, notAfter: key.notAfter, revocation: key.revocation,
                endorsement: key.endorsement)
        }
        var descriptor = PublicDescriptor(
            format: formatName, version: currentVersion, authority: keyring.authority,
            generation: keyring.generation, issued: now.wholeSeconds, keys: entries, endpoints: endpoints,
            signatures: [])
        let active = try keyring.activeKey(kind: .signing)
        var signers = [active]
        if let previous = keyring.keys.last(where: { $0.kind == .signing && $0.state == .retired }) {
            signers.append(previous)
        }
        let message = try descriptor.signedBytes()
        for signer in signers {
            let signature = try keyring.signingKeyPair(for: signer).sign(message)
            descriptor.signatures.append(DescriptorSignature(keyId: signer.id, signature: Base64.encode(signature)))
        }
        return try KeyringJSON.encode(descriptor)
    }

    /// Parses a descriptor strictly and checks that it is consistent and signed by its own
    /// active signing key (and that every other signature and endorsement in it verifies).
    /// Trust in that key is the caller's decision (``PeerDirectory``).
    public static func parse(_ bytes: [UInt8]) throws -> PublicDescriptor {
        let descriptor: PublicDescriptor
        do {
            _ = try JSONParser.parse(bytes, options: .init())
            descriptor = try KeyringJSON.decoder().decode(PublicDescriptor.self, from: Data(bytes))
        } catch {
            throw KeyringError.invalidDescriptor(reason: "not a descriptor document")
        }
        try descriptor.checkConsistency()
        return descriptor
    }

    /// The bytes each signature covers: a context string, then the RFC 8785 canonical form of
    /// the descriptor without its `signatures` member.
    func signedBytes() throws -> [UInt8] {
        var unsigned = self
        unsigned.signatures = []
        let (canonical, _) = try KeyringJSON.canonicalBytes(
            of: try KeyringJSON.encode(unsigned), excluding: "signatures", path: "descriptor")
        return Self.signingContext + canonical
    }

    private func checkConsistency() throws {
        func fail(_ reason: String) -> KeyringError { .invalidDescriptor(reason: reason) }
        guard format == Self.formatName else { throw fail("format is not \(Self.formatName)") }
        guard version == Self.currentVersion else { throw fail("unknown version \(version)") }
        guard AuthorityID.isValid(authority) else { throw fail("authority is not a valid id") }
        guard generation >= 1 else { throw fail("generation must be 1 or more") }
        var ids = Set<String>()
        for key in keys {
            guard key.id.hasPrefix(authority + "."), ids.insert(key.id).inserted else {
                throw fail("key id \(key.id) does not belong to \(authority) or is repeated")
            }
            guard key.kind.hasPublicKey, (try? key.publicKeyBytes())?.count == 32 else {
                throw fail("key \(key.id) has no valid 32-byte public key")
            }
            guard (key.state == .revoked) == (key.revocation != nil) else {
                throw fail("key \(key.id) has a revocation that does not match its state")
            }
        }
        for kind in [KeyKind.signing, .encryption] {
            guard keys.filter({ $0.kind == kind && $0.state == .active }).count == 1 else {
                throw fail("it must hold exactly one active \(kind.rawValue) key")
            }
        }
        guard let active = activeSigningKey, signatures.contains(where: { $0.keyId == active.id }) else {
            throw fail("it is not signed by its active signing key")
        }
        let message = try signedBytes()
        for signature in signatures {
            guard let signer = keys.first(where: { $0.id == signature.keyId && $0.kind == .signing }),
                let bytes = try? Base64.decode(signature.signature),
                Signature.verify(bytes, message: message, publicKey: try signer.publicKeyBytes())
            else { throw fail("signature by \(signature.keyId) does not verify") }
        }
        for key in keys where key.kind == .signing {
            guard let endorsement = key.endorsement else { continue }
            guard try endorsementVerifies(key, endorsement) else {
                throw fail("endorsement of \(key.id) by \(endorsement.by) does not verify")
            }
        }
    }

    /// Whether `key`'s endorsement is a valid signature by the key it names in this descriptor.
    func endorsementVerifies(_ key: PublicKeyEntry, _ endorsement: Endorsement) throws -> Bool {
        guard let endorser = keys.first(where: { $0.id == endorsement.by && $0.kind == .signing }),
            let signature = try? Base64.decode(endorsement.signature)
        else { return false }
        let message = Endorsement.message(authority: authority, keyID: key.id, publicKey: try key.publicKeyBytes())
        return Signature.verify(signature, message: message, publicKey: try endorser.publicKeyBytes())
    }
}
