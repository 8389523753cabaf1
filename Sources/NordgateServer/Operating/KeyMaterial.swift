public import Foundation
public import NordgateCore
public import Sodium
import Synchronization

/// The gateway's keyring and peer directory as currently on disk, with the sealer, opener and
/// receipt signer made from them. Reloaded when `keyring.json` or `peers.json` change, so key
/// rotations and peer updates apply without a restart.
public final class KeyMaterial: Sendable {
    /// One consistent view of the keys.
    public struct Snapshot: Sendable {
        public let keyring: Keyring
        public let directory: PeerDirectory
        public let sealer: EnvelopeSealer
        public let opener: EnvelopeOpener
        let pseudonymKeys: PseudonymKeyCache
        let signer: SigningKeyPair
        let signingKeyId: String
        let stamp: [String]
    }

    let folder: String
    private let passphrase: SecretBytes
    private let current: Mutex<Snapshot>

    /// Opens the keyring in `folder`.
    /// - Throws: ``KeyringError`` or ``EnvelopeError`` when the keyring cannot be used.
    public init(folder: String, passphrase: SecretBytes) throws {
        self.folder = folder
        self.passphrase = passphrase
        current = Mutex(try Self.load(folder: folder, passphrase: passphrase))
    }

    /// The current view.
    public var snapshot: Snapshot { current.withLock { $0 } }

    /// Reloads when the files changed.
    /// - Returns: `true` when a new view is in use.
    @discardableResult
    public func reloadIfChanged() throws -> Bool {
        guard Self.stamp(folder) != current.withLock({ $0.stamp }) else { return false }
        let loaded = try Self.load(folder: folder, passphrase: passphrase)
        current.withLock { $0 = loaded }
        return true
    }

    /// Imports a peer's descriptor through the directory's chain rules (never trusting a new
    /// peer) and reloads.
    /// - Returns: what the import did.
    public func importDescriptor(_ bytes: [UInt8], now: Date = Date()) throws -> PeerDirectory.ImportOutcome {
        let outcome = try PeerDirectory.modify(folder, passphrase: passphrase) { directory, keyring in
            try directory.importDescriptor(bytes, trustNew: false, ownAuthority: keyring.authority, now: now)
        }
        try reloadIfChanged()
        return outcome
    }

    private static func stamp(_ folder: String) -> [String] {
        [Keyring.fileName, PeerDirectory.fileName].map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            return "\(modified)/\(size)"
        }
    }

    private static func load(folder: String, passphrase: SecretBytes) throws -> Snapshot {
        let stamp = stamp(folder)
        let keyring = try Keyring.open(folder, passphrase: passphrase)
        let directory = try PeerDirectory.load(for: keyring)
        let key = try keyring.activeKey(kind: .signing)
        return Snapshot(
            keyring: keyring, directory: directory, sealer: try EnvelopeSealer(keyring: keyring),
            opener: EnvelopeOpener(keyring: keyring, peers: directory), pseudonymKeys: PseudonymKeyCache(keyring: keyring),
            signer: try keyring.signingKeyPair(for: key),
            signingKeyId: key.id, stamp: stamp)
    }
}
