public import Foundation
import Sodium

/// Verifies and opens envelopes addressed to one authority (`docs/envelope.md`, "Opening").
///
/// The checks run in a fixed order, so a given envelope always fails with the same code: size and
/// strict structure, sender's key, signature, the key's validity at `created`, expiry and clock skew,
/// then our recipient entry and key, then decryption.
public struct EnvelopeOpener: Sendable {
    /// Our authority.
    public let authority: String
    /// How far in the future `created` may be, in seconds.
    public var clockSkew: TimeInterval
    private let signingKeys: [String: [EnvelopeSigningKey]]
    private let decryptionKeys: [String: EnvelopeDecryptionKey]

    /// An opener for `keyring`'s authority trusting the senders in `peers`.
    /// - Parameters:
    ///   - keyring: Our open keyring; its encryption keys that are not retired or revoked are unlocked now.
    ///   - peers: The trusted peers whose signing keys verify envelopes.
    ///   - clockSkew: How far in the future `created` may be (default 5 minutes).
    public init(
        keyring: Keyring, peers: PeerDirectory, clockSkew: TimeInterval = TimeInterval(EnvelopeFormat.defaultClockSkew)
    ) {
        var signingKeys: [String: [EnvelopeSigningKey]] = [:]
        for peer in peers.peers {
            signingKeys[peer.authority] = peer.descriptor.keys.compactMap { entry in
                guard entry.kind == .signing, let publicKey = try? entry.publicKeyBytes() else { return nil }
                return EnvelopeSigningKey(
                    id: entry.id, publicKey: publicKey, state: entry.state, notBefore: entry.notBefore,
                    notAfter: entry.notAfter, revokedAt: entry.revocation?.time)
            }
        }
        let decryptionKeys = keyring.keys.filter { $0.kind == .encryption }.map { key in
            let usable = key.state != .retired && key.state != .revoked
            return EnvelopeDecryptionKey(
                id: key.id, keyPair: usable ? try? keyring.boxKeyPair(for: key) : nil, state: key.state,
                notAfter: key.notAfter)
        }
        self.init(
            authority: keyring.authority, signingKeys: signingKeys, decryptionKeys: decryptionKeys, clockSkew: clockSkew)
    }

    /// An opener from explicit keys (test vectors, and servers that keep keys elsewhere).
    /// - Parameters:
    ///   - authority: Our authority.
    ///   - signingKeys: Trusted signing keys by sender authority.
    ///   - decryptionKeys: Our encryption keys.
    ///   - clockSkew: How far in the future `created` may be.
    package init(
        authority: String, signingKeys: [String: [EnvelopeSigningKey]], decryptionKeys: [EnvelopeDecryptionKey],
        clockSkew: TimeInterval = TimeInterval(EnvelopeFormat.defaultClockSkew)
    ) {
        self.authority = authority
        self.clockSkew = clockSkew
        self.signingKeys = signingKeys
        var byID: [String: EnvelopeDecryptionKey] = [:]
        for key in decryptionKeys { byID[key.id] = key }
        self.decryptionKeys = byID
    }

    /// Parses the envelope and checks its sender, signature and times, without decrypting; a relay
    /// that is not a recipient can use it.
    /// - Parameters:
    ///   - bytes: The envelope exactly as received.
    ///   - now: The current time.
    /// - Returns: The verified envelope, which the `open(_:now:)` that takes it can decrypt without checking again.
    /// - Throws: ``EnvelopeError``: `malformed`, `unknown-version`, `unknown-signing-key`, `signature-invalid`,
    ///   `signing-key-revoked`, `signing-key-not-valid`, `expired` or `created-in-future`.
    public func verify(_ bytes: [UInt8], now: Date = Date()) throws(EnvelopeError) -> VerifiedEnvelope {
        let envelope = try Envelope.parse(bytes)
        let header = envelope.header
        guard let key = signingKeys[header.from]?.first(where: { $0.id == header.signingKeyId }) else {
            throw .unknownSigningKey
        }
        guard Signature.verify(envelope.signature, message: envelope.signedBytes(), publicKey: key.publicKey) else {
            throw .signatureInvalid
        }
        if key.state == .revoked, (key.revokedAt ?? .distantPast) <= header.created {
            throw .signingKeyRevoked
        }
        guard key.state != .pending, key.notBefore <= header.created else { throw .signingKeyNotValid }
        // An active key's notAfter is only its planned end of use; any other key stopped signing then.
        if key.state != .active, let notAfter = key.notAfter, header.created > notAfter {
            throw .signingKeyNotValid
        }
        guard now < header.expires else { throw .expired }
        guard header.created.timeIntervalSince(now) <= clockSkew else { throw .createdInFuture }
        return VerifiedEnvelope(envelope)
    }

    /// Verifies the envelope (see ``verify(_:now:)``) and decrypts its payload.
    /// - Parameters:
    ///   - bytes: The envelope exactly as received.
    ///   - now: The current time.
    /// - Returns: The header, the payload, and the means to open attachments.
    /// - Throws: ``EnvelopeError``: any code of ``verify(_:now:)``, then `not-addressed-to-us`,
    ///   `unknown-encryption-key`, `encryption-key-retired` or `decryption-failed`.
    public func open(_ bytes: [UInt8], now: Date = Date()) throws(EnvelopeError) -> OpenedEnvelope {
        try open(try verify(bytes, now: now), now: now)
    }

    /// Decrypts the payload of an envelope this opener's ``verify(_:now:)`` accepted, without verifying it again.
    /// - Throws: ``EnvelopeError``: `not-addressed-to-us`, `unknown-encryption-key`, `encryption-key-retired` or
    ///   `decryption-failed`.
    public func open(_ verified: VerifiedEnvelope, now: Date = Date()) throws(EnvelopeError) -> OpenedEnvelope {
        let envelope = verified.envelope
        let header = envelope.header
        guard let index = header.to.firstIndex(of: authority) else { throw .notAddressedToUs }
        let entry = header.recipients[index]
        guard let key = decryptionKeys[entry.keyId] else { throw .unknownEncryptionKey }
        let state = key.effectiveState(at: now)
        guard state != .retired, state != .revoked else { throw .encryptionKeyRetired }
        guard let pair = key.keyPair,
            let contentKey = try? SealedBox.open(entry.sealedKey, with: pair),
            contentKey.count == EnvelopeFormat.contentKeyLength,
            let payload = try? AEAD.open(
                envelope.ciphertext, key: contentKey, nonce: envelope.nonce, associatedData: envelope.associatedData())
        else { throw .decryptionFailed }
        return OpenedEnvelope(envelope: envelope, payload: payload, contentKey: contentKey)
    }
}
