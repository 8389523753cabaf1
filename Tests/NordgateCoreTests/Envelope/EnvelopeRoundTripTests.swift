import Foundation
import JSONSchema
import NordgateCore
import Sodium
import Testing

/// Sealing and opening between authorities that trust each other.
@Suite struct EnvelopeRoundTripTests {
    static let everyone = ["NO-CA", "DK-CA", "SE-CA", "FI-CA", "IS-CA", "NO-POL"]

    @Test(arguments: [1, 2, 5])
    func everyRecipientOpensAndANonRecipientCannot(recipientCount: Int) throws {
        let network = try EnvelopeTestNetwork(Self.everyone)
        let recipients = Array(Self.everyone.dropFirst().prefix(recipientCount))
        let payload = #"{"case":"TEST-1","items":[1,2,3]}"#
        let sealed = try network.seal(from: "NO-CA", to: recipients, payload: payload)
        #expect(sealed.header.to == recipients)
        #expect(sealed.header.recipients.map(\.authority) == recipients)
        let openAt = EnvelopeTestNetwork.start.addingTimeInterval(120)
        for recipient in recipients {
            let opened = try network.opener(recipient).open(sealed.bytes, now: openAt)
            #expect(opened.payload == Array(payload.utf8))
            #expect(opened.header == sealed.header)
            #expect(opened.digest == GenericHash.hash(sealed.bytes))
        }
        for outsider in Self.everyone.dropFirst() where !recipients.contains(outsider) {
            #expect(throws: EnvelopeError.notAddressedToUs) {
                try network.opener(outsider).open(sealed.bytes, now: openAt)
            }
        }
    }

    @Test func theHeaderCarriesWhatWasAskedForAndTheDefaultSevenDayExpiry() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let now = EnvelopeTestNetwork.start.addingTimeInterval(90.75)
        let sealed = try network.sealer("NO-CA").seal(
            payload: Array("{}".utf8), type: "central-authority.locate-child-request.v1",
            to: try network.recipients(of: "NO-CA", ["DK-CA"]),
            correlationId: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", handling: "H2", now: now)
        let header = sealed.header
        #expect(header.from == "NO-CA")
        #expect(header.type == "central-authority.locate-child-request.v1")
        #expect(header.correlationId == "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
        #expect(header.handling == "H2")
        #expect(EnvelopeTime.format(header.created) == "2026-11-29T10:01:30Z")
        #expect(EnvelopeTime.format(header.expires) == "2026-12-06T10:01:30Z")
        #expect(header.signingKeyId == (try network.keyring("NO-CA").activeKey(kind: .signing).id))
        #expect(header.recipients[0].keyId == (try network.keyring("DK-CA").activeKey(kind: .encryption).id))
        // The envelope is its own RFC 8785 canonical form, as the generic JSON layer computes it.
        #expect(try JSONParser.parse(sealed.bytes).canonicalBytes() == sealed.bytes)
        let text = String(decoding: sealed.bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"correlationId":"0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","created":"2026-11-29T10:01:30Z""#))
        #expect(!text.contains("attachments"))
    }

    @Test func twoSealsOfTheSamePayloadShareNothingButTheHeaderFields() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let first = try network.seal(from: "NO-CA", to: ["DK-CA"])
        let second = try network.seal(from: "NO-CA", to: ["DK-CA"])
        #expect(first.header.id != second.header.id)
        #expect(first.envelope.nonce != second.envelope.nonce)
        #expect(first.envelope.ciphertext != second.envelope.ciphertext)
        #expect(first.header.recipients[0].sealedKey != second.header.recipients[0].sealedKey)
    }

    @Test func aRelayVerifiesWithoutBeingARecipient() throws {
        let network = try EnvelopeTestNetwork(["IS-CA", "NO-CA", "FI-CA"])
        let sealed = try network.seal(from: "IS-CA", to: ["FI-CA"])
        let verified = try network.opener("NO-CA").verify(sealed.bytes, now: EnvelopeTestNetwork.start.addingTimeInterval(120))
        #expect(verified.header.id == sealed.header.id)
        #expect(verified.digest == sealed.envelope.digest)
    }

    @Test func aVerifiedEnvelopeOpensWithoutAnotherCheckAndOnlyForItsRecipients() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA", "SE-CA"])
        let sealed = try network.seal(from: "NO-CA", to: ["DK-CA"])
        let now = EnvelopeTestNetwork.start.addingTimeInterval(120)
        let receiver = try network.opener("DK-CA")
        let verified = try receiver.verify(sealed.bytes, now: now)
        #expect(try receiver.open(verified, now: now).payload == receiver.open(sealed.bytes, now: now).payload)
        let bystander = try network.opener("SE-CA")
        #expect(throws: EnvelopeError.notAddressedToUs) { try bystander.open(try bystander.verify(sealed.bytes, now: now), now: now) }
    }

    @Test func recipientsComeFromTheActiveKeyOfTrustedPeersOnly() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let peers = try network.peers(of: "NO-CA")
        #expect(throws: EnvelopeError.self) { try EnvelopeRecipient.resolve(["SE-CA"], in: peers) }
        do {
            _ = try EnvelopeRecipient.resolve(["SE-CA"], in: peers)
        } catch {
            #expect(error.code == "unknown-recipient")
        }
        let resolved = try EnvelopeRecipient.resolve(["DK-CA"], in: peers)
        let active = try network.keyring("DK-CA").activeKey(kind: .encryption)
        #expect(resolved[0].keyId == active.id)
        #expect(resolved[0].publicKey == (try Base64.decode(active.publicKey!)))
    }

    @Test func sealingRefusesRequestsOutOfRange() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let sealer = try network.sealer("NO-CA")
        let to = try network.recipients(of: "NO-CA", ["DK-CA"])
        let payload = Array("{}".utf8)
        func code(_ attempt: () throws -> SealedEnvelope) -> String? {
            do {
                _ = try attempt()
                return nil
            } catch let error as EnvelopeError {
                return error.code
            } catch {
                return "unexpected"
            }
        }
        let oversized = [UInt8](repeating: 0x20, count: EnvelopeFormat.maximumPayloadBytes + 1)
        let missing = [EnvelopeAttachmentSource(path: "/nonexistent", mediaType: "image/jpeg")]
        let badMedia = [EnvelopeAttachmentSource(path: "/nonexistent", mediaType: "Image/JPEG")]
        #expect(code { try sealer.seal(payload: payload, type: "Not A Type", to: to) } == "invalid-request")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: []) } == "invalid-request")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: to + to) } == "invalid-request")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: to, correlationId: "X") } == "invalid-request")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: to, handling: "H9") } == "invalid-request")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: to, expiresAfter: 91 * 86_400) } == "invalid-request")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: to, expiresAfter: 0) } == "invalid-request")
        #expect(code { try sealer.seal(payload: oversized, type: "a.v1", to: to) } == "invalid-request")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: to, attachments: missing) } == "invalid-request")
        #expect(
            code { try sealer.seal(payload: payload, type: "a.v1", to: to, attachments: badMedia, attachmentsFolder: "/tmp") }
                == "invalid-request")
        #expect(
            code { try sealer.seal(payload: payload, type: "a.v1", to: to, attachments: missing, attachmentsFolder: "/tmp") }
                == "io-error")
        #expect(code { try sealer.seal(payload: payload, type: "a.v1", to: to, expiresAfter: 90 * 86_400) } == nil)
    }
}
