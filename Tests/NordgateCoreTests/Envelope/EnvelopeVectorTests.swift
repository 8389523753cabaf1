import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// The published test vectors in `Vectors/` (see its README): our implementation reproduces them byte for byte.
///
/// Set `NORDGATE_WRITE_ENVELOPE_VECTORS=1` to write them again (only needed if the format changes).
@Suite struct EnvelopeVectorTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
    static let writing = ProcessInfo.processInfo.environment["NORDGATE_WRITE_ENVELOPE_VECTORS"] == "1"

    /// The fixed inputs of one vector.
    struct Inputs {
        var name: String
        var sender: String
        var signingKeyId: String
        var signingSeed: [UInt8]
        var recipients: [(authority: String, keyId: String, seed: [UInt8])]
        var contentKey: [UInt8]
        var nonce: [UInt8]
        var ids: [String]
        var created: String
        var expiresAfter: Int
        var type: String
        var correlationId: String?
        var handling: String?
        var payload: String
        var attachment: [UInt8]?
    }

    static func pattern(_ start: UInt8, _ count: Int = 32) -> [UInt8] { (0..<count).map { start &+ UInt8($0) } }

    static let vectors = [
        Inputs(
            name: "two-recipients", sender: "NO-POL", signingKeyId: "NO-POL.sig.20261101-a1b2c3",
            signingSeed: pattern(0x10),
            recipients: [
                ("DK-POL", "DK-POL.enc.20261101-d4e5f6", pattern(0x30)),
                ("SE-POL", "SE-POL.enc.20261115-0a1b2c", pattern(0x50)),
            ],
            contentKey: pattern(0x70), nonce: pattern(0x90, 24), ids: ["3f0e7c52-9a1d-4b6e-8f20-5c7d1e9a4b38"],
            created: "2026-11-29T10:00:00Z", expiresAfter: 7 * 86_400, type: "police.hit-query.v1",
            correlationId: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", handling: "H1",
            payload: #"{"queryId":"Q-TEST-0001","subject":{"pseudonym":"ps1:nordic-police:1:c2ludGhldGljIHRlc3Q"},"purpose":"trafficking"}"#,
            attachment: nil),
        Inputs(
            name: "one-attachment", sender: "NO-CA", signingKeyId: "NO-CA.sig.20261101-0c0d0e",
            signingSeed: pattern(0xA0),
            recipients: [("DK-CA", "DK-CA.enc.20261101-0f1011", pattern(0xC0))],
            contentKey: pattern(0xE0), nonce: pattern(0x01, 24),
            ids: ["9b2d4f61-7c3e-4a58-b1d0-2e6f8a7c5d93", "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"],
            created: "2026-11-29T12:30:00Z", expiresAfter: 86_400, type: "central-authority.child-report.v1",
            correlationId: nil, handling: nil, payload: #"{"report":"synthetic","photo":"5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"}"#,
            attachment: pattern(0x00, 100)),
    ]

    static func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: file(name))) }

    static func sealer(_ inputs: Inputs, replaying sealedKeys: [String: [UInt8]]) throws -> EnvelopeSealer {
        EnvelopeSealer(
            authority: inputs.sender, signingKeyId: inputs.signingKeyId,
            signer: try SigningKeyPair(seed: SecretBytes(copying: inputs.signingSeed)),
            entropy: DeterministicRandom(
                contentKey: inputs.contentKey, nonce: inputs.nonce, ids: inputs.ids, sealedKeys: sealedKeys))
    }

    static func recipients(_ inputs: Inputs) throws -> [EnvelopeRecipient] {
        try inputs.recipients.map { recipient in
            EnvelopeRecipient(
                authority: recipient.authority, keyId: recipient.keyId,
                publicKey: try BoxKeyPair(seed: SecretBytes(copying: recipient.seed)).publicKey)
        }
    }

    static func seal(_ inputs: Inputs, replaying sealedKeys: [String: [UInt8]], folder: String) throws -> SealedEnvelope {
        var sources: [EnvelopeAttachmentSource] = []
        if let attachment = inputs.attachment {
            let path = (folder as NSString).appendingPathComponent("plain")
            try Data(attachment).write(to: URL(fileURLWithPath: path))
            sources.append(EnvelopeAttachmentSource(path: path, mediaType: "image/jpeg"))
        }
        return try sealer(inputs, replaying: sealedKeys).seal(
            payload: Array(inputs.payload.utf8), type: inputs.type, to: try recipients(inputs),
            correlationId: inputs.correlationId, handling: inputs.handling,
            expiresAfter: TimeInterval(inputs.expiresAfter), attachments: sources, attachmentsFolder: folder,
            now: EnvelopeTime.parse(inputs.created)!)
    }

    static func opener(_ inputs: Inputs, as index: Int) throws -> EnvelopeOpener {
        let signer = try SigningKeyPair(seed: SecretBytes(copying: inputs.signingSeed))
        let recipient = inputs.recipients[index]
        return EnvelopeOpener(
            authority: recipient.authority,
            signingKeys: [
                inputs.sender: [
                    EnvelopeSigningKey(
                        id: inputs.signingKeyId, publicKey: signer.publicKey, state: .active,
                        notBefore: EnvelopeTime.parse("2026-11-01T00:00:00Z")!)
                ]
            ],
            decryptionKeys: [
                EnvelopeDecryptionKey(
                    id: recipient.keyId, keyPair: try BoxKeyPair(seed: SecretBytes(copying: recipient.seed)),
                    state: .active)
            ])
    }

    /// The envelope object with some members removed, canonical.
    static func canonical(_ bytes: [UInt8], without members: [String]) throws -> [UInt8] {
        var object = try EnvelopeEdit.object(bytes)
        for member in members { object[member] = nil }
        return try EnvelopeEdit.canonical(object)
    }

    @Test(.enabled(if: writing)) func writeVectors() throws {
        let scratch = try TemporaryFolder(prefix: "nordgate-vectors")
        for inputs in Self.vectors {
            let sealed = try Self.seal(inputs, replaying: [:], folder: scratch.path)
            try Data(sealed.bytes).write(to: Self.file("\(inputs.name).envelope.json"))
            try Data(inputs.payload.utf8).write(to: Self.file("\(inputs.name).payload.json"))
            var summary = JSONObject()
            summary["contentKey"] = .string(Hex.encode(inputs.contentKey))
            summary["associatedData"] = .string(Hex.encode(try Self.associatedData(sealed.bytes)))
            summary["signedBytes"] = .string(Hex.encode(try Self.signedBytes(sealed.bytes)))
            summary["digest"] = .string(Hex.encode(GenericHash.hash(sealed.bytes)))
            if let attachment = inputs.attachment, let metadata = sealed.header.attachments.first {
                try Data(attachment).write(to: Self.file("\(inputs.name).attachment.plain"))
                try Data(contentsOf: URL(fileURLWithPath: sealed.attachmentFiles[0]))
                    .write(to: Self.file("\(inputs.name).\(metadata.id).bin"))
                summary["attachmentKey"] = .string(
                    Hex.encode(
                        try KeyDerivation.deriveKey(
                            from: SecretBytes(copying: inputs.contentKey), subkeyID: 0, context: "ngattach"
                        ).withUnsafeBytes { Array($0) }))
            }
            try Data(JSONValue.object(summary).serialized(pretty: true).utf8 + [0x0A])
                .write(to: Self.file("\(inputs.name).intermediate.json"))
        }
    }

    static func associatedData(_ bytes: [UInt8]) throws -> [UInt8] {
        Array("nordgate-envelope-v1/payload\u{0}".utf8) + (try canonical(bytes, without: ["payload", "signature"]))
    }

    static func signedBytes(_ bytes: [UInt8]) throws -> [UInt8] {
        EnvelopeEdit.signatureContext + (try canonical(bytes, without: ["signature"]))
    }

    static func intermediate(_ name: String) throws -> JSONObject {
        try #require(try JSONParser.parse(try read("\(name).intermediate.json")).objectValue)
    }

    @Test(.disabled(if: writing), arguments: [0, 1])
    func ourSealerReproducesTheVectorByteForByte(index: Int) throws {
        let inputs = Self.vectors[index]
        let expected = try Self.read("\(inputs.name).envelope.json")
        let published = try Envelope.parse(expected)
        var sealedKeys: [String: [UInt8]] = [:]
        for entry in published.header.recipients { sealedKeys[entry.keyId] = entry.sealedKey }
        let scratch = try TemporaryFolder(prefix: "nordgate-vectors")
        let sealed = try Self.seal(inputs, replaying: sealedKeys, folder: scratch.path)
        if inputs.attachment == nil {
            #expect(sealed.bytes == expected)
        } else {
            // libsodium draws a secretstream header itself, so with an attachment everything but the
            // attachment's header and digest (and hence the signature) must match.
            var ours = sealed.header
            ours.attachments = published.header.attachments
            #expect(ours == published.header)
            #expect(sealed.header.attachments[0].size == published.header.attachments[0].size)
        }
    }

    @Test(.disabled(if: writing), arguments: [0, 1])
    func everyRecipientOpensTheVectorToTheExpectedPayload(index: Int) throws {
        let inputs = Self.vectors[index]
        let bytes = try Self.read("\(inputs.name).envelope.json")
        let payload = try Self.read("\(inputs.name).payload.json")
        let openAt = EnvelopeTime.parse(inputs.created)!.addingTimeInterval(60)
        for recipient in inputs.recipients.indices {
            let opened = try Self.opener(inputs, as: recipient).open(bytes, now: openAt)
            #expect(opened.payload == payload)
            if inputs.attachment != nil {
                let scratch = try TemporaryFolder(prefix: "nordgate-vectors")
                let id = opened.header.attachments[0].id
                try opened.openAttachment(
                    at: 0, from: Self.file("\(inputs.name).\(id).bin").path, to: scratch.appending("out"))
                #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch.appending("out"))))
                    == (try Self.read("\(inputs.name).attachment.plain")))
            }
        }
    }

    @Test(.disabled(if: writing), arguments: [0, 1])
    func theIntermediateValuesFollowTheSpecificationWithPlainLibsodium(index: Int) throws {
        let inputs = Self.vectors[index]
        let bytes = try Self.read("\(inputs.name).envelope.json")
        let intermediate = try Self.intermediate(inputs.name)
        let object = try EnvelopeEdit.object(bytes)
        // Signature: Ed25519 over the context and the canonical envelope without `signature`.
        let signedBytes = try Self.signedBytes(bytes)
        #expect(Hex.encode(signedBytes) == intermediate["signedBytes"]?.stringValue)
        let signer = try SigningKeyPair(seed: SecretBytes(copying: inputs.signingSeed))
        let signature = try Base64.decode(try #require(object["signature"]?.stringValue))
        #expect(Signature.verify(signature, message: signedBytes, publicKey: signer.publicKey))
        #expect(signer.sign(signedBytes) == signature)
        // Payload: XChaCha20-Poly1305 under the content key, the canonical header as associated data.
        let associatedData = try Self.associatedData(bytes)
        #expect(Hex.encode(associatedData) == intermediate["associatedData"]?.stringValue)
        let payloadObject = try #require(object["payload"]?.objectValue)
        let contentKey = SecretBytes(copying: inputs.contentKey)
        let plaintext = try AEAD.open(
            try Base64.decode(try #require(payloadObject["ciphertext"]?.stringValue)), key: contentKey,
            nonce: try Base64.decode(try #require(payloadObject["nonce"]?.stringValue)), associatedData: associatedData)
        #expect(plaintext == (try Self.read("\(inputs.name).payload.json")))
        // Each sealed key opens to the content key with the recipient's key pair.
        for (entry, recipient) in zip(try #require(object["recipients"]?.arrayValue), inputs.recipients) {
            let box = try Base64.decode(try #require(entry.objectValue?["sealedKey"]?.stringValue))
            let opened = try SealedBox.open(box, with: try BoxKeyPair(seed: SecretBytes(copying: recipient.seed)))
            #expect(opened.constantTimeEquals(contentKey))
        }
        #expect(Hex.encode(GenericHash.hash(bytes)) == intermediate["digest"]?.stringValue)
        // Attachment: crypto_kdf key, secretstream chunks with their associated data, chained BLAKE2b digest.
        if inputs.attachment != nil {
            let metadata = try #require(object["attachments"]?.arrayValue?.first?.objectValue)
            let id = try #require(metadata["id"]?.stringValue)
            let key = try KeyDerivation.deriveKey(from: contentKey, subkeyID: 0, context: "ngattach")
            #expect(key.withUnsafeBytes { Hex.encode(Array($0)) } == intermediate["attachmentKey"]?.stringValue)
            let header = try Base64.decode(try #require(metadata["header"]?.stringValue))
            let encrypted = try Self.read("\(inputs.name).\(id).bin")
            var digest = GenericHash.hash(header)
            digest = try GenericHash.keyedHash(encrypted, key: SecretBytes(copying: digest))
            #expect(Base64.encode(digest) == metadata["digest"]?.stringValue)
            let envelopeID = try #require(object["id"]?.stringValue)
            let chunkAD = Array("nordgate-envelope-v1/attachment\u{0}".utf8) + Array(envelopeID.utf8)
                + [UInt8](repeating: 0, count: 8) + [UInt8](repeating: 0, count: 8)
            let stream = try SecretStreamOpener(key: key, header: header)
            let chunk = try stream.open(encrypted, associatedData: chunkAD)
            #expect(chunk.isFinal)
            #expect(chunk.plaintext == (try Self.read("\(inputs.name).attachment.plain")))
        }
    }
}
