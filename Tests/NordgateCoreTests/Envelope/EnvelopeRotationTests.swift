import Foundation
import NordgateCore
import Testing

/// Envelopes across key rotations on both sides.
@Suite struct EnvelopeRotationTests {
    @Test func afterTheRecipientRotatesNewEnvelopesUseTheNewKeyAndOldOnesOpenDuringTheGrace() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let old = try network.seal(from: "NO-CA", to: ["DK-CA"], payload: #"{"n":"old"}"#)
        let oldKey = old.header.recipients[0].keyId

        let rotation = EnvelopeTestNetwork.start.addingTimeInterval(3600)
        try network.modify("DK-CA") { try $0.rotate(kind: .encryption, grace: 2 * 86_400, now: rotation) }
        let newKey = try network.keyring("DK-CA").activeKey(kind: .encryption).id
        #expect(newKey != oldKey)

        // Until NO-CA imports the new descriptor it still seals to the old key, which still opens.
        let stale = try network.seal(from: "NO-CA", to: ["DK-CA"], now: rotation.addingTimeInterval(60))
        #expect(stale.header.recipients[0].keyId == oldKey)

        try network.exchange(from: "DK-CA", to: "NO-CA", now: rotation.addingTimeInterval(120))
        let fresh = try network.seal(
            from: "NO-CA", to: ["DK-CA"], payload: #"{"n":"new"}"#, now: rotation.addingTimeInterval(180))
        #expect(fresh.header.recipients[0].keyId == newKey)

        let duringGrace = rotation.addingTimeInterval(86_400)
        let opener = try network.opener("DK-CA")
        #expect(try opener.open(old.bytes, now: duringGrace).payload == Array(#"{"n":"old"}"#.utf8))
        #expect(try opener.open(stale.bytes, now: duringGrace).header.id == stale.header.id)
        #expect(try opener.open(fresh.bytes, now: duringGrace).payload == Array(#"{"n":"new"}"#.utf8))

        let afterGrace = rotation.addingTimeInterval(2 * 86_400)
        #expect(throws: EnvelopeError.encryptionKeyRetired) { try opener.open(old.bytes, now: afterGrace) }
        #expect(try opener.open(fresh.bytes, now: afterGrace).header.id == fresh.header.id)
    }

    @Test func aStagedRecipientKeyIsNeverUsedUntilPromoted() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let active = try network.keyring("DK-CA").activeKey(kind: .encryption).id
        let staged = EnvelopeTestNetwork.start.addingTimeInterval(600)
        try network.modify("DK-CA") { try $0.rotate(kind: .encryption, stage: true, now: staged) }
        try network.exchange(from: "DK-CA", to: "NO-CA", now: staged)
        let sealed = try network.seal(from: "NO-CA", to: ["DK-CA"], now: staged.addingTimeInterval(60))
        #expect(sealed.header.recipients[0].keyId == active)
    }

    @Test func afterTheSendersSigningKeyIsRevokedWhatItSignsLaterIsRefused() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let oldSigner = try network.signingKeyPair("NO-CA")
        let oldKeyID = try network.keyring("NO-CA").activeKey(kind: .signing).id
        let rotation = EnvelopeTestNetwork.start.addingTimeInterval(3600)
        try network.modify("NO-CA") { try $0.rotate(kind: .signing, now: rotation) }
        try network.exchange(from: "NO-CA", to: "DK-CA", now: rotation)
        let revocation = rotation.addingTimeInterval(600)
        try network.modify("NO-CA") { try $0.revoke(id: oldKeyID, reason: "test compromise", now: revocation) }
        try network.exchange(from: "NO-CA", to: "DK-CA", now: revocation)

        let forged = try EnvelopeTestNetwork.sealWithKey(
            network, signer: oldSigner, keyID: oldKeyID, now: revocation.addingTimeInterval(60))
        let current = try network.seal(from: "NO-CA", to: ["DK-CA"], now: revocation.addingTimeInterval(60))
        let opener = try network.opener("DK-CA")
        let now = revocation.addingTimeInterval(120)
        #expect(throws: EnvelopeError.signingKeyRevoked) { try opener.open(forged, now: now) }
        #expect(try opener.open(current.bytes, now: now).header.signingKeyId != oldKeyID)
    }
}
