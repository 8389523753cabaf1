import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Testing

/// The local listener: tokens, roles, and refusals of bad submissions.
struct LocalAPITests {
    @Test func requiresATokenWithTheRightRole() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let http = HTTPTestClient()
        let no = network["NO-CA"]
        let submission = Records.submission(to: "DK-CA", record: try Records.locateChild())
        try await TestNetwork.running([try network.server("NO-CA")]) {
            let anonymous = try await http.local(no, .POST, "/v1/outbox", role: nil, body: submission)
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "auth.missing")
            for role in [Role.operator, .auditor] {
                let refused = try await http.local(no, .POST, "/v1/outbox", role: role, body: submission)
                #expect(refused.status == 403)
                #expect(refused.errorCode == "auth.role")
            }
            #expect(try await http.local(no, .GET, "/metrics", role: .caseworker).status == 403)
            let metrics = try await http.local(no, .GET, "/metrics", role: .operator)
            #expect(metrics.status == 200)
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("nordgate_expiry_seconds"))
            #expect(try await http.local(no, .GET, "/v1/inbox", role: .auditor).status == 200)
            #expect(try await http.local(no, .GET, "/v1/inbox/00000000-0000-4000-8000-000000000000", role: .auditor).status == 403)
            #expect(try await http.local(no, .GET, "/health", role: nil).status == 200)
        }
    }

    @Test func refusesInvalidSubmissionsWithoutStoringThem() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let http = HTTPTestClient()
        let no = network["NO-CA"]
        let invalid = try Records.example("central-authority/locate-child-request/invalid-missing-child.json")
        let server = try network.server("NO-CA")
        try await TestNetwork.running([server]) {
            let schema = try await http.local(no, .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: invalid))
            #expect(schema.status == 422)
            #expect(schema.errorCode == "record.invalid")
            let type = try await http.local(
                no, .POST, "/v1/outbox",
                body: Records.submission(to: "DK-CA", record: try Records.locateChild(), type: "police.no-such-type.v1"))
            #expect(type.errorCode == "type.unknown")
            let route = try await http.local(
                no, .POST, "/v1/outbox", body: Records.submission(to: "SE-CA", record: try Records.locateChild()))
            #expect(route.errorCode == "recipient.no-route")
            let junk = try await http.local(no, .POST, "/v1/outbox", rawBody: Array("{\"to\":".utf8))
            #expect(junk.status == 400)
            #expect(junk.errorCode == "request.json")
            let deep = try await http.local(
                no, .POST, "/v1/outbox", rawBody: Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8))
            #expect(deep.status == 400)
            let unknownID = try await http.local(no, .GET, "/v1/outbox/00000000-0000-4000-8000-000000000000")
            #expect(unknownID.status == 404)
            #expect(try await server.gateway.store.listOutbox(states: [], peer: nil, limit: 10).isEmpty)
        }
    }
}
