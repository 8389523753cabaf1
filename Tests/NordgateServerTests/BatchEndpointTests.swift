import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Testing

/// `POST /v1/envelopes/batch`: each envelope handled as the single endpoint would, broken batches
/// refused whole, and the sender's fall-back to single envelopes.
struct BatchEndpointTests {
    /// NO-CA and DK-CA, with SE-CA a further peer of DK, and `count` envelopes NO-CA sealed for DK-CA.
    private static func setUp(count: Int, settings: [String: JSONValue] = [:]) throws
        -> (TestNetwork, [GatewayServer], [[UInt8]])
    {
        let network = try TestNetwork(
            authorities: ["NO-CA", "DK-CA", "SE-CA"], links: [("NO-CA", "DK-CA"), ("DK-CA", "SE-CA")], settings: settings)
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let snapshot = servers[0].gateway.keys.snapshot
        let recipients = try EnvelopeRecipient.resolve(["DK-CA"], in: snapshot.directory)
        let envelopes = try (0..<count).map { index in
            try snapshot.sealer.seal(payload: Array(#"{"n":\#(index)}"#.utf8), type: Records.locateChildType, to: recipients).bytes
        }
        return (network, servers, envelopes)
    }

    private static func body(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [UInt8(ascii: "\n")] } }

    private static func lines(_ body: [UInt8]) -> [[UInt8]] {
        guard body.last == UInt8(ascii: "\n") else { return [] }
        return body.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    }

    private static func inboxCount(_ server: GatewayServer) async throws -> Int {
        try await server.gateway.store.listInbox(after: 0, limit: 1000).count
    }

    @Test func eachEnvelopeGetsTheReceiptTheSingleEndpointGivesAlsoWhenRepeated() async throws {
        let (network, servers, envelopes) = try Self.setUp(count: 3)
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        let descriptor = try #require(servers[0].gateway.keys.snapshot.directory.peers.first { $0.authority == "DK-CA" })
        try await TestNetwork.running(servers) {
            let answer = try await http.peer(dk, .POST, "/v1/envelopes/batch", as: no, caBundle: dk.tls.caBundle, body: Self.body(envelopes))
            #expect(answer.status == 200)
            let receipts = Self.lines(answer.body)
            #expect(receipts.count == 3)
            for (envelope, bytes) in zip(envelopes, receipts) {
                let receipt = try Receipt.parse(bytes)
                #expect(receipt.envelopeId == (try Envelope.parse(envelope)).header.id)
                #expect(receipt.status == .accepted)
                #expect(receipt.verifies(with: descriptor.descriptor))
            }
            #expect(try await Self.inboxCount(servers[1]) == 3)
            let again = try await http.peer(dk, .POST, "/v1/envelopes/batch", as: no, caBundle: dk.tls.caBundle, body: Self.body(envelopes))
            #expect(Self.lines(again.body) == receipts)
            let single = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: envelopes[1])
            #expect(single.body == receipts[1])
            #expect(try await Self.inboxCount(servers[1]) == 3)
        }
    }

    @Test func oneRefusedEnvelopeGetsItsErrorLineAndTheOthersAreStored() async throws {
        let (network, servers, envelopes) = try Self.setUp(count: 2)
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        var tampered = envelopes[1]
        let text = String(decoding: tampered, as: UTF8.self)
        let range = try #require(text.range(of: "\"ciphertext\":\""))
        let index = text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound) + 4
        tampered[index] = tampered[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let nested = Array(String(repeating: "[", count: 200).utf8) + Array(String(repeating: "]", count: 200).utf8)
        let batch = [envelopes[0], tampered, nested, [0xff, 0xfe, 0x7b]]
        try await TestNetwork.running(servers) {
            let answer = try await http.peer(
                dk, .POST, "/v1/envelopes/batch", as: network["NO-CA"].tls, caBundle: dk.tls.caBundle, body: Self.body(batch))
            #expect(answer.status == 200)
            let lines = Self.lines(answer.body)
            #expect(lines.count == 4)
            #expect(try Receipt.parse(lines[0]).status == .accepted)
            let errors = try lines.dropFirst().map { try JSONParser.parse($0) }
            #expect(errors.map { $0["error"]?.stringValue } == ["envelope.signature-invalid", "envelope.malformed", "envelope.malformed"])
            #expect(errors.map { $0["status"]?.numberValue?.intValue } == [403, 400, 400])
            #expect(try await Self.inboxCount(servers[1]) == 1)
            // A peer delivering for a sender it may not deliver for gets that refusal per envelope.
            let mismatch = try await http.peer(
                dk, .POST, "/v1/envelopes/batch", as: network["SE-CA"].tls, caBundle: dk.tls.caBundle, body: Self.body([envelopes[1]]))
            #expect((try JSONParser.parse(Self.lines(mismatch.body)[0]))["error"]?.stringValue == "peer.sender-mismatch")
            #expect(try await Self.inboxCount(servers[1]) == 1)
        }
    }

    @Test func brokenBatchesAreRefusedWholeAndNothingInThemIsStored() async throws {
        let (network, servers, envelopes) = try Self.setUp(count: 2, settings: ["limits": ["maxBatchEnvelopes": 3]])
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        let bodies: [(String, [UInt8])] = [
            ("empty", []),
            ("no final line feed", envelopes[0] + [UInt8(ascii: "\n")] + envelopes[1]),
            ("an empty line", envelopes[0] + Array("\n\n".utf8) + envelopes[1] + [UInt8(ascii: "\n")]),
            ("only a line feed", [UInt8(ascii: "\n")]),
            ("too many", Self.body([envelopes[0], envelopes[1], envelopes[0], envelopes[1]])),
            ("carriage returns", envelopes[0] + Array("\r\n".utf8)),
        ]
        try await TestNetwork.running(servers) {
            for (name, body) in bodies {
                let answer = try await http.peer(dk, .POST, "/v1/envelopes/batch", as: no, caBundle: dk.tls.caBundle, body: body)
                if name == "carriage returns" {
                    // Accepted as a batch; the line with its trailing CR is not an envelope.
                    #expect((try JSONParser.parse(Self.lines(answer.body)[0]))["error"]?.stringValue == "envelope.malformed")
                } else {
                    #expect(answer.status == 400, "\(name)")
                    #expect(answer.errorCode == "batch.malformed", "\(name)")
                }
            }
            let oversized = [UInt8](repeating: UInt8(ascii: "x"), count: 5 << 20) + [UInt8(ascii: "\n")]
            let large = try? await http.peer(dk, .POST, "/v1/envelopes/batch", as: no, caBundle: dk.tls.caBundle, body: oversized)
            #expect(large == nil || large?.status == 413)
            let unknown = try await http.peer(
                dk, .POST, "/v1/envelopes/batch", as: try network.pki.files(for: "FI-CA"), caBundle: dk.tls.caBundle,
                body: Self.body(envelopes))
            #expect(unknown.status == 403)
            #expect(unknown.errorCode == "peer.unknown")
            #expect(try await Self.inboxCount(servers[1]) == 0)
            let good = try await http.peer(dk, .POST, "/v1/envelopes/batch", as: no, caBundle: dk.tls.caBundle, body: Self.body(envelopes))
            #expect(good.status == 200)
            #expect(try await Self.inboxCount(servers[1]) == 2)
        }
    }

    @Test func eachEnvelopeOfABatchCountsAgainstThePeersRate() async throws {
        let (network, servers, envelopes) = try Self.setUp(
            count: 6, settings: ["limits": ["peerRequestsPerSecond": .number(JSONNumber(negative: false, digits: "1", exponent: -1)), "peerBurst": 4]])
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        try await TestNetwork.running(servers) {
            let tooMany = try await http.peer(dk, .POST, "/v1/envelopes/batch", as: no, caBundle: dk.tls.caBundle, body: Self.body(envelopes))
            #expect(tooMany.status == 429)
            #expect(tooMany.errorCode == "peer.rate-limited")
            #expect(try await Self.inboxCount(servers[1]) == 0)
            // The refused batch took one token for its request; three remain.
            let fits = try await http.peer(
                dk, .POST, "/v1/envelopes/batch", as: no, caBundle: dk.tls.caBundle, body: Self.body(Array(envelopes.prefix(3))))
            #expect(fits.status == 200)
            #expect(try await Self.inboxCount(servers[1]) == 3)
        }
    }

    @Test func aSenderWhosePeerRefusesBatchesDeliversEachEnvelopeAlone() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"], settings: ["limits": ["maxBatchEnvelopes": 1]])
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let http = HTTPTestClient()
        let record = try Records.locateChild()
        // Queued while DK-CA is down, so that after a restart NO-CA's worker claims and batches them together.
        let ids = try await TestNetwork.running([servers[0]]) {
            var ids: [String] = []
            for _ in 0..<8 {
                let answer = try await http.local(network["NO-CA"], .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: record))
                ids.append(try #require(answer.json["id"]?.stringValue))
            }
            return ids
        }
        let restarted = [try network.server("NO-CA"), servers[1]]
        try await TestNetwork.running(restarted) {
            for id in ids {
                let state = try await http.waitForState(network["NO-CA"], id: id)
                #expect(state.json["state"]?.stringValue == "delivered")
            }
            #expect(try await Self.inboxCount(servers[1]) == 8)
        }
    }
}
