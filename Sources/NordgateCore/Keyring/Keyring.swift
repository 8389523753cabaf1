public import Foundation
public import Sodium
import JSONSchema

/// An authority's keys, kept in a folder (`keyring.json`, mode 0600, in a folder of mode 0700).
///
/// Secret halves are encrypted at rest under a key derived with Argon2id from the operator's
/// passphrase, and the whole file carries a MAC under a second derived key, so that a wrong
/// passphrase and a tampered file are both refused. Every change is saved atomically.
/// The format is in `docs/keyring.md`.
public struct Keyring: Sendable {
    /// The keyring file's name inside its folder.
    public static let fileName = "keyring.json"
    /// The pseudonymisation domain a new keyring starts with; per-receiver domains derive from it.
    public static let localDomain = "local"
    /// How long a new active key is planned to stay in use.
    public static let defaultLifetime: TimeInterval = 365 * 86_400
    /// How long a superseded key keeps decrypting.
    public static let defaultGrace: TimeInterval = 30 * 86_400

    /// The folder holding the keyring.
    public let folder: String
    /// The authority the keys belong to, e.g. `NO-CA`.
    public let authority: String
    /// Counts saved changes; published descriptors carry it so peers can refuse stale ones.
    public private(set) var generation: Int
    /// Every key, in the order they were made.
    public private(set) var keys: [KeyRecord]

    private let kdf: KDFParameters
    private let secrets: KeyringSecrets

    /// The keyring file's path.
    public var path: String { Self.path(in: folder) }

    static func path(in folder: String) -> String { (folder as NSString).appendingPathComponent(fileName) }

    // MARK: - Create, open, save

    /// Creates a keyring with one active key of each kind and saves it.
    /// - Parameters:
    ///   - folder: created with mode 0700 if missing; must not hold a keyring yet.
    ///   - authority: the owning authority, e.g. `NO-CA`.
    ///   - passphrase: the operator's passphrase.
    ///   - cost: the Argon2id cost, stored in the file.
    ///   - now: the creation time.
    /// - Throws: ``KeyringError``.
    public static func create(
        in folder: String, authority: String, passphrase: SecretBytes,
        cost: PasswordHash.Cost = .moderate, now: Date = Date()
    ) throws -> Keyring {
        guard AuthorityID.isValid(authority) else { throw KeyringError.invalidAuthority(authority) }
        if SecureFile.exists(folder) {
            try SecureFile.checkPermissions(folder, folder: true)
        } else {
            try SecureFile.createFolder(folder)
        }
        let lock = try FolderLock(folder: folder)
        defer { lock.release() }
        guard !SecureFile.exists(path(in: folder)) else { throw KeyringError.alreadyExists(path: path(in: folder)) }

        let kdf = KDFParameters(
            algorithm: KDFParameters.argon2id, salt: Base64.encode(SecureRandom.bytes(PasswordHash.saltLength)),
            opsLimit: cost.opsLimit, memLimit: cost.memLimit)
        var keyring = Keyring(
            folder: folder, authority: authority, generation: 1, keys: [], kdf: kdf,
            secrets: try KeyringSecrets(passphrase: passphrase, parameters: kdf))
        let now = now.wholeSeconds
        for kind in [KeyKind.signing, .encryption, .pseudonym, .vault] {
            try keyring.addKey(kind: kind, domain: kind == .pseudonym ? localDomain : nil, state: .active, now: now)
        }
        try keyring.save()
        return keyring
    }

    /// Opens the keyring in `folder`.
    /// - Throws: ``KeyringError``: missing keyring, loose permissions, wrong passphrase, tampering.
    public static func open(_ folder: String, passphrase: SecretBytes) throws -> Keyring {
        guard SecureFile.exists(folder) else { throw KeyringError.missingKeyring(path: folder) }
        try SecureFile.checkPermissions(folder, folder: true)
        let path = path(in: folder)
        guard SecureFile.exists(path) else { throw KeyringError.missingKeyring(path: path) }
        let bytes = try SecureFile.read(path)
        let (canonical, mac) = try KeyringJSON.canonicalBytes(of: bytes, excluding: "mac", path: path)
        let document: KeyringDocument
        do { document = try KeyringJSON.decoder().decode(KeyringDocument.self, from: Data(bytes)) } catch {
            throw KeyringError.malformed(path: path, reason: "members are missing or of the wrong type")
        }
        guard document.format == KeyringDocument.formatName else {
            throw KeyringError.malformed(path: path, reason: "format is not \(KeyringDocument.formatName)")
        }
        guard document.version == KeyringDocument.currentVersion else {
            throw KeyringError.unsupportedVersion(path: path, version: document.version)
        }
        guard document.kdf.algorithm == KDFParameters.argon2id else {
            throw KeyringError.malformed(path: path, reason: "unknown key derivation \(document.kdf.algorithm)")
        }
        let secrets = try KeyringSecrets(passphrase: passphrase, parameters: document.kdf)
        guard ConstantTime.equals(Array(try secrets.check().utf8), Array(document.check.utf8)) else {
            throw KeyringError.wrongPassphrase
        }
        guard let mac = mac?.stringValue,
            ConstantTime.equals(Array(try secrets.mac(canonical).utf8), Array(mac.utf8))
        else { throw KeyringError.tampered(path: path) }
        return Keyring(
            folder: folder, authority: document.authority, generation: document.generation, keys: document.keys,
            kdf: document.kdf, secrets: secrets)
    }

    /// Opens the keyring under its folder lock, applies `change`, counts a new generation and
    /// saves atomically. If anything throws, nothing on disk changes.
    /// - Parameter beforeRename: a hook between writing the new file and replacing the old one
    ///   (tests simulate a crash there).
    public static func modify<T>(
        _ folder: String, passphrase: SecretBytes, beforeRename: (() throws -> Void)? = nil,
        _ change: (inout Keyring) throws -> T
    ) throws -> T {
        guard SecureFile.exists(folder) else { throw KeyringError.missingKeyring(path: folder) }
        try SecureFile.checkPermissions(folder, folder: true)
        let lock = try FolderLock(folder: folder)
        defer { lock.release() }
        SecureFile.removeLeftovers(of: path(in: folder))
        var keyring = try open(folder, passphrase: passphrase)
        let result = try change(&keyring)
        keyring.generation += 1
        try keyring.save(beforeRename: beforeRename)
        return result
    }

    private func save(beforeRename: (() throws -> Void)? = nil) throws {
        var document = KeyringDocument(
            format: KeyringDocument.formatName, version: KeyringDocument.currentVersion, authority: authority,
            generation: generation, kdf: kdf, check: try secrets.check(), keys: keys, mac: nil)
        let unsigned = try KeyringJSON.encode(document)
        let (canonical, _) = try KeyringJSON.canonicalBytes(of: unsigned, excluding: "mac", path: path)
        document.mac = try secrets.mac(canonical)
        try SecureFile.atomicWrite(try KeyringJSON.encode(document), to: path, beforeRename: beforeRename)
    }

    // MARK: - Rotation

    /// Makes a new version of a key.
    /// - Parameters:
    ///   - kind: the kind to rotate.
    ///   - domain: the pseudonymisation domain (pseudonym keys only; default ``localDomain``).
    ///   - grace: how long the superseded key keeps decrypting.
    ///   - stage: make the new key `pending` (to be promoted later) instead of active now.
    ///   - now: the time of the change.
    /// - Returns: the new key.
    @discardableResult
    public mutating func rotate(
        kind: KeyKind, domain: String? = nil, grace: TimeInterval = defaultGrace, stage: Bool = false,
        now: Date = Date()
    ) throws -> KeyRecord {
        let domain = try Self.checkedDomain(domain, for: kind)
        let now = now.wholeSeconds
        if stage, let pending = keys.first(where: { $0.kind == kind && $0.domain == domain && $0.state == .pending }) {
            throw KeyringError.invalidTransition(keyID: pending.id, from: .pending, action: "stage another key beside")
        }
        let previous = keys.firstIndex { $0.kind == kind && $0.domain == domain && $0.state == .active }
        let key = try addKey(kind: kind, domain: domain, state: stage ? .pending : .active, now: now)
        if !stage, let previous { try KeyLifecycle.supersede(&keys[previous], at: now, grace: grace) }
        return key
    }

    /// Makes a pending key active; the key it replaces is superseded.
    public mutating func promote(id: String, grace: TimeInterval = defaultGrace, now: Date = Date()) throws {
        let now = now.wholeSeconds
        let index = try index(of: id)
        guard keys[index].state == .pending else {
            throw KeyringError.invalidTransition(keyID: id, from: keys[index].state, action: "promote")
        }
        let kind = keys[index].kind
        let domain = keys[index].domain
        if let previous = keys.firstIndex(where: { $0.kind == kind && $0.domain == domain && $0.state == .active }) {
            try KeyLifecycle.supersede(&keys[previous], at: now, grace: grace)
        }
        try KeyLifecycle.promote(&keys[index], at: now)
    }

    /// Revokes a key for good, with the operator's reason.
    public mutating func revoke(id: String, reason: String, now: Date = Date()) throws {
        let index = try index(of: id)
        try KeyLifecycle.revoke(&keys[index], reason: reason, at: now.wholeSeconds)
    }

    @discardableResult
    private mutating func addKey(kind: KeyKind, domain: String?, state: KeyState, now: Date) throws -> KeyRecord {
        var secret: SecretBytes
        var publicKey: [UInt8]?
        switch kind {
        case .signing:
            let pair = SigningKeyPair.generate()
            secret = Self.seed(of: pair)
            publicKey = pair.publicKey
        case .encryption:
            let pair = BoxKeyPair.generate()
            secret = pair.secretKey
            publicKey = pair.publicKey
        case .pseudonym, .vault:
            secret = SecretBytes.random(count: 32)
        }
        let id = "\(authority).\(kind.idComponent).\(Self.dayStamp(now))-\(Hex.encode(SecureRandom.bytes(3)))"
        let identity = KeyRecordIdentity(authority: authority, id: id, kind: kind)
        var record = KeyRecord(
            id: id, kind: kind, domain: domain,
            epoch: kind == .pseudonym ? (keys.filter { $0.kind == kind && $0.domain == domain }.compactMap(\.epoch).max() ?? 0) + 1 : nil,
            created: now, notBefore: now, notAfter: now.addingTimeInterval(Self.defaultLifetime), state: state,
            stateChanged: now, revocation: nil, publicKey: publicKey.map(Base64.encode), endorsement: nil,
            sealedSecret: try secrets.seal(secret, for: identity))
        if kind == .signing, let endorser = keys.last(where: { $0.kind == .signing && $0.state == .active }),
            let publicKey
        {
            let message = Endorsement.message(authority: authority, keyID: id, publicKey: publicKey)
            record.endorsement = Endorsement(
                by: endorser.id, signature: Base64.encode(try signingKeyPair(for: endorser).sign(message)))
        }
        keys.append(record)
        return record
    }

    /// Adds a pseudonym key with a given secret, domain and epoch as the domain's active key (the
    /// previous active key of the domain becomes decrypt-only). For shared linkage domains, whose
    /// secret comes from the domain's coordinator (`nordgate keys import-shared`).
    @discardableResult
    mutating func insertPseudonymKey(
        domain: String, epoch: Int, secret: SecretBytes, grace: TimeInterval = defaultGrace, now: Date = Date()
    ) throws -> KeyRecord {
        let domain = try Self.checkedDomain(domain, for: .pseudonym)
        let now = now.wholeSeconds
        let id = "\(authority).\(KeyKind.pseudonym.idComponent).\(Self.dayStamp(now))-\(Hex.encode(SecureRandom.bytes(3)))"
        let record = KeyRecord(
            id: id, kind: .pseudonym, domain: domain, epoch: epoch, created: now, notBefore: now,
            notAfter: now.addingTimeInterval(Self.defaultLifetime), state: .active, stateChanged: now,
            revocation: nil, publicKey: nil, endorsement: nil,
            sealedSecret: try secrets.seal(secret, for: KeyRecordIdentity(authority: authority, id: id, kind: .pseudonym)))
        if let previous = keys.firstIndex(where: { $0.kind == .pseudonym && $0.domain == domain && $0.state == .active }) {
            try KeyLifecycle.supersede(&keys[previous], at: now, grace: grace)
        }
        keys.append(record)
        return record
    }

    // MARK: - Lookup

    /// The key with `id`.
    public func key(id: String) throws -> KeyRecord { keys[try index(of: id)] }

    /// The active key of `kind` (and `domain`, for pseudonym keys).
    public func activeKey(kind: KeyKind, domain: String? = nil) throws -> KeyRecord {
        let domain = try Self.checkedDomain(domain, for: kind)
        guard let key = keys.last(where: { $0.kind == kind && $0.domain == domain && $0.state == .active }) else {
            throw KeyringError.noActiveKey(kind: kind, domain: domain)
        }
        return key
    }

    /// The decrypted secret half of `key`. Wiped when the returned value is released.
    public func secret(of key: KeyRecord) throws -> SecretBytes {
        try secrets.open(
            key.sealedSecret, for: KeyRecordIdentity(authority: authority, id: key.id, kind: key.kind), path: path)
    }

    /// The Ed25519 key pair of a signing key.
    public func signingKeyPair(for key: KeyRecord) throws -> SigningKeyPair {
        guard key.kind == .signing else { throw KeyringError.unknownKey(id: key.id) }
        return try SigningKeyPair(seed: try secret(of: key))
    }

    /// The X25519 key pair of an encryption key.
    public func boxKeyPair(for key: KeyRecord) throws -> BoxKeyPair {
        guard key.kind == .encryption else { throw KeyringError.unknownKey(id: key.id) }
        return try BoxKeyPair(secretKey: try secret(of: key))
    }

    /// A short fingerprint to compare over another channel: BLAKE2b of the public key, or for a
    /// secret-only key a BLAKE2b keyed with the secret (so two holders of a shared secret can compare).
    public func fingerprint(of key: KeyRecord) throws -> String {
        if let publicKey = key.publicKey {
            return KeyFingerprint.of(publicKey: try Base64.decode(publicKey))
        }
        return KeyFingerprint.format(
            try GenericHash.keyedHash(Array("nordgate-fingerprint-v1".utf8), key: try secret(of: key)))
    }

    /// Keyed BLAKE2b under the keyring's MAC key, for files kept beside the keyring.
    func mac(_ bytes: [UInt8]) throws -> String { try secrets.mac(bytes) }

    private func index(of id: String) throws -> Int {
        guard let index = keys.firstIndex(where: { $0.id == id }) else { throw KeyringError.unknownKey(id: id) }
        return index
    }

    private static func checkedDomain(_ domain: String?, for kind: KeyKind) throws -> String? {
        guard kind == .pseudonym else {
            if let domain { throw KeyringError.invalidDomain(domain) }
            return nil
        }
        let domain = domain ?? localDomain
        guard AuthorityID.isValidDomain(domain) else { throw KeyringError.invalidDomain(domain) }
        return domain
    }

    /// The 32-byte seed of an Ed25519 key pair: the first half of libsodium's 64-byte secret key.
    private static func seed(of pair: SigningKeyPair) -> SecretBytes {
        SecretBytes(count: SigningKeyPair.seedLength) { seed in
            pair.secretKey.withUnsafeBytes { secret in seed.copyMemory(from: UnsafeRawBufferPointer(rebasing: secret.prefix(32))) }
        }
    }

    private static func dayStamp(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d%02d%02d", components.year!, components.month!, components.day!)
    }

    private init(
        folder: String, authority: String, generation: Int, keys: [KeyRecord], kdf: KDFParameters,
        secrets: KeyringSecrets
    ) {
        self.folder = folder
        self.authority = authority
        self.generation = generation
        self.keys = keys
        self.kdf = kdf
        self.secrets = secrets
    }
}

extension Date {
    /// The date without its fraction of a second, as the keyring stores dates.
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
