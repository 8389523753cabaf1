import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Sodium

/// A small network of test authorities on disk that have all imported each other's descriptors.
struct EnvelopeTestNetwork {
    /// 2026-11-29T10:00:00Z: when every keyring is made.
    static let start = Date(timeIntervalSince1970: 1_795_946_400)

    let folder: TemporaryFolder
    let authorities: [String]

    init(_ authorities: [String], now: Date = EnvelopeTestNetwork.start) throws {
        folder = try TemporaryFolder(prefix: "nordgate-envelope")
        self.authorities = authorities
        for authority in authorities { _ = try TestKeyrings.make(authority, in: folder, now: now) }
        for sender in authorities {
            for receiver in authorities where receiver != sender { try exchange(from: sender, to: receiver, now: now) }
        }
    }

    func path(_ authority: String) -> String { folder.appending(authority) }

    func keyring(_ authority: String) throws -> Keyring {
        try Keyring.open(path(authority), passphrase: TestKeyrings.passphrase)
    }

    func peers(of authority: String) throws -> PeerDirectory { try PeerDirectory.load(for: try keyring(authority)) }

    /// `receiver` imports `sender`'s current descriptor.
    func exchange(from sender: String, to receiver: String, now: Date) throws {
        let descriptor = try PublicDescriptor.make(from: try keyring(sender), now: now)
        _ = try PeerDirectory.modify(path(receiver), passphrase: TestKeyrings.passphrase) { directory, ring in
            try directory.importDescriptor(descriptor, trustNew: true, ownAuthority: ring.authority, now: now)
        }
    }

    /// Applies a change to `authority`'s keyring.
    func modify(_ authority: String, _ change: (inout Keyring) throws -> Void) throws {
        try Keyring.modify(path(authority), passphrase: TestKeyrings.passphrase) { ring in try change(&ring) }
    }

    func sealer(_ authority: String) throws -> EnvelopeSealer { try EnvelopeSealer(keyring: try keyring(authority)) }

    func opener(_ authority: String, clockSkew: TimeInterval = 300) throws -> EnvelopeOpener {
        EnvelopeOpener(keyring: try keyring(authority), peers: try peers(of: authority), clockSkew: clockSkew)
    }

    func recipients(of sender: String, _ authorities: [String]) throws -> [EnvelopeRecipient] {
        try EnvelopeRecipient.resolve(authorities, in: try peers(of: sender))
    }

    /// Seals a small JSON payload from `sender` to `to`.
    func seal(
        from sender: String, to: [String], payload: String = #"{"note":"synthetic test payload"}"#,
        now: Date = EnvelopeTestNetwork.start.addingTimeInterval(60)
    ) throws -> SealedEnvelope {
        try sealer(sender).seal(
            payload: Array(payload.utf8), type: "police.hit-query.v1", to: try recipients(of: sender, to), now: now)
    }

    /// The sender's active Ed25519 key pair, for tests that re-sign altered envelopes.
    func signingKeyPair(_ authority: String) throws -> SigningKeyPair {
        let ring = try keyring(authority)
        return try ring.signingKeyPair(for: try ring.activeKey(kind: .signing))
    }
}

/// Helpers that edit envelope text the way an attacker or a careless tool would.
enum EnvelopeEdit {
    /// `nordgate-envelope-v1/signature` and a zero byte, as `docs/envelope.md` specifies.
    static let signatureContext = Array("nordgate-envelope-v1/signature\u{0}".utf8)

    static func object(_ bytes: [UInt8]) throws -> JSONObject {
        guard case .object(let object) = try JSONParser.parse(bytes) else { throw EditError.notAnObject }
        return object
    }

    static func canonical(_ object: JSONObject) throws -> [UInt8] { try JSONValue.object(object).canonicalBytes() }

    /// Applies `change` to the envelope object and writes it canonically, keeping the old signature.
    static func edit(_ bytes: [UInt8], _ change: (inout JSONObject) throws -> Void) throws -> [UInt8] {
        var object = try object(bytes)
        try change(&object)
        return try canonical(object)
    }

    /// Applies `change`, then signs the result again with `signer`, as a sender that holds the key would.
    static func editAndResign(
        _ bytes: [UInt8], signer: SigningKeyPair, _ change: (inout JSONObject) throws -> Void
    ) throws -> [UInt8] {
        var object = try object(bytes)
        try change(&object)
        object["signature"] = nil
        let signature = signer.sign(signatureContext + (try canonical(object)))
        object["signature"] = .string(Base64.encode(signature))
        return try canonical(object)
    }

    enum EditError: Error { case notAnObject }
}
