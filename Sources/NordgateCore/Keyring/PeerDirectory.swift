public import Foundation
import JSONSchema
public import Sodium

/// The authorities this gateway trusts, each with its last accepted ``PublicDescriptor``.
///
/// Kept in `peers.json` beside the keyring, authenticated with the keyring's MAC key.
/// A first import needs the operator's explicit trust (after comparing the fingerprint out of
/// band); later updates are accepted only along the signing-key chain.
public struct PeerDirectory: Sendable {
    /// The directory file's name inside the keyring folder.
    public static let fileName = "peers.json"

    /// One trusted authority.
    public struct Peer: Sendable, Codable, Hashable {
        /// The authority id.
        public var authority: String
        /// When the current descriptor was accepted.
        public var imported: Date
        /// The last accepted descriptor.
        public var descriptor: PublicDescriptor
    }

    /// What an import did.
    public enum ImportOutcome: Sendable, Equatable {
        case added(authority: String, fingerprint: String)
        case updated(authority: String, fromGeneration: Int, toGeneration: Int)
        case unchanged(authority: String)
    }

    /// The trusted peers, sorted by authority.
    public private(set) var peers: [Peer]

    struct Document: Codable {
        var format: String
        var version: Int
        var peers: [Peer]
        var mac: String?
    }

    static func path(in folder: String) -> String { (folder as NSString).appendingPathComponent(fileName) }

    /// Loads the directory of `keyring` (empty when there is none yet).
    public static func load(for keyring: Keyring) throws -> PeerDirectory {
        let path = path(in: keyring.folder)
        guard SecureFile.exists(path) else { return PeerDirectory(peers: []) }
        let bytes = try SecureFile.read(path)
        let (canonical, mac) = try KeyringJSON.canonicalBytes(of: bytes, excluding: "mac", path: path)
        guard let mac = mac?.stringValue, ConstantTime.equals(Array(try keyring.mac(canonical).utf8), Array(mac.utf8))
        else { throw KeyringError.tampered(path: path) }
        let document: Document
        do { document = try KeyringJSON.decoder().decode(Document.self, from: Data(bytes)) } catch {
            throw KeyringError.malformed(path: path, reason: "members are missing or of the wrong type")
        }
        guard document.format == "nordgate-peers", document.version == 1 else {
            throw KeyringError.unsupportedVersion(path: path, version: document.version)
        }
        return PeerDirectory(peers: document.peers)
    }

    /// Loads the directory under the keyring's folder lock, applies `change` and saves it
    /// atomically. If anything throws, nothing on disk changes.
    public static func modify<T>(
        _ folder: String, passphrase: SecretBytes, _ change: (inout PeerDirectory, Keyring) throws -> T
    ) throws -> T {
        guard SecureFile.exists(folder) else { throw KeyringError.missingKeyring(path: folder) }
        try SecureFile.checkPermissions(folder, folder: true)
        let lock = try FolderLock(folder: folder)
        defer { lock.release() }
        SecureFile.removeLeftovers(of: path(in: folder))
        let keyring = try Keyring.open(folder, passphrase: passphrase)
        var directory = try load(for: keyring)
        let result = try change(&directory, keyring)
        try directory.save(for: keyring)
        return result
    }

    private func save(for keyring: Keyring) throws {
        var document = Document(format: "nordgate-peers", version: 1, peers: peers, mac: nil)
        let path = Self.path(in: keyring.folder)
        let (canonical, _) = try KeyringJSON.canonicalBytes(
            of: try KeyringJSON.encode(document), excluding: "mac", path: path)
        document.mac = try keyring.mac(canonical)
        try SecureFile.atomicWrite(try KeyringJSON.encode(document), to: path)
    }

    /// The peer with id `authority`.
    public func peer(_ authority: String) throws -> Peer {
        guard let peer = peers.first(where: { $0.authority == authority }) else {
            throw KeyringError.unknownPeer(authority)
        }
        return peer
    }

    /// Adds or updates a peer from descriptor bytes.
    /// - Parameters:
    ///   - bytes: the descriptor as exported by the peer.
    ///   - trustNew: the operator has checked the fingerprint of a first-time peer.
    ///   - ownAuthority: this gateway's authority (its own descriptor is refused).
    ///   - now: the time of the import.
    /// - Throws: ``KeyringError`` when the descriptor is invalid, untrusted or stale.
    public mutating func importDescriptor(
        _ bytes: [UInt8], trustNew: Bool, ownAuthority: String, now: Date = Date()
    ) throws -> ImportOutcome {
        let offered = try PublicDescriptor.parse(bytes)
        guard offered.authority != ownAuthority else { throw KeyringError.ownAuthority(ownAuthority) }
        let signer = offered.activeSigningKey!
        guard let index = peers.firstIndex(where: { $0.authority == offered.authority }) else {
            let fingerprint = KeyFingerprint.of(publicKey: try signer.publicKeyBytes())
            guard trustNew else {
                throw KeyringError.newPeerNeedsTrust(authority: offered.authority, fingerprint: fingerprint)
            }
            peers.append(Peer(authority: offered.authority, imported: now.wholeSeconds, descriptor: offered))
            peers.sort { $0.authority < $1.authority }
            return .added(authority: offered.authority, fingerprint: fingerprint)
        }
        let held = peers[index].descriptor
        if offered.generation == held.generation, try offered.signedBytes() == held.signedBytes() {
            return .unchanged(authority: offered.authority)
        }
        guard offered.generation > held.generation else {
            throw KeyringError.staleDescriptor(
                authority: offered.authority, held: held.generation, offered: offered.generation)
        }
        try Self.checkChain(from: held, to: offered)
        peers[index] = Peer(authority: offered.authority, imported: now.wholeSeconds, descriptor: offered)
        return .updated(authority: offered.authority, fromGeneration: held.generation, toGeneration: offered.generation)
    }

    /// Removes a peer.
    public mutating func remove(_ authority: String) throws {
        guard let index = peers.firstIndex(where: { $0.authority == authority }) else {
            throw KeyringError.unknownPeer(authority)
        }
        peers.remove(at: index)
    }

    /// Accepts `offered` only if its active signing key is one `held` trusts, or is reached from
    /// one by endorsements, and it does not undo a revocation that `held` records.
    static func checkChain(from held: PublicDescriptor, to offered: PublicDescriptor) throws {
        let authority = offered.authority
        let revoked = Set(held.keys.filter { $0.state == .revoked }.map(\.id))
        for key in offered.keys where revoked.contains(key.id) && key.state != .revoked {
            throw KeyringError.untrustedDescriptor(authority: authority, reason: "it un-revokes key \(key.id)")
        }
        for key in offered.keys {
            if let old = held.keys.first(where: { $0.id == key.id }), old.publicKey != key.publicKey {
                throw KeyringError.untrustedDescriptor(authority: authority, reason: "it changes the public key of \(key.id)")
            }
        }
        let offeredRevoked = Set(offered.keys.filter { $0.state == .revoked }.map(\.id))
        var trusted = Set(
            held.keys.filter { $0.kind == .signing && $0.state != .revoked && !offeredRevoked.contains($0.id) }
                .map(\.id))
        var grew = true
        while grew {
            grew = false
            for key in offered.keys where key.kind == .signing && !trusted.contains(key.id) && key.state != .revoked {
                if let endorsement = key.endorsement, trusted.contains(endorsement.by),
                    try offered.endorsementVerifies(key, endorsement)
                {
                    trusted.insert(key.id)
                    grew = true
                }
            }
        }
        guard let active = offered.activeSigningKey, trusted.contains(active.id) else {
            throw KeyringError.untrustedDescriptor(
                authority: authority, reason: "its signing key is not endorsed by a key already trusted")
        }
    }
}
