import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Sodium
import Testing

/// Attachments through the local API, across the peer listener and through a relay.
struct AttachmentTests {
    /// Synthetic bytes (not personal data) a little over three stream chunks long.
    static let file = SecureRandom.bytes(3 * 65_536 + 1_234)

    static func submission(to: String, attachments: [JSONValue]) throws -> JSONValue {
        var body = Records.submission(to: to, record: try Records.locateChild())
        if case .object(var object) = body {
            object["attachments"] = .array(attachments)
            body = .object(object)
        }
        return body
    }

    static let pdf: JSONValue = ["mediaType": "application/pdf", "content": .string(Base64.encode(file))]

    private static func attachmentFiles(_ node: TestNetwork.Node, _ part: String) -> [String] {
        let root = node.dataFolder + "/attachments/" + part
        return (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".bin") }
    }

    /// Whether `condition` holds within five seconds (checked every 20 ms).
    private static func eventually(_ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test func anAttachmentTravelsWithItsEnvelopeAndOpensOnlyAtTheReceiver() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let http = HTTPTestClient()
        let no = network["NO-CA"]
        let dk = network["DK-CA"]
        try await TestNetwork.running(servers) {
            let answer = try await http.local(no, .POST, "/v1/outbox", body: try Self.submission(to: "DK-CA", attachments: [Self.pdf]))
            #expect(answer.status == 202)
            let id = try #require(answer.json["id"]?.stringValue)
            let attachmentID = try #require(answer.json["messages"]?.arrayValue?.first?["attachments"]?.arrayValue?.first?.stringValue)
            #expect(try await http.waitForState(no, id: id).json["state"]?.stringValue == "delivered")
            // The sender's encrypted copy goes right after the receipt is stored; the receiver keeps only ciphertext.
            #expect(try await Self.eventually { Self.attachmentFiles(no, "outbox").isEmpty })
            let stored = Self.attachmentFiles(dk, "inbox")
            #expect(stored == ["\(id)/\(attachmentID).bin"])
            let ciphertext = try #require(FileManager.default.contents(atPath: dk.dataFolder + "/attachments/inbox/" + stored[0]))
            #expect(ciphertext.count == Self.file.count + 17 * 4)
            #expect(ciphertext.range(of: Data(Self.file.prefix(64))) == nil)

            let entry = try await http.local(dk, .GET, "/v1/inbox/\(id)")
            let listed = try #require(entry.json["attachments"]?.arrayValue?.first)
            #expect(listed["id"]?.stringValue == attachmentID)
            #expect(listed["mediaType"]?.stringValue == "application/pdf")
            #expect(listed["size"]?.numberValue == JSONNumber(Self.file.count))
            let opened = try await http.local(dk, .GET, "/v1/inbox/\(id)/attachments/\(attachmentID)")
            #expect(opened.status == 200)
            #expect(opened.body == Self.file)
            #expect(try await http.local(dk, .GET, "/v1/inbox/\(id)/attachments/\(UUID().uuidString.lowercased())").status == 404)
            #expect(try await http.local(dk, .GET, "/v1/inbox/\(id)/attachments/\(attachmentID)", role: .auditor).status == 403)
            // Nothing decrypted is left on disk.
            #expect((FileManager.default.subpaths(atPath: dk.dataFolder + "/attachments/staging") ?? []).isEmpty)
        }
    }

    @Test func aRelayCarriesAttachmentsItCannotOpen() async throws {
        let network = try TestNetwork(
            authorities: ["IS-CA", "NO-CA", "FI-CA"], links: [("IS-CA", "NO-CA"), ("NO-CA", "FI-CA")],
            routes: [("IS-CA", "FI-CA", "NO-CA"), ("FI-CA", "IS-CA", "NO-CA")], relay: [("NO-CA", "IS-CA", "FI-CA")])
        let servers = try ["IS-CA", "NO-CA", "FI-CA"].map { try network.server($0) }
        let http = HTTPTestClient()
        try await TestNetwork.running(servers) {
            let answer = try await http.local(
                network["IS-CA"], .POST, "/v1/outbox", body: try Self.submission(to: "FI-CA", attachments: [Self.pdf]))
            let id = try #require(answer.json["id"]?.stringValue)
            let attachmentID = try #require(answer.json["messages"]?.arrayValue?.first?["attachments"]?.arrayValue?.first?.stringValue)
            #expect(try await http.waitForState(network["IS-CA"], id: id).json["state"]?.stringValue == "delivered")
            var opened = TestResponse(status: 0, body: [])
            for _ in 0..<200 where opened.status != 200 {
                opened = try await http.local(network["FI-CA"], .GET, "/v1/inbox/\(id)/attachments/\(attachmentID)")
                if opened.status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(opened.body == Self.file)
            #expect(Self.attachmentFiles(network["NO-CA"], "inbox").isEmpty)
        }
    }

    @Test func anEnvelopeIsRefusedUntilItsAttachmentIsUploadedIntact() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let servers = [try network.server("DK-CA")]
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        let no = network["NO-CA"].tls
        let snapshot = try network.server("NO-CA").gateway.keys.snapshot
        let folder = try TemporaryFolder()
        let sealed = try snapshot.sealer.seal(
            payload: try Records.locateChild().canonicalBytes(), type: Records.locateChildType,
            to: try EnvelopeRecipient.resolve(["DK-CA"], in: snapshot.directory),
            attachments: [EnvelopeAttachmentSource(content: Self.file, mediaType: "image/jpeg")], attachmentsFolder: folder.path)
        let id = sealed.header.id
        let attachmentID = sealed.header.attachments[0].id
        let encrypted = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sealed.attachmentFiles[0])))
        let upload = "/v1/envelopes/\(id)/attachments/\(attachmentID)"
        try await TestNetwork.running(servers) {
            let missing = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: sealed.bytes)
            #expect(missing.status == 409)
            #expect(missing.errorCode == "attachment.missing")
            var tampered = encrypted
            tampered[tampered.count / 2] ^= 1
            #expect(try await http.peer(dk, .PUT, upload, as: no, caBundle: dk.tls.caBundle, body: tampered).status == 204)
            let invalid = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: sealed.bytes)
            #expect(invalid.status == 422)
            #expect(invalid.errorCode == "attachment.invalid")
            #expect(try await servers[0].gateway.store.listInbox(after: 0, limit: 10).isEmpty)

            let badPath = try await http.peer(
                dk, .PUT, "/v1/envelopes/\(id)/attachments/..%2F..%2Fx", as: no, caBundle: dk.tls.caBundle, body: encrypted)
            #expect(badPath.status == 400)
            #expect(try await http.peer(dk, .PUT, upload, as: no, caBundle: dk.tls.caBundle, body: encrypted).status == 204)
            let accepted = try await http.peer(dk, .POST, "/v1/envelopes", as: no, caBundle: dk.tls.caBundle, body: sealed.bytes)
            #expect(accepted.status == 200)
            #expect(try await servers[0].gateway.store.listInbox(after: 0, limit: 10).map(\.id) == [id])
            #expect(Self.attachmentFiles(dk, "incoming").isEmpty)
        }
    }

    @Test func oversizedUploadsAndMalformedAttachmentsAreRefusedAndStoreNothing() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"], settings: ["limits": ["maxAttachmentBytes": 4096]])
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let http = HTTPTestClient()
        let no = network["NO-CA"]
        let dk = network["DK-CA"]
        let path = "/v1/envelopes/\(UUID().uuidString.lowercased())/attachments/\(UUID().uuidString.lowercased())"
        try await TestNetwork.running(servers) {
            let big = try await http.peer(dk, .PUT, path, as: no.tls, caBundle: dk.tls.caBundle, body: Array(repeating: 0, count: 8192))
            #expect(big.status == 413)
            #expect(Self.attachmentFiles(dk, "incoming").isEmpty)
            let cases: [(JSONValue, Int)] = [
                (["mediaType": "application/pdf", "content": "not base64!"], 400),
                (["mediaType": "application/pdf"], 400),
                (["mediaType": "Application/PDF", "content": "AAAA"], 422),
                (["mediaType": "application/pdf", "content": "AAAA", "id": "not-a-uuid"], 422),
                (["mediaType": "application/pdf", "content": "AAAA", "name": "report.pdf"], 400),
            ]
            for (attachment, status) in cases {
                let answer = try await http.local(no, .POST, "/v1/outbox", body: try Self.submission(to: "DK-CA", attachments: [attachment]))
                #expect(answer.status == status, "\(answer.errorCode ?? "?")")
            }
            let tooMany = try await http.local(
                no, .POST, "/v1/outbox", body: try Self.submission(to: "DK-CA", attachments: Array(repeating: ["mediaType": "text/plain", "content": "AAAA"], count: 17)))
            #expect(tooMany.status == 400)
            #expect(try await servers[0].gateway.store.listOutbox(states: [], peer: nil, limit: 10).isEmpty)
            #expect(Self.attachmentFiles(no, "").isEmpty)
        }
    }
}
