public import Foundation
package import Sodium

/// Seals and signs envelopes as one authority (`docs/envelope.md`).
///
/// A fresh random content key encrypts the payload (XChaCha20-Poly1305 with the canonical header as
/// associated data) and, through derived keys, each attachment stream; the content key is sealed to each
/// recipient's encryption key with `crypto_box_seal`; the sender's Ed25519 key signs the whole envelope.
public struct EnvelopeSealer: Sendable {
    /// The sending authority.
    public let authority: String
    /// The id of the signing key in use.
    public let signingKeyId: String
    private let signer: SigningKeyPair
    private let entropy: any EnvelopeEntropy

    /// A sealer signing with the keyring's active signing key.
    /// - Parameter keyring: The sender's open keyring.
    /// - Throws: ``EnvelopeError/invalidRequest(_:)`` when the keyring has no usable active signing key.
    public init(keyring: Keyring) throws(EnvelopeError) {
        let key: KeyRecord
        let signer: SigningKeyPair
        do {
            key = try keyring.activeKey(kind: .signing)
            signer = try keyring.signingKeyPair(for: key)
        } catch { throw .invalidRequest("the keyring has no usable active signing key") }
        self.init(authority: keyring.authority, signingKeyId: key.id, signer: signer, entropy: SystemEntropy())
    }

    /// A sealer with explicit keys and a replaceable source of fresh values (test vectors only).
    package init(authority: String, signingKeyId: String, signer: SigningKeyPair, entropy: any EnvelopeEntropy) {
        self.authority = authority
        self.signingKeyId = signingKeyId
        self.signer = signer
        self.entropy = entropy
    }

    /// Seals `payload` to `recipients` and signs the envelope.
    /// - Parameters:
    ///   - payload: The bytes to seal (the CLI passes the exact bytes of a strict JSON document).
    ///   - type: The message type id, e.g. `police.hit-query.v1`.
    ///   - recipients: The addressed authorities with their encryption keys (see ``EnvelopeRecipient/resolve(_:in:)``).
    ///   - correlationId: The id of the message this one answers, if any.
    ///   - handling: A handling code `H0` to `H3`, if any.
    ///   - expiresAfter: Seconds from `created` to `expires`: whole seconds, 1 second to 90 days (default 7 days).
    ///   - attachments: Files to attach, streamed in 64 KiB chunks.
    ///   - attachmentsFolder: Where to write each attachment's encrypted file `<id>.bin`.
    ///   - now: The sealing time (`created`, rounded down to whole seconds).
    /// - Returns: The envelope and the paths of the encrypted attachment files.
    /// - Throws: ``EnvelopeError/invalidRequest(_:)`` for an argument out of range, ``EnvelopeError/io(_:)``
    ///   when a file cannot be read or written.
    public func seal(
        payload: [UInt8], type: String, to recipients: [EnvelopeRecipient], correlationId: String? = nil,
        handling: String? = nil, expiresAfter: TimeInterval = TimeInterval(EnvelopeFormat.defaultLifetime),
        attachments: [EnvelopeAttachmentSource] = [], attachmentsFolder: String? = nil, now: Date = Date()
    ) throws(EnvelopeError) -> SealedEnvelope {
        try check(
            payload: payload, type: type, recipients: recipients, correlationId: correlationId, handling: handling,
            expiresAfter: expiresAfter, attachments: attachments, attachmentsFolder: attachmentsFolder)
        let created = Date(timeIntervalSince1970: TimeInterval(EnvelopeTime.seconds(now)))
        let expires = created.addingTimeInterval(expiresAfter)
        let id = entropy.uuid()
        let contentKey = entropy.contentKey()
        guard contentKey.count == EnvelopeFormat.contentKeyLength else { throw .invalidRequest("content key length") }
        var sealedKeys: [SealedContentKey] = []
        for recipient in recipients {
            guard let box = try? entropy.seal(contentKey: contentKey, to: recipient),
                box.count == SealedContentKey.sealedLength
            else { throw .invalidRequest("the content key could not be sealed to a recipient's public key") }
            sealedKeys.append(SealedContentKey(authority: recipient.authority, keyId: recipient.keyId, sealedKey: box))
        }
        var attachmentMetadata: [EnvelopeAttachment] = []
        var attachmentFiles: [String] = []
        for (index, source) in attachments.enumerated() {
            let attachmentID = source.id ?? entropy.uuid()
            let destination = ((attachmentsFolder ?? ".") as NSString).appendingPathComponent("\(attachmentID).bin")
            attachmentFiles.append(destination)
            do {
                attachmentMetadata.append(
                    try AttachmentStream.seal(
                        source: source, destination: destination, id: attachmentID, index: index, envelopeID: id,
                        contentKey: contentKey))
            } catch {
                // Leave no partial output behind: a failed seal writes nothing.
                for file in attachmentFiles { try? FileManager.default.removeItem(atPath: file) }
                throw error
            }
        }
        let header = EnvelopeHeader(
            id: id, type: type, from: authority, to: recipients.map(\.authority), created: created, expires: expires,
            correlationId: correlationId, handling: handling, signingKeyId: signingKeyId, recipients: sealedKeys,
            attachments: attachmentMetadata)
        let nonce = entropy.nonce()
        let ciphertext: [UInt8]
        do { ciphertext = try AEAD.seal(payload, key: contentKey, nonce: nonce, associatedData: header.associatedData()) } catch {
            throw .invalidRequest("the payload could not be encrypted")
        }
        // Write the unsigned envelope once; the signature member goes in where the writer left room for it.
        let unsigned = EnvelopeWriter.writer(header, nonce: nonce, ciphertext: ciphertext, signature: nil)
        let insertion = unsigned.signatureMember.lowerBound
        let signature = signer.sign(EnvelopeFormat.signatureContext + unsigned.bytes)
        var member = Array("\"signature\":\"".utf8)
        member += Array(EnvelopeBase64.encode(signature).utf8)
        member += Array("\",".utf8)
        var envelope = Envelope(
            header: header, nonce: nonce, ciphertext: ciphertext, signature: signature,
            bytes: Array(unsigned.bytes[..<insertion]) + member + unsigned.bytes[insertion...])
        envelope.payloadMember = unsigned.payloadMember
        envelope.signatureMember = insertion..<(insertion + member.count)
        return SealedEnvelope(envelope: envelope, attachmentFiles: attachmentFiles)
    }

    private func check(
        payload: [UInt8], type: String, recipients: [EnvelopeRecipient], correlationId: String?, handling: String?,
        expiresAfter: TimeInterval, attachments: [EnvelopeAttachmentSource], attachmentsFolder: String?
    ) throws(EnvelopeError) {
        guard payload.count <= EnvelopeFormat.maximumPayloadBytes else {
            throw .invalidRequest("the payload is larger than \(EnvelopeFormat.maximumPayloadBytes) bytes")
        }
        guard EnvelopeIdentifiers.isMessageType(type) else {
            throw .invalidRequest("the type is not a message type id such as police.hit-query.v1")
        }
        guard (1...EnvelopeFormat.maximumRecipients).contains(recipients.count),
            Set(recipients.map(\.authority)).count == recipients.count
        else { throw .invalidRequest("address 1 to \(EnvelopeFormat.maximumRecipients) distinct authorities") }
        for recipient in recipients {
            guard AuthorityID.isValid(recipient.authority),
                EnvelopeIdentifiers.isKeyID(recipient.keyId, authority: recipient.authority, component: "enc"),
                recipient.publicKey.count == BoxKeyPair.publicKeyLength
            else { throw .invalidRequest("a recipient has an invalid authority, key id or public key") }
        }
        if let correlationId, !EnvelopeIdentifiers.isUUID(correlationId) {
            throw .invalidRequest("the correlation id is not a lowercase UUID")
        }
        if let handling, !EnvelopeIdentifiers.handlingCodes.contains(handling) {
            throw .invalidRequest("the handling code is not one of H0, H1, H2, H3")
        }
        guard expiresAfter >= 1, expiresAfter <= TimeInterval(EnvelopeFormat.maximumLifetime),
            expiresAfter == expiresAfter.rounded(.down)
        else { throw .invalidRequest("the lifetime must be whole seconds between 1 second and 90 days") }
        guard attachments.count <= EnvelopeFormat.maximumAttachments else {
            throw .invalidRequest("at most \(EnvelopeFormat.maximumAttachments) attachments")
        }
        guard attachments.isEmpty || attachmentsFolder != nil else {
            throw .invalidRequest("attachments need a folder for their encrypted files")
        }
        for attachment in attachments where !EnvelopeIdentifiers.isMediaType(attachment.mediaType) {
            throw .invalidRequest("an attachment media type is not a lowercase type/subtype")
        }
        let givenIDs = attachments.compactMap(\.id)
        guard givenIDs.allSatisfy(EnvelopeIdentifiers.isUUID), Set(givenIDs).count == givenIDs.count else {
            throw .invalidRequest("attachment ids must be distinct lowercase UUIDs")
        }
    }
}
