import Foundation
import GRDB
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// End-to-end runs of `nordgate audit` and `nordgate outbox` against a real store, as an
/// operator or an auditor would type them.
@Suite struct AuditCommandTests {
    let folder: TemporaryFolder
    let cli: CommandRunner
    let data: String
    let keys: String

    /// A keyring for NO-CA and a store with seven audit entries, checkpoints at 3 and 6.
    init() throws {
        folder = try TemporaryFolder()
        cli = try CommandRunner(environment: ["NORDGATE_PASSPHRASE": TestKeyrings.passphraseText])
        data = folder.appending("Data")
        keys = folder.appending("NO-CA")
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let store = try SQLiteGatewayStore(
            folder: data,
            options: .init(auditSigner: try KeyAuditSigner(keyring: keyring), checkpointInterval: 3)
        )
        for number in 1...7 {
            try store.append(
                AuditEvent(
                    kind: "envelope.send",
                    actor: "system",
                    subject: "3f2b8c1e-0000-4000-8000-00000000000\(number)",
                    details: ["peer": "DK-CA"]
                )
            )
        }
        try store.close()
        try Data(try PublicDescriptor.make(from: keyring)).write(to: URL(fileURLWithPath: folder.appending("no.json")))
    }

    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: (data as NSString).appendingPathComponent(SQLiteGatewayStore.fileName))
        defer { try? queue.close() }
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_no_update")
            try db.execute(sql: sql)
        }
    }

    @Test func verifyWithTheKeyringReportsAWholeLog() throws {
        let result = try cli.run(["audit", "verify", "--data", data, "--keys", keys])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Audit log OK: 7 entries, 2 checkpoints; last good checkpoint at entry 6"))
        #expect(result.stdout.contains("1 entries after it not yet signed"))
    }

    @Test func verifyWithOnlyThePublicDescriptorNeedsNoPassphrase() throws {
        let auditor = try CommandRunner()
        let result = try auditor.run(["audit", "verify", "--data", data, "--descriptor", folder.appending("no.json")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Audit log OK: 7 entries"))
    }

    @Test func verifyExitsOneAndNamesTheFirstBrokenEntry() throws {
        try tamper("UPDATE audit_log SET subject = 'changed' WHERE seq = 5")
        let result = try cli.run(["audit", "verify", "--data", data, "--keys", keys])
        #expect(result.status == 1)
        #expect(result.stderr.contains("First broken entry: 5: entry 5: hash does not match its contents"))
    }

    @Test func verifyFindsAReorderedLog() throws {
        try tamper("UPDATE audit_log SET seq = -1 WHERE seq = 2")
        try tamper("UPDATE audit_log SET seq = 2 WHERE seq = 3")
        try tamper("UPDATE audit_log SET seq = 3 WHERE seq = -1")
        let result = try cli.run(["audit", "verify", "--data", data, "--descriptor", folder.appending("no.json")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("First broken entry: 2:"))
    }

    @Test func anExportedCopyVerifiesAndAChangeToItIsFound() throws {
        let copy = folder.appending("audit.jsonl")
        let export = try cli.run(["audit", "export", "--data", data, "--output", copy])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("Exported 7 entries and 2 checkpoints"))
        let descriptor = folder.appending("no.json")
        let good = try cli.run(["audit", "verify", "--file", copy, "--descriptor", descriptor])
        #expect(good.status == 0, "\(good.stderr)")

        let text = try String(contentsOfFile: copy, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "00000000004", with: "00000000009")
        #expect(changed != text)
        try Data(changed.utf8).write(to: URL(fileURLWithPath: copy))
        let bad = try cli.run(["audit", "verify", "--file", copy, "--descriptor", descriptor])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("First broken entry: 4:"))
    }

    @Test func exportToStandardOutputIsTheSameJSONLines() throws {
        let result = try cli.run(["audit", "export", "--data", data])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1 + 7 + 2)
        #expect(lines.first == #"{"format":"nordgate-audit-log","version":1}"#)
    }

    @Test(arguments: [
        ["audit", "verify", "--data", "/nonexistent/nordgate-data", "--descriptor", "DESCRIPTOR"],
        ["audit", "verify", "--data", "DATA", "--descriptor", "/nonexistent/descriptor.json"],
        ["audit", "verify", "--data", "DATA", "--keys", "/nonexistent/keys"],
        ["audit", "verify", "--file", "DESCRIPTOR", "--descriptor", "DESCRIPTOR"],
        ["audit", "verify", "--data", "DATA", "--descriptor", "DATA/nordgate.sqlite"],
        ["audit", "export", "--data", "DATA", "--output", "DESCRIPTOR"],
        ["audit", "export", "--data", "/nonexistent/nordgate-data"],
        ["audit", "verify", "--data", "DATA", "--descriptor"],
    ])
    func usageErrorsExitTwoWithASentence(_ template: [String]) throws {
        let arguments = template.map {
            $0.replacingOccurrences(of: "DESCRIPTOR", with: folder.appending("no.json"))
                .replacingOccurrences(of: "DATA", with: data)
        }
        let result = try cli.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stdout.isEmpty)
    }
}

/// End-to-end runs of `nordgate outbox list|retry|purge`.
@Suite struct OutboxCommandTests {
    let folder: TemporaryFolder
    let cli: CommandRunner
    let data: String
    let marker = Array("SYNTHETIC-ENVELOPE-BYTES".utf8)
    let queued = UUID().uuidString.lowercased()
    let dead = UUID().uuidString.lowercased()
    let delivered = UUID().uuidString.lowercased()

    init() async throws {
        folder = try TemporaryFolder()
        data = folder.appending("Data")
        cli = try CommandRunner(environment: ["NORDGATE_DATA": data])
        let store = try SQLiteGatewayStore(folder: data)
        // Two minutes ago, so `purge --older-than 1m` has something old enough to purge.
        let now = Date().addingTimeInterval(-120)
        for (offset, id) in [dead, delivered, queued].enumerated() {
            let envelope = marker + SecureRandom.bytes(16)
            _ = try await store.enqueue(
                OutboxMessage(
                    id: id,
                    peer: offset == 0 ? "SE-CA" : "DK-CA",
                    recipients: ["DK-CA"],
                    type: "ca.notice",
                    envelope: envelope,
                    digest: GenericHash.hash(envelope),
                    created: now.addingTimeInterval(Double(offset - 10)),
                    expires: now.addingTimeInterval(3600)
                ),
                now: now
            )
        }
        _ = try await store.claimDue(peer: "SE-CA", now: now, limit: 1)
        try await store.markFailed(id: dead, error: "peer.refused", nextAttempt: nil, now: now)
        _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 1)
        try await store.markDelivered(id: delivered, receipt: [1], now: now)
        try store.close()
    }

    func store() throws -> SQLiteGatewayStore { try SQLiteGatewayStore(folder: data) }

    @Test func listShowsIDsPeersAndStatesButNeverEnvelopeBytes() throws {
        let text = try cli.run(["outbox", "list"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains(dead) && text.stdout.contains("peer.refused"))
        let json = try cli.run(["outbox", "list", "--format", "json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let rows = try #require(object?["messages"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == [dead, delivered, queued])
        #expect(rows.map { $0["state"] as? String } == ["dead", "delivered", "queued"])
        for output in [text.stdout, json.stdout] {
            #expect(!output.contains("SYNTHETIC"))
            #expect(!output.contains(Base64.encode(marker).prefix(16)))
        }
    }

    @Test func listFiltersByStateAndPeer() throws {
        let dead = try cli.run(["outbox", "list", "--state", "dead", "--state", "expired", "--format", "json"])
        #expect(dead.status == 0)
        #expect(dead.stdout.contains(self.dead) && !dead.stdout.contains(queued))
        let peer = try cli.run(["outbox", "list", "--peer", "DK-CA", "--format", "json"])
        #expect(peer.stdout.contains(queued) && !peer.stdout.contains(self.dead))
        let none = try cli.run(["outbox", "list", "--state", "failed"])
        #expect(none.stdout == "No messages.\n")
    }

    @Test func retryQueuesADeadLetterAgainAndAuditsIt() throws {
        let result = try cli.run(["outbox", "retry", dead.uppercased()])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("is queued again (was dead)"))
        let store = try store()
        #expect(try store.outboxRecord(id: dead)?.state == .queued)
        var kinds: [String] = []
        try store.forEachAuditRow { kinds.append($0.entry?.kind ?? "?") }
        #expect(kinds == ["outbox.retry"])
    }

    @Test func retryOfAMessageStillQueuedOrUnknownExitsOne() throws {
        let queuedResult = try cli.run(["outbox", "retry", queued])
        #expect(queuedResult.status == 1)
        #expect(queuedResult.stderr.contains("cannot retry \(queued): it is queued"))
        let unknown = try cli.run(["outbox", "retry", "00000000-0000-4000-8000-000000000000"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no outbox message"))
    }

    @Test func purgeDeletesAFinishedMessageAndRefusesAnUnfinishedOne() throws {
        let result = try cli.run(["outbox", "purge", delivered])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try store().outboxRecord(id: delivered) == nil)
        let refused = try cli.run(["outbox", "purge", queued])
        #expect(refused.status == 1)
        #expect(try store().outboxRecord(id: queued)?.state == .queued)
    }

    @Test func purgeOlderThanDeletesOnlyFinishedMessagesOldEnough() throws {
        let none = try cli.run(["outbox", "purge", "--older-than", "30d"])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout == "Purged 0 messages.\n")
        let old = try cli.run(["outbox", "purge", "--older-than", "1m"])
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stdout == "Purged 2 messages.\n")
        #expect(try store().listOutbox(states: [], peer: nil, limit: 10).map(\.id) == [queued])
    }

    @Test(arguments: [
        ["outbox", "list", "--state", "lost"],
        ["outbox", "list", "--peer", "XX-YY"],
        ["outbox", "list", "--limit", "0"],
        ["outbox", "retry", "not-a-uuid"],
        ["outbox", "purge"],
        ["outbox", "purge", "00000000-0000-4000-8000-000000000000", "--older-than", "30d"],
        ["outbox", "purge", "--older-than", "thirty days"],
        ["outbox", "list", "--data", "/nonexistent/nordgate-data"],
        ["outbox", "list", "--no-such-option"],
    ])
    func badInputExitsTwoAndChangesNothing(_ arguments: [String]) throws {
        let result = try cli.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(try store().listOutbox(states: [], peer: nil, limit: 10).count == 3)
    }
}
