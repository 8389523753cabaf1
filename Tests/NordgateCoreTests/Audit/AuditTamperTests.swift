import Foundation
import GRDB
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Someone with write access to the database file changes, removes, inserts or reorders
/// audit rows, or forges a checkpoint: verification fails and names the first broken entry.
@Suite struct AuditTamperTests {
    let folder: TemporaryFolder
    let pair = SigningKeyPair.generate()
    let keyID = "NO-CA.sig.20261119-0a0b0c"
    let store: SQLiteGatewayStore
    let entries: [AuditEntry]

    /// Twelve entries with checkpoints at 5 and 10.
    init() throws {
        folder = try TemporaryFolder()
        store = try StoreFixtures.open(folder, signer: KeyAuditSigner(keyID: keyID, keyPair: pair), interval: 5)
        var entries: [AuditEntry] = []
        for number in 1...12 { entries += try store.appendAudit([StoreFixtures.event(number)]) }
        self.entries = entries
        #expect(try store.auditCheckpoints().map(\.seq) == [5, 10])
    }

    func verify() -> AuditVerification { AuditLog(store: store).verify(publicKeys: [keyID: pair.publicKey]) }

    @Test func theUntouchedLogVerifies() {
        let result = verify()
        #expect(result.isValid)
        #expect(result.lastGoodCheckpoint?.seq == 10)
    }

    @Test func changingOneFieldOfOneEntryIsFoundAtThatEntry() throws {
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET subject = 'another-subject' WHERE seq = 7")
        let result = verify()
        #expect(result.firstBreak == .init(seq: 7, reason: .hashMismatch))
        #expect(!result.isValid)
    }

    @Test func changingTheDetailsOrTheTimeIsFound() throws {
        try StoreFixtures.tamper(folder, #"UPDATE audit_log SET details = '{"n":"3","peer":"SE-CA"}' WHERE seq = 3"#)
        #expect(verify().firstBreak == .init(seq: 3, reason: .hashMismatch))
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET time = time - 1 WHERE seq = 2")
        #expect(verify().firstBreak == .init(seq: 2, reason: .hashMismatch))
    }

    @Test func damagedColumnsAreReportedAsMalformedNotACrash() throws {
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET time = 'yesterday' WHERE seq = 9")
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET details = 'not json' WHERE seq = 11")
        let result = verify()
        guard case .malformed = result.firstBreak?.reason else {
            Issue.record("expected a malformed entry, got \(String(describing: result.firstBreak))")
            return
        }
        #expect(result.firstBreak?.seq == 9)
    }

    @Test func deletingAnEntryIsFoundAsMissing() throws {
        try StoreFixtures.tamper(folder, "DELETE FROM audit_log WHERE seq = 4")
        #expect(verify().firstBreak == .init(seq: 4, reason: .missing))
    }

    @Test func insertingAForgedButConsistentEntryIsFoundByTheNextCheckpoint() throws {
        // Shift entries 6… up by one and put a well-formed entry, chained to entry 5, at 6.
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET seq = -seq WHERE seq >= 6")
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET seq = 1 - seq WHERE seq < 0")
        let forged = try AuditEntry.make(for: StoreFixtures.event(99), seq: 6, prevHash: entries[4].hash)
        try StoreFixtures.tamper(
            folder,
            """
            INSERT INTO audit_log (seq, time, kind, actor, subject, details, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, '{}', ?, ?)
            """,
            arguments: [
                forged.seq, forged.time, forged.kind, forged.actor, forged.subject, Data(forged.prevHash),
                Data(forged.hash),
            ]
        )
        let result = verify()
        #expect(result.firstBreak?.seq == 6)
        #expect(result.checkpointFailures.contains(.init(seq: 10, reason: .hashMismatch)))
    }

    @Test func insertingANaiveEntryIsFoundAtThatEntry() throws {
        try StoreFixtures.tamper(
            folder,
            """
            INSERT INTO audit_log (seq, time, kind, actor, subject, details, prev_hash, hash)
            VALUES (13, 1795000100, 'envelope.open', 'system', 'x', '{}', zeroblob(32), zeroblob(32))
            """
        )
        #expect(verify().firstBreak == .init(seq: 13, reason: .prevHashMismatch))
    }

    @Test func swappingTwoEntriesIsFoundAtTheFirstOfThem() throws {
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET seq = -1 WHERE seq = 8")
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET seq = 8 WHERE seq = 9")
        try StoreFixtures.tamper(folder, "UPDATE audit_log SET seq = 9 WHERE seq = -1")
        #expect(verify().firstBreak == .init(seq: 8, reason: .prevHashMismatch))
    }

    @Test func truncatingTheTailBelowACheckpointIsFound() throws {
        try StoreFixtures.tamper(folder, "DELETE FROM audit_log WHERE seq >= 9")
        let result = verify()
        #expect(result.firstBreak == .init(seq: 9, reason: .truncated(checkpoint: 10)))
        #expect(result.checkpointFailures == [.init(seq: 10, reason: .noSuchEntry)])
        #expect(result.lastGoodCheckpoint?.seq == 5)
    }

    @Test func aForgedCheckpointSignatureIsFound() throws {
        try StoreFixtures.tamper(folder, "UPDATE audit_checkpoint SET signature = randomblob(64) WHERE seq = 5")
        let result = verify()
        #expect(!result.isValid)
        #expect(result.firstBreak == nil)
        #expect(result.checkpointFailures == [.init(seq: 5, reason: .badSignature)])
        #expect(result.lastGoodCheckpoint?.seq == 10)
    }

    @Test func aCheckpointSignedByAnotherKeyIsFound() throws {
        let other = SigningKeyPair.generate()
        let forged = try AuditCheckpoint.make(
            for: entries[11],
            time: entries[11].time,
            signer: KeyAuditSigner(keyID: keyID, keyPair: other)
        )
        try StoreFixtures.tamper(
            folder,
            "INSERT INTO audit_checkpoint (seq, hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?)",
            arguments: [forged.seq, Data(forged.hash), forged.time, forged.keyID, Data(forged.signature)]
        )
        #expect(verify().checkpointFailures == [.init(seq: 12, reason: .badSignature)])
    }

    @Test func rewritingTheWholeChainFromAnEntryIsFoundByTheCheckpointBeforeIt() throws {
        // Change entry 3 and recompute every later hash, as an attacker who knows the format could.
        var previous = entries[1].hash
        for var entry in entries[2...] {
            if entry.seq == 3 { entry.subject = "rewritten" }
            entry.prevHash = previous
            entry.hash = try entry.computedHash()
            previous = entry.hash
            try StoreFixtures.tamper(
                folder,
                "UPDATE audit_log SET subject = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                arguments: [entry.subject, Data(entry.prevHash), Data(entry.hash), entry.seq]
            )
        }
        let result = verify()
        #expect(result.firstBreak == .init(seq: 1, reason: .rewritten(checkpoint: 5)))
        #expect(result.checkpointFailures.map(\.seq) == [5, 10])
    }
}
