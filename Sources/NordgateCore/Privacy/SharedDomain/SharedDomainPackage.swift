public import Foundation
public import Sodium

/// A shared linkage domain's secret as its coordinator hands it to the members: one sealed copy
/// per member (a libsodium sealed box to the member's active encryption key), and the
/// coordinator's Ed25519 signature over everything (`docs/privacy.md`, "Shared linkage domains").
public struct SharedDomainPackage: Sendable, Codable, Hashable {
    /// The format name in every package.
    public static let formatName = "nordgate-shared-domain"
    /// The format version.
    public static let currentVersion = 1

    /// One member's copy of the secret.
    public struct Recipient: Sendable, Codable, Hashable {
        /// The member authority.
        public var authority: String
        /// The id of the member's encryption key the copy is sealed to.
        public var keyId: String
        /// The sealed box, base64.
        public var sealed: String
    }

    /// The coordinator's signature.
    public struct Signature: Sendable, Codable, Hashable {
        /// The id of the coordinator's signing key.
        public var keyId: String
        /// Ed25519 signature over ``signedMessage``, base64.
        public var signature: String
    }

    /// ``formatName``.
    public var format: String
    /// ``currentVersion``.
    public var version: Int
    /// The domain, e.g. `nordic-police`.
    public var domain: String
    /// The key's epoch; members make pseudonyms `psn:v1:<epoch>:…` with it.
    public var epoch: Int
    /// The coordinator authority that made the package.
    public var coordinator: String
    /// When it was made, RFC 3339 UTC.
    public var created: String
    /// One copy per member.
    public var recipients: [Recipient]
    /// The coordinator's signature.
    public var signature: Signature

    /// The signed bytes: each field as a four-byte big-endian length and its UTF-8 bytes, in the
    /// order `"nordgate-shared-domain-v1"`, domain, epoch (decimal), coordinator, created, number of
    /// recipients (decimal), then authority, keyId and sealed of each recipient.
    public var signedMessage: [UInt8] {
        var fields = ["nordgate-shared-domain-v1", domain, String(epoch), coordinator, created, String(recipients.count)]
        for recipient in recipients { fields += [recipient.authority, recipient.keyId, recipient.sealed] }
        return fields.flatMap(PseudonymKey.lengthPrefixed)
    }

    /// Makes a package of the keyring's active key of `domain` for `recipients`.
    /// - Parameters:
    ///   - domain: the shared domain; the coordinator's keyring must hold an active key for it
    ///     (`nordgate keys rotate --kind pseudonym --domain D` makes one).
    ///   - recipients: the members' authorities; each must be a peer with an active encryption key.
    ///   - keyring: the coordinator's keyring.
    ///   - peers: the coordinator's peer directory.
    ///   - now: the creation time.
    /// - Returns: the package.
    /// - Throws: ``KeyringError`` for a missing key or peer; ``SharedDomainError``.
    public static func make(
        domain: String, recipients: [String], keyring: Keyring, peers: PeerDirectory, now: Date = Date()
    ) throws -> SharedDomainPackage {
        guard domain != Keyring.localDomain else { throw SharedDomainError.reservedDomain(domain) }
        let key = try keyring.activeKey(kind: .pseudonym, domain: domain)
        let secret = try keyring.secret(of: key)
        let plain = secret.withUnsafeBytes { [UInt8]($0) }
        var copies: [Recipient] = []
        for authority in recipients {
            let descriptor = try peers.peer(authority).descriptor
            guard let encryption = descriptor.activeEncryptionKey else {
                throw SharedDomainError.noEncryptionKey(authority)
            }
            let sealed = try SealedBox.seal(plain, to: try encryption.publicKeyBytes())
            copies.append(Recipient(authority: authority, keyId: encryption.id, sealed: Base64.encode(sealed)))
        }
        let signing = try keyring.activeKey(kind: .signing)
        var package = SharedDomainPackage(
            format: formatName, version: currentVersion, domain: domain, epoch: key.epoch ?? 1,
            coordinator: keyring.authority, created: timestamp(now), recipients: copies,
            signature: Signature(keyId: signing.id, signature: ""))
        package.signature.signature = Base64.encode(try keyring.signingKeyPair(for: signing).sign(package.signedMessage))
        return package
    }

    private init(
        format: String, version: Int, domain: String, epoch: Int, coordinator: String, created: String,
        recipients: [Recipient], signature: Signature
    ) {
        self.format = format
        self.version = version
        self.domain = domain
        self.epoch = epoch
        self.coordinator = coordinator
        self.created = created
        self.recipients = recipients
        self.signature = signature
    }

    /// Reads a package from its JSON bytes.
    /// - Throws: ``SharedDomainError/malformed(reason:)``.
    public init(bytes: [UInt8]) throws {
        do {
            self = try JSONDecoder().decode(SharedDomainPackage.self, from: Data(bytes))
        } catch {
            throw SharedDomainError.malformed(reason: "members are missing or of the wrong type")
        }
        guard format == Self.formatName else { throw SharedDomainError.malformed(reason: "format is not \(Self.formatName)") }
        guard version == Self.currentVersion else { throw SharedDomainError.malformed(reason: "unknown version \(version)") }
        guard epoch >= 1 else { throw SharedDomainError.malformed(reason: "the epoch must be 1 or more") }
    }

    /// The package as JSON bytes (sorted keys, pretty-printed).
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    /// Verifies the coordinator's signature and opens this authority's copy.
    /// - Parameters:
    ///   - domain: the domain the operator expects.
    ///   - keyring: this authority's keyring (its active or decrypt-only encryption keys open the copy).
    ///   - peers: this authority's peer directory, which must hold the coordinator.
    /// - Returns: the domain secret (32 bytes).
    /// - Throws: ``SharedDomainError``; ``KeyringError/unknownPeer(_:)`` for an unknown coordinator.
    public func open(domain: String, keyring: Keyring, peers: PeerDirectory) throws -> SecretBytes {
        guard self.domain == domain else { throw SharedDomainError.wrongDomain(expected: domain, found: self.domain) }
        guard domain != Keyring.localDomain else { throw SharedDomainError.reservedDomain(domain) }
        let descriptor = try peers.peer(coordinator).descriptor
        guard
            let signer = descriptor.keys.first(where: {
                $0.id == signature.keyId && $0.kind == .signing && $0.state != .revoked && $0.revocation == nil
            }),
            let signatureBytes = try? Base64.decode(signature.signature),
            Sodium.Signature.verify(signatureBytes, message: signedMessage, publicKey: try signer.publicKeyBytes())
        else { throw SharedDomainError.badSignature(coordinator: coordinator) }
        guard let mine = recipients.first(where: { $0.authority == keyring.authority }) else {
            throw SharedDomainError.notARecipient(keyring.authority)
        }
        guard let key = keyring.keys.first(where: { $0.id == mine.keyId && $0.kind == .encryption }),
            key.state == .active || key.state == .decryptOnly,
            let sealed = try? Base64.decode(mine.sealed),
            let secret = try? SealedBox.open(sealed, with: try keyring.boxKeyPair(for: key)),
            secret.count == 32
        else { throw SharedDomainError.cannotOpen }
        return secret
    }

    /// What importing a package did.
    public enum ImportOutcome: Sendable, Hashable {
        /// The key was added as the domain's active key.
        case added(epoch: Int)
        /// The keyring already held this epoch with this secret.
        case unchanged(epoch: Int)
    }

    /// Installs an opened secret as the domain's key at this package's epoch.
    /// - Parameters:
    ///   - secret: from ``open(domain:keyring:peers:)``.
    ///   - keyring: the keyring to change (inside `Keyring.modify`).
    ///   - now: the time of the import.
    /// - Returns: whether anything changed.
    /// - Throws: ``SharedDomainError/staleEpoch(domain:held:offered:)`` for an older epoch;
    ///   ``SharedDomainError/conflictingSecret(domain:epoch:)`` for the same epoch with another secret.
    public func install(_ secret: SecretBytes, into keyring: inout Keyring, now: Date = Date()) throws -> ImportOutcome {
        let held = keyring.keys.filter { $0.kind == .pseudonym && $0.domain == domain }
        if let latest = held.compactMap(\.epoch).max(), latest > epoch {
            throw SharedDomainError.staleEpoch(domain: domain, held: latest, offered: epoch)
        }
        if let same = held.first(where: { $0.epoch == epoch }) {
            guard try keyring.secret(of: same).constantTimeEquals(secret) else {
                throw SharedDomainError.conflictingSecret(domain: domain, epoch: epoch)
            }
            return .unchanged(epoch: epoch)
        }
        try keyring.insertPseudonymKey(domain: domain, epoch: epoch, secret: secret, now: now)
        return .added(epoch: epoch)
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
