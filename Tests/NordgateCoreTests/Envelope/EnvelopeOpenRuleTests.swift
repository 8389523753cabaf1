import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Each open rule, triggered by changing exactly one thing, gives exactly its own code.
@Suite struct EnvelopeOpenRuleTests {
    let network: EnvelopeTestNetwork
    let sealed: SealedEnvelope
    let openAt = EnvelopeTestNetwork.start.addingTimeInterval(120)

    init() throws {
        network = try EnvelopeTestNetwork(["NO-CA", "DK-CA", "SE-CA"])
        sealed = try network.seal(from: "NO-CA", to: ["DK-CA"])
    }

    func code(_ bytes: [UInt8], by authority: String = "DK-CA", at now: Date? = nil, skew: TimeInterval = 300) throws -> String? {
        let opener = try network.opener(authority, clockSkew: skew)
        do {
            _ = try opener.open(bytes, now: now ?? openAt)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func theUntouchedEnvelopeOpens() throws {
        #expect(try code(sealed.bytes) == nil)
    }

    @Test func anotherVersionNumberIsUnknownVersion() throws {
        for version in [0, 2, 99] {
            let changed = try EnvelopeEdit.edit(sealed.bytes) { $0["version"] = .number(JSONNumber(version)) }
            #expect(try code(changed) == "unknown-version")
        }
    }

    @Test func textThatIsNotExactlyACanonicalEnvelopeIsMalformed() throws {
        let text = String(decoding: sealed.bytes, as: UTF8.self)
        var variants: [[UInt8]] = [
            Array((text + "\n").utf8),
            Array((" " + text).utf8),
            Array(text.replacingOccurrences(of: #""from":"NO-CA""#, with: #""from": "NO-CA""#).utf8),
            Array(text.utf8.dropLast()),
            Array(text.replacingOccurrences(of: #""from":"NO-CA""#, with: #""from":"NO-CA","from":"NO-CA""#).utf8),
            Array("[]".utf8),
            [],
            [0xFF],
        ]
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["extra"] = "x" })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["expires"] = nil })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["attachments"] = .array([]) })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["created"] = "2026-11-29T10:01:00.000Z" })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["created"] = "2026-11-29T11:01:00+01:00" })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["expires"] = "2027-03-01T10:01:00Z" })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["id"] = "B7E4D1C2-5A6F-4E3D-8C9B-0F1E2D3C4B5A" })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["to"] = ["DK-CA", "DK-CA"] })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["signingKeyId"] = "DK-CA.sig.20261129-000000" })
        variants.append(try EnvelopeEdit.edit(sealed.bytes) { $0["version"] = "1" })
        variants.append(
            try EnvelopeEdit.edit(sealed.bytes) { object in
                // A base64 text whose unused trailing bits are not zero decodes, but is not canonical.
                let signature = object["signature"]!.stringValue!
                object["signature"] = .string(String(signature.dropLast(3)) + "B==")
            })
        variants.append(
            try EnvelopeEdit.edit(sealed.bytes) { object in
                var payload = object["payload"]!.objectValue!
                payload["nonce"] = .string(Base64.encode([UInt8](repeating: 1, count: 23)))
                object["payload"] = .object(payload)
            })
        var oversized = sealed.bytes
        oversized += [UInt8](repeating: 0x20, count: EnvelopeFormat.maximumEnvelopeBytes)
        variants.append(oversized)
        variants.append(Array(String(repeating: "[", count: 200).utf8))
        for variant in variants {
            #expect(try code(variant) == "malformed", "\(String(decoding: variant.prefix(60), as: UTF8.self))")
        }
    }

    @Test func recipientsInAnotherOrderThanToAreMalformed() throws {
        let twoWay = try network.seal(from: "NO-CA", to: ["DK-CA", "SE-CA"])
        let swapped = try EnvelopeEdit.edit(twoWay.bytes) { object in
            object["recipients"] = .array(object["recipients"]!.arrayValue!.reversed())
        }
        #expect(try code(swapped) == "malformed")
        let bothSwapped = try EnvelopeEdit.edit(twoWay.bytes) { object in
            object["recipients"] = .array(object["recipients"]!.arrayValue!.reversed())
            object["to"] = .array(object["to"]!.arrayValue!.reversed())
        }
        #expect(try code(bothSwapped) == "signature-invalid")
    }

    @Test func anyChangeToASignedValueIsSignatureInvalid() throws {
        let changes: [(inout JSONObject) -> Void] = [
            { $0["created"] = "2026-11-29T10:01:01Z" },
            { $0["expires"] = "2026-12-06T10:01:01Z" },
            { $0["type"] = "police.hit-answer.v1" },
            { $0["handling"] = "H0" },
            { $0["id"] = "00000000-0000-4000-8000-000000000000" },
            { object in
                var payload = object["payload"]!.objectValue!
                var ciphertext = try! Base64.decode(payload["ciphertext"]!.stringValue!)
                ciphertext[0] ^= 1
                payload["ciphertext"] = .string(Base64.encode(ciphertext))
                object["payload"] = .object(payload)
            },
            { object in
                var signature = try! Base64.decode(object["signature"]!.stringValue!)
                signature[10] ^= 0x80
                object["signature"] = .string(Base64.encode(signature))
            },
        ]
        for change in changes {
            #expect(try code(try EnvelopeEdit.edit(sealed.bytes, change)) == "signature-invalid")
        }
    }

    @Test func anUnknownSenderOrSigningKeyIsUnknownSigningKey() throws {
        let renamed = try EnvelopeEdit.edit(sealed.bytes) { $0["signingKeyId"] = "NO-CA.sig.20261129-000000" }
        #expect(try code(renamed) == "unknown-signing-key")
        // DK-CA of another network has never imported this NO-CA.
        let isolated = try EnvelopeTestNetwork(["DK-CA"]).opener("DK-CA")
        do {
            _ = try isolated.open(sealed.bytes, now: openAt)
            Issue.record("an envelope from an unknown sender opened")
        } catch {
            #expect(error.code == "unknown-signing-key")
        }
    }

    @Test func aSigningKeyUsedBeforeItsValidityIsNotValid() throws {
        let early = try network.seal(from: "NO-CA", to: ["DK-CA"], now: EnvelopeTestNetwork.start.addingTimeInterval(-60))
        #expect(try code(early.bytes, at: EnvelopeTestNetwork.start) == "signing-key-not-valid")
    }

    @Test func aRetiredSigningKeyDoesNotSignAfterItsRetirement() throws {
        let oldSigner = try network.signingKeyPair("NO-CA")
        let oldKeyID = try network.keyring("NO-CA").activeKey(kind: .signing).id
        let rotation = EnvelopeTestNetwork.start.addingTimeInterval(3600)
        try network.modify("NO-CA") { try $0.rotate(kind: .signing, now: rotation) }
        try network.exchange(from: "NO-CA", to: "DK-CA", now: rotation)
        let before = try EnvelopeTestNetwork.sealWithKey(
            network, signer: oldSigner, keyID: oldKeyID, now: rotation.addingTimeInterval(-10))
        let after = try EnvelopeTestNetwork.sealWithKey(
            network, signer: oldSigner, keyID: oldKeyID, now: rotation.addingTimeInterval(10))
        let openAt = rotation.addingTimeInterval(60)
        #expect(try code(before, at: openAt) == nil)
        #expect(try code(after, at: openAt) == "signing-key-not-valid")
    }

    @Test func aSigningKeyRevokedBeforeCreatedIsRevoked() throws {
        let oldSigner = try network.signingKeyPair("NO-CA")
        let oldKeyID = try network.keyring("NO-CA").activeKey(kind: .signing).id
        let rotation = EnvelopeTestNetwork.start.addingTimeInterval(3600)
        let signedEarlier = try EnvelopeTestNetwork.sealWithKey(
            network, signer: oldSigner, keyID: oldKeyID, now: rotation.addingTimeInterval(-60))
        try network.modify("NO-CA") { try $0.rotate(kind: .signing, now: rotation) }
        try network.exchange(from: "NO-CA", to: "DK-CA", now: rotation)
        let revocation = rotation.addingTimeInterval(600)
        try network.modify("NO-CA") { try $0.revoke(id: oldKeyID, reason: "test revocation", now: revocation) }
        try network.exchange(from: "NO-CA", to: "DK-CA", now: revocation)
        let signedLater = try EnvelopeTestNetwork.sealWithKey(
            network, signer: oldSigner, keyID: oldKeyID, now: revocation.addingTimeInterval(10))
        #expect(try code(signedLater, at: revocation.addingTimeInterval(60)) == "signing-key-revoked")
        #expect(try code(signedEarlier, at: revocation.addingTimeInterval(60)) == nil)
    }

    @Test func anEnvelopeSealedToAKeyWeDoNotHoldIsUnknownEncryptionKey() throws {
        let real = try network.recipients(of: "NO-CA", ["DK-CA"])[0]
        let fake = EnvelopeRecipient(authority: "DK-CA", keyId: "DK-CA.enc.20990101-abcdef", publicKey: real.publicKey)
        let sealed = try network.sealer("NO-CA").seal(
            payload: Array("{}".utf8), type: "police.hit-query.v1", to: [fake], now: openAt)
        #expect(try code(sealed.bytes) == "unknown-encryption-key")
    }

    @Test func anEnvelopeSealedToARetiredKeyIsRefused() throws {
        let rotation = EnvelopeTestNetwork.start.addingTimeInterval(3600)
        try network.modify("DK-CA") { try $0.rotate(kind: .encryption, grace: 86_400, now: rotation) }
        #expect(try code(sealed.bytes, at: rotation.addingTimeInterval(86_399)) == nil)
        #expect(try code(sealed.bytes, at: rotation.addingTimeInterval(86_400)) == "encryption-key-retired")
    }

    @Test func expiryIsExclusiveAndClockSkewIsConfigurable() throws {
        let header = sealed.header
        #expect(try code(sealed.bytes, at: header.expires.addingTimeInterval(-1)) == nil)
        #expect(try code(sealed.bytes, at: header.expires) == "expired")
        #expect(try code(sealed.bytes, at: header.created.addingTimeInterval(-300)) == nil)
        #expect(try code(sealed.bytes, at: header.created.addingTimeInterval(-301)) == "created-in-future")
        #expect(try code(sealed.bytes, at: header.created.addingTimeInterval(-1), skew: 0) == "created-in-future")
        #expect(try code(sealed.bytes, at: header.created, skew: 0) == nil)
    }

    @Test func aSignedButUndecryptableEnvelopeIsDecryptionFailed() throws {
        let signer = try network.signingKeyPair("NO-CA")
        let badCiphertext = try EnvelopeEdit.editAndResign(sealed.bytes, signer: signer) { object in
            var payload = object["payload"]!.objectValue!
            var ciphertext = try Base64.decode(payload["ciphertext"]!.stringValue!)
            ciphertext[ciphertext.count - 1] ^= 1
            payload["ciphertext"] = .string(Base64.encode(ciphertext))
            object["payload"] = .object(payload)
        }
        #expect(try code(badCiphertext) == "decryption-failed")
        let badHeader = try EnvelopeEdit.editAndResign(sealed.bytes, signer: signer) { $0["handling"] = "H1" }
        #expect(try code(badHeader) == "decryption-failed")
        let badSealedKey = try EnvelopeEdit.editAndResign(sealed.bytes, signer: signer) { object in
            var entry = object["recipients"]!.arrayValue![0].objectValue!
            var box = try Base64.decode(entry["sealedKey"]!.stringValue!)
            box[40] ^= 1
            entry["sealedKey"] = .string(Base64.encode(box))
            object["recipients"] = [.object(entry)]
        }
        #expect(try code(badSealedKey) == "decryption-failed")
    }

    @Test func errorDescriptionsCarryNoInstanceValues() throws {
        let errors: [EnvelopeError] = [
            .unknownVersion, .malformed("it is not strict JSON"), .signatureInvalid, .unknownSigningKey,
            .signingKeyNotValid, .signingKeyRevoked, .notAddressedToUs, .unknownEncryptionKey, .encryptionKeyRetired,
            .expired, .createdInFuture, .decryptionFailed, .attachmentInvalid("its digest does not match"),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        let text = String(decoding: sealed.bytes, as: UTF8.self)
        for error in errors {
            #expect(!error.description.contains(sealed.header.id))
            #expect(!error.description.contains(sealed.header.signingKeyId))
            #expect(!text.contains(error.description))
        }
    }
}

extension EnvelopeTestNetwork {
    /// Seals NO-CA → DK-CA signing with a given (possibly old) key, as a sender still holding it could.
    static func sealWithKey(
        _ network: EnvelopeTestNetwork, signer: SigningKeyPair, keyID: String, now: Date
    ) throws -> [UInt8] {
        let sealer = EnvelopeSealer(
            authority: "NO-CA", signingKeyId: keyID, signer: signer,
            entropy: DeterministicRandom(
                contentKey: SecureRandom.bytes(32), nonce: SecureRandom.bytes(24),
                ids: ["6f1b0d62-8a47-4c1e-9f3a-2b5c7d9e0a14"]))
        return try sealer.seal(
            payload: Array("{}".utf8), type: "police.hit-query.v1", to: try network.recipients(of: "NO-CA", ["DK-CA"]),
            now: now
        ).bytes
    }
}
