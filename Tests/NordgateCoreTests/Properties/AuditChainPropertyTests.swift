import Foundation
import NordgateCore
import Sodium
import Testing

/// The audit chain over random logs: any single deletion, insertion or swap of entries is found,
/// also when the attacker recomputes every later hash (the signed checkpoint then disagrees).
///
/// Each log ends with a signed checkpoint on its last entry, as a gateway writes at shutdown. An
/// entry appended after the last checkpoint and chained correctly cannot be told from a real one
/// until the next checkpoint signs over it, so insertions here go before the last entry.
@Suite struct AuditChainPropertyTests {
    static let pair = SigningKeyPair.generate()
    static let signer = KeyAuditSigner(keyID: "NO-CA.sig.20261119-0a0b0c", keyPair: pair)
    static let publicKeys = [signer.keyID: pair.publicKey]

    /// Rows and checkpoints held in memory, as a store or export file hands them to the verifier.
    struct Log: AuditRecordSource {
        var entries: [AuditEntry]
        var checkpoints: [AuditCheckpoint]

        func auditCheckpoints() throws -> [AuditCheckpoint] { checkpoints }

        func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws {
            for entry in entries { try body(AuditRow(seq: entry.seq, entry: entry, problem: nil)) }
        }

        var isValid: Bool { AuditVerifier.verify(source: self, publicKeys: AuditChainPropertyTests.publicKeys).isValid }
    }

    enum Change: CaseIterable { case deletion, insertion, swap }

    static func event(_ random: inout PropertyRandom, _ number: Int) -> AuditEvent {
        let kinds = ["envelope.send", "envelope.receive", "envelope.open", "key.rotate", "reidentify"]
        return AuditEvent(
            kind: kinds.randomElement(using: &random)!, actor: "system",
            subject: "3f2b8c1e-0000-4000-8000-\(String(format: "%012d", number))",
            details: ["n": String(number)], time: Date(timeIntervalSince1970: 1_795_000_000 + Double(number)))
    }

    /// Entries chained from the genesis hash, numbered from 1.
    static func chain(_ events: [AuditEvent]) throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for event in events {
            entries.append(
                try AuditEntry.make(
                    for: event, seq: Int64(entries.count + 1), prevHash: entries.last?.hash ?? AuditEntry.genesisHash))
        }
        return entries
    }

    /// A log of 2 to 40 entries with a checkpoint every `interval` entries and one on the last.
    static func log(_ random: inout PropertyRandom) throws -> (events: [AuditEvent], log: Log) {
        let events = (1...Int.random(in: 2...40, using: &random)).map { event(&random, $0) }
        let entries = try chain(events)
        let interval = Int.random(in: 1...10, using: &random)
        let covered = entries.filter { $0.seq % Int64(interval) == 0 || $0.seq == entries.last!.seq }
        let checkpoints = try covered.map { try AuditCheckpoint.make(for: $0, time: $0.time, signer: signer) }
        return (events, Log(entries: entries, checkpoints: checkpoints))
    }

    @Test(arguments: Change.allCases)
    func anySingleChangeIsFound(_ change: Change) throws {
        for seed in PropertyRandom.seeds(base: 0x4155_4454_0000) {
            var random = PropertyRandom(seed: seed)
            let (events, original) = try Self.log(&random)
            #expect(original.isValid, "seed \(seed): the untouched log must verify")
            var changed = events
            switch change {
            case .deletion:
                changed.remove(at: Int.random(in: 0..<changed.count, using: &random))
            case .insertion:
                changed.insert(Self.event(&random, 1_000), at: Int.random(in: 0..<changed.count, using: &random))
            case .swap:
                let first = Int.random(in: 0..<changed.count, using: &random)
                var second = Int.random(in: 0..<(changed.count - 1), using: &random)
                if second >= first { second += 1 }
                changed.swapAt(first, second)
            }
            // An attacker who recomputes the whole chain after the change.
            let rechained = Log(entries: try Self.chain(changed), checkpoints: original.checkpoints)
            #expect(!rechained.isValid, "seed \(seed): \(change) with a recomputed chain was not found")
            // One who only edits the rows: the old hashes and numbers stay where they were.
            var edited = original
            switch change {
            case .deletion:
                edited.entries.remove(at: Int.random(in: 0..<edited.entries.count, using: &random))
            case .insertion:
                let position = Int.random(in: 0..<edited.entries.count, using: &random)
                let previous = position == 0 ? AuditEntry.genesisHash : edited.entries[position - 1].hash
                let forged = try AuditEntry.make(for: Self.event(&random, 1_001), seq: Int64(position + 1), prevHash: previous)
                edited.entries.insert(forged, at: position)
                for index in (position + 1)..<edited.entries.count { edited.entries[index].seq += 1 }
            case .swap:
                let first = Int.random(in: 0..<(edited.entries.count - 1), using: &random)
                edited.entries.swapAt(first, first + 1)
                // The rows keep their places in seq order; only their contents moved.
                (edited.entries[first].seq, edited.entries[first + 1].seq) = (edited.entries[first + 1].seq, edited.entries[first].seq)
            }
            #expect(!edited.isValid, "seed \(seed): \(change) of rows was not found")
        }
    }
}
