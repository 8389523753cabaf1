import Foundation
import JSONSchema
import Logging
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Testing

/// Logs, metrics and the audit log hold ids, codes and key ids, never record values.
struct LogPrivacyTests {
    /// Values from the synthetic record that must never leave the payload.
    static let secrets = ["Testbarn", "Prøvesen", "15831250086", "+447700900456", "barnevern@example.org", "Testesen"]

    @Test func logsMetricsAndAuditHoldNoRecordValues() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let captured = CapturingLogHandler.Store()
        func logger(_ label: String) -> Logger {
            var logger = Logger(label: label) { CapturingLogHandler(label: $0, store: captured) }
            logger.logLevel = .trace
            return logger
        }
        let servers = [
            try network.server("NO-CA", logger: logger("NO-CA")), try network.server("DK-CA", logger: logger("DK-CA")),
        ]
        let http = HTTPTestClient()
        let record = try Records.locateChild()
        let text = String(decoding: record.serializedBytes(), as: UTF8.self)
        for secret in Self.secrets { #expect(text.contains(secret), "the fixture must carry \(secret)") }
        let metrics = try await TestNetwork.running(servers) {
            let submitted = try await http.local(
                network["NO-CA"], .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: record))
            let id = try #require(submitted.json["id"]?.stringValue)
            #expect(try await http.waitForState(network["NO-CA"], id: id).json["state"]?.stringValue == "delivered")
            #expect(try await http.local(network["DK-CA"], .GET, "/v1/inbox/\(id)").status == 200)
            // A refused submission logs and answers without values too.
            var broken = record.objectValue!
            broken["child"] = nil
            let refused = try await http.local(
                network["NO-CA"], .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: .object(broken)))
            #expect(refused.status == 422)
            for secret in Self.secrets { #expect(!String(decoding: refused.body, as: UTF8.self).contains(secret)) }
            var metrics = ""
            for node in ["NO-CA", "DK-CA"] {
                metrics += String(decoding: try await http.local(network[node], .GET, "/metrics", role: .operator).body, as: UTF8.self)
            }
            return metrics
        }
        let lines = captured.all
        #expect(lines.contains { $0.contains("message delivered") })
        var audit = ""
        for server in servers {
            try server.gateway.store.forEachAuditRow { row in audit += "\(String(describing: row.entry))\n" }
        }
        #expect(audit.contains("envelope.open"))
        for secret in Self.secrets {
            #expect(!lines.contains { $0.contains(secret) }, "a log line holds a record value")
            #expect(!metrics.contains(secret))
            #expect(!audit.contains(secret))
        }
    }
}
