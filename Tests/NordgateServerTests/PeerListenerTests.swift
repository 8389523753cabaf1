import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Sodium
import Testing

/// Hostile and broken peers: each is refused with a clear code, nothing is stored, and the
/// gateway keeps serving.
struct PeerListenerTests {
    /// A network of NO-CA and DK-CA with SE-CA known to DK by keys but not as a peer, and an
    /// envelope NO-CA sealed for DK-CA.
    private static func setUp() async throws -> (TestNetwork, [GatewayServer], [UInt8]) {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA", "SE-CA"], links: [("NO-CA", "DK-CA"), ("DK-CA", "SE-CA")])
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let snapshot = servers[0].gateway.keys.snapshot
        let recipients = try EnvelopeRecipient.resolve(["DK-CA"], in: snapshot.directory)
        let envelope = try snapshot.sealer.seal(
            payload: try Records.locateChild().canonicalBytes(), type: Records.locateChildType, to: recipients)
        return (network, servers, envelope.bytes)
    }

    private static func inboxCount(_ server: GatewayServer) async throws -> Int {
        try await server.gateway.store.listInbox(after: 0, limit: 100).count
    }

    @Test func refusesConnectionsWithoutAValidClientCertificate() async throws {
        let (network, servers, envelope) = try await Self.setUp()
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let otherCA = try network.pki.files(for: "NO-CA", otherCA: true)
        let expired = try network.pki.files(for: "NO-CA", expired: true)
        try await TestNetwork.running(servers) {
            for files in [nil, otherCA, expired] {
                await #expect(throws: (any Error).self) {
                    try await http.peer(dk, .POST, "/v1/envelopes", as: files, caBundle: dk.tls.caBundle, body: envelope)
                }
            }
            // Still serving the real peer.
            let ok = try await http.peer(dk, .GET, "/health", as: network["NO-CA"].tls, caBundle: dk.tls.caBundle)
            #expect(ok.status == 200)
            #expect(try await Self.inboxCount(servers[1]) == 0)
        }
    }

    @Test func refusesAnUnknownPeerAndASenderOtherThanTheCertificate() async throws {
        let (network, servers, envelope) = try await Self.setUp()
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let finland = try network.pki.files(for: "FI-CA")
        try await TestNetwork.running(servers) {
            let unknown = try await http.peer(dk, .POST, "/v1/envelopes", as: finland, caBundle: dk.tls.caBundle, body: envelope)
            #expect(unknown.status == 403)
            #expect(unknown.errorCode == "peer.unknown")
            // SE-CA is a configured peer of DK, but the envelope is signed by NO-CA.
            let mismatch = try await http.peer(
                dk, .POST, "/v1/envelopes", as: network["SE-CA"].tls, caBundle: dk.tls.caBundle, body: envelope)
            #expect(mismatch.status == 403)
            #expect(mismatch.errorCode == "peer.sender-mismatch")
            #expect(try await Self.inboxCount(servers[1]) == 0)
        }
    }

    @Test func refusesTamperedMalformedOversizedAndDeeplyNestedBodies() async throws {
        let (network, servers, envelope) = try await Self.setUp()
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        var flipped = envelope
        // Flip one base64 character inside the ciphertext member.
        let text = String(decoding: envelope, as: UTF8.self)
        let range = try #require(text.range(of: "\"ciphertext\":\""))
        let index = text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound) + 4
        flipped[index] = flipped[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = flipped
        let nested = Array(String(repeating: "[", count: 200).utf8) + Array(String(repeating: "]", count: 200).utf8)
        let oversized = [UInt8](repeating: UInt8(ascii: " "), count: 5 << 20)
        try await TestNetwork.running(servers) {
            let forged = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: tampered)
            #expect(forged.status == 403)
            #expect(forged.errorCode == "envelope.signature-invalid")
            let deep = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: nested)
            #expect(deep.status == 400)
            #expect(deep.errorCode == "envelope.malformed")
            let junk = try await http.peer(
                dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: [0xff, 0xfe, 0x7b])
            #expect(junk.status == 400)
            let large = try? await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: oversized)
            // The server may answer 413 or close the connection while the body is still arriving.
            #expect(large == nil || large?.status == 413)
            #expect(try await Self.inboxCount(servers[1]) == 0)
            let good = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: envelope)
            #expect(good.status == 200)
            #expect(try await Self.inboxCount(servers[1]) == 1)
        }
    }

    @Test func refusesAReusedIdWithOtherBytes() async throws {
        let (network, servers, _) = try await Self.setUp()
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        let snapshot = servers[0].gateway.keys.snapshot
        let key = try snapshot.keyring.activeKey(kind: .signing)
        let sealer = EnvelopeSealer(
            authority: "NO-CA", signingKeyId: key.id, signer: try snapshot.keyring.signingKeyPair(for: key),
            entropy: FixedIDEntropy(id: "0b7c1f52-8f0e-4d7a-9a35-2f3f0c6a1b11"))
        let recipients = try EnvelopeRecipient.resolve(["DK-CA"], in: snapshot.directory)
        let first = try sealer.seal(payload: Array(#"{"n":1}"#.utf8), type: Records.locateChildType, to: recipients)
        let second = try sealer.seal(payload: Array(#"{"n":2}"#.utf8), type: Records.locateChildType, to: recipients)
        #expect(first.header.id == second.header.id)
        try await TestNetwork.running(servers) {
            let good = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: first.bytes)
            #expect(good.status == 200)
            let replay = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: second.bytes)
            #expect(replay.status == 409)
            #expect(replay.errorCode == "envelope.replay-conflict")
            #expect(try await Self.inboxCount(servers[1]) == 1)
        }
    }

    @Test func refusesAnExpiredEnvelope() async throws {
        let (network, servers, _) = try await Self.setUp()
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let snapshot = servers[0].gateway.keys.snapshot
        let recipients = try EnvelopeRecipient.resolve(["DK-CA"], in: snapshot.directory)
        // The shortest lifetime the format allows; by the time it arrives it is over.
        let stale = try snapshot.sealer.seal(
            payload: Array(#"{"n":1}"#.utf8), type: Records.locateChildType, to: recipients, expiresAfter: 1)
        try await Task.sleep(for: .seconds(2))
        try await TestNetwork.running(servers) {
            let refused = try await http.peer(
                dk, .POST, "/v1/envelopes", as: network["NO-CA"].tls, caBundle: dk.tls.caBundle, body: stale.bytes)
            #expect(refused.status == 422)
            #expect(refused.errorCode == "envelope.expired")
            #expect(try await Self.inboxCount(servers[1]) == 0)
        }
    }

    @Test func servesItsSignedDescriptorToPeers() async throws {
        let (network, servers, _) = try await Self.setUp()
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        try await TestNetwork.running(servers) {
            let response = try await http.peer(dk, .GET, "/v1/directory", as: network["NO-CA"].tls, caBundle: dk.tls.caBundle)
            #expect(response.status == 200)
            let descriptor = try PublicDescriptor.parse(response.body)
            #expect(descriptor.authority == "DK-CA")
            #expect(descriptor.endpoints == ["https://127.0.0.1:\(dk.peerPort)"])
        }
    }
}

/// Fresh values as usual, but always the same envelope id (to forge a replay with other bytes).
private struct FixedIDEntropy: EnvelopeEntropy {
    let id: String

    func contentKey() -> SecretBytes { AEAD.generateKey() }
    func nonce() -> [UInt8] { AEAD.generateNonce() }
    func uuid() -> String { id }
    func seal(contentKey: SecretBytes, to recipient: EnvelopeRecipient) throws -> [UInt8] {
        try SealedBox.seal(contentKey.withUnsafeBytes { Array($0) }, to: recipient.publicKey)
    }
}
