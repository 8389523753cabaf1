import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Testing

struct DeliveryTests {
    @Test(arguments: [false, true])
    func deliversFromNorwayToDenmarkWithSignedReceipt(http2: Bool) async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"], http2: http2)
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let http = HTTPTestClient()
        let record = try Records.locateChild()
        try await TestNetwork.running(servers) {
            let submitted = try await http.local(
                network["NO-CA"], .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: record))
            #expect(submitted.status == 202)
            let id = try #require(submitted.json["id"]?.stringValue)
            let status = try await http.waitForState(network["NO-CA"], id: id)
            #expect(status.json["state"]?.stringValue == "delivered")
            let receipt = try #require(status.json["receipt"])
            #expect(receipt["status"]?.stringValue == "accepted")
            #expect(receipt["from"]?.stringValue == "DK-CA")
            #expect(receipt["envelopeId"]?.stringValue == id)

            let inbox = try await http.local(network["DK-CA"], .GET, "/v1/inbox?after=0")
            let listed = try #require(inbox.json["messages"]?.arrayValue)
            #expect(listed.count == 1)
            #expect(listed.first?["id"]?.stringValue == id)
            let opened = try await http.local(network["DK-CA"], .GET, "/v1/inbox/\(id)")
            #expect(opened.status == 200)
            #expect(opened.json["payload"]?["caseReference"] == record["caseReference"])
            let acked = try await http.local(network["DK-CA"], .POST, "/v1/inbox/\(id)/ack")
            #expect(acked.status == 200)
            let health = try await http.peer(
                network["DK-CA"], .GET, "/health", as: network["NO-CA"].tls, caBundle: network["NO-CA"].tls.caBundle)
            #expect(health.httpMajor == (http2 ? 2 : 1))
        }
        // The sender's stored receipt verifies with the receiver's descriptor.
        let stored = try #require(try await servers[0].gateway.store.listOutbox(states: [.delivered], peer: nil, limit: 10).first)
        let receipt = try Receipt.parse(try #require(stored.receipt))
        let descriptor = try servers[0].gateway.keys.snapshot.directory.peer("DK-CA").descriptor
        #expect(receipt.verifies(with: descriptor))
        #expect(receipt.envelopeDigest == stored.message.digest)
    }

    @Test func redeliveryGivesTheSameReceiptAndOneInboxRow() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let http = HTTPTestClient()
        try await TestNetwork.running(servers) {
            let submitted = try await http.local(
                network["NO-CA"], .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: try Records.locateChild()))
            let id = try #require(submitted.json["id"]?.stringValue)
            _ = try await http.waitForState(network["NO-CA"], id: id)
            let row = try #require(try await servers[0].gateway.store.outboxRecord(id: id))
            let again = try await http.peer(
                network["DK-CA"], .POST, "/v1/envelopes", as: network["NO-CA"].tls, caBundle: network["NO-CA"].tls.caBundle,
                body: row.message.envelope)
            #expect(again.status == 200)
            #expect(again.body == row.receipt)
            let inbox = try await http.local(network["DK-CA"], .GET, "/v1/inbox")
            #expect(inbox.json["messages"]?.arrayValue?.count == 1)
        }
    }

    @Test func queuedMessagesAreDeliveredAfterARestart() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let http = HTTPTestClient()
        // Denmark is down: the message waits in Norway's outbox.
        let ids = try await TestNetwork.running([try network.server("NO-CA")]) {
            var ids: [String] = []
            for _ in 0..<3 {
                let submitted = try await http.local(
                    network["NO-CA"], .POST, "/v1/outbox",
                    body: Records.submission(to: "DK-CA", record: try Records.locateChild()))
                ids.append(try #require(submitted.json["id"]?.stringValue))
            }
            let state = try await http.waitForState(network["NO-CA"], id: ids[0], ["failed"])
            #expect(state.json["state"]?.stringValue == "failed")
            #expect(state.json["lastError"]?.stringValue == "peer.unreachable")
            return ids
        }
        // Both up: everything goes out.
        try await TestNetwork.running([try network.server("NO-CA"), try network.server("DK-CA")]) {
            for id in ids {
                let state = try await http.waitForState(network["NO-CA"], id: id)
                #expect(state.json["state"]?.stringValue == "delivered")
            }
            let inbox = try await http.local(network["DK-CA"], .GET, "/v1/inbox")
            #expect(Set(inbox.json["messages"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == Set(ids))
        }
    }

    @Test func relayForwardsWithoutBeingAbleToOpen() async throws {
        let network = try TestNetwork(
            authorities: ["IS-CA", "NO-CA", "FI-CA"], links: [("IS-CA", "NO-CA"), ("NO-CA", "FI-CA")],
            routes: [("IS-CA", "FI-CA", "NO-CA"), ("FI-CA", "IS-CA", "NO-CA")], relay: [("NO-CA", "IS-CA", "FI-CA")])
        let servers = try ["IS-CA", "NO-CA", "FI-CA"].map { try network.server($0) }
        let http = HTTPTestClient()
        let record = try JSONParser.parse(
            String(decoding: try Records.locateChild().serializedBytes(), as: UTF8.self)
                .replacingOccurrences(of: "\"NO-CA\"", with: "\"IS-CA\""))
        try await TestNetwork.running(servers) {
            let submitted = try await http.local(
                network["IS-CA"], .POST, "/v1/outbox", body: Records.submission(to: "FI-CA", record: record))
            #expect(submitted.status == 202)
            let id = try #require(submitted.json["id"]?.stringValue)
            let state = try await http.waitForState(network["IS-CA"], id: id)
            #expect(state.json["receipt"]?["status"]?.stringValue == "relayed")
            #expect(state.json["receipt"]?["from"]?.stringValue == "NO-CA")
            var final: JSONValue?
            for _ in 0..<200 where final == nil {
                final = try await http.local(network["IS-CA"], .GET, "/v1/outbox/\(id)").json["finalReceipt"]
                if final == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(final?["from"]?.stringValue == "FI-CA")
            #expect(final?["status"]?.stringValue == "accepted")
            let opened = try await http.local(network["FI-CA"], .GET, "/v1/inbox/\(id)")
            #expect(opened.json["payload"]?["caseReference"] == record["caseReference"])
            // The relay holds the envelope but no key for it.
            let relayed = try #require(try await servers[1].gateway.store.outboxRecord(id: id))
            #expect(throws: EnvelopeError.notAddressedToUs) {
                try servers[1].gateway.keys.snapshot.opener.open(relayed.message.envelope)
            }
            let relayInbox = try await http.local(network["NO-CA"], .GET, "/v1/inbox")
            #expect(relayInbox.json["messages"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func pseudonymisesAPoliceReportForTheReceiverAndKeepsOriginalsAtHome() async throws {
        let network = try TestNetwork(authorities: ["NO-POL", "DK-POL"])
        let servers = [try network.server("NO-POL"), try network.server("DK-POL")]
        let http = HTTPTestClient()
        let record = try Records.example("police/trafficking-intelligence-report/valid-minor-victim-with-route.json")
        try await TestNetwork.running(servers) {
            let submitted = try await http.local(
                network["NO-POL"], .POST, "/v1/outbox",
                body: Records.submission(to: "DK-POL", record: record, type: "police.trafficking-intelligence-report.v1"))
            #expect(submitted.status == 202)
            let id = try #require(submitted.json["id"]?.stringValue)
            #expect(try await http.waitForState(network["NO-POL"], id: id).json["state"]?.stringValue == "delivered")
            let opened = try await http.local(network["DK-POL"], .GET, "/v1/inbox/\(id)")
            let payload = try #require(opened.json["payload"])
            let text = String(decoding: payload.serializedBytes(), as: UTF8.self)
            #expect(!text.contains("+447700900456"))
            #expect(!text.contains("annonse.test@example.org"))
            let phone = try #require(payload["persons"]?.arrayValue?.first?["phones"]?.arrayValue?.first?.stringValue)
            #expect(phone.hasPrefix("psn:"))
            // The original stays in the sender's vault, never at the receiver.
            #expect(try servers[0].gateway.store.vaultEntry(for: phone) != nil)
            #expect(try servers[1].gateway.store.vaultEntry(for: phone) == nil)
        }
    }
}
