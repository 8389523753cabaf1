/// Checks an audit log: the hash chain from entry 1 to the end, and every signed checkpoint.
public enum AuditVerifier {
    /// Verifies the log in `source`.
    /// - Parameters:
    ///   - source: a store or an exported file.
    ///   - publicKeys: trusted Ed25519 public keys by key id (the gateway's signing keys, retired ones included).
    /// - Returns: the verification; ``AuditVerification/isValid`` tells the verdict. Read errors
    ///   are reported as a break, not thrown.
    public static func verify(source: some AuditRecordSource, publicKeys: [String: [UInt8]]) -> AuditVerification {
        var walk = Walk()
        let checkpoints: [AuditCheckpoint]
        do {
            checkpoints = try source.auditCheckpoints()
            walk.checkpoints = Dictionary(checkpoints.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
            try source.forEachAuditRow { walk.visit($0) }
        } catch {
            return AuditVerification(
                entries: walk.entries,
                checkpoints: 0,
                lastGoodCheckpoint: nil,
                entriesAfterLastCheckpoint: 0,
                firstBreak: .init(seq: walk.expected, reason: .unreadable(String(describing: error))),
                checkpointFailures: []
            )
        }

        var failures: [AuditVerification.CheckpointFailure] = []
        var lastGood: AuditCheckpoint?
        var previousGood: Int64 = 0
        for checkpoint in checkpoints.sorted(by: { $0.seq < $1.seq }) {
            var failed = false
            if let key = publicKeys[checkpoint.keyID] {
                if !checkpoint.verifies(publicKey: key) {
                    failures.append(.init(seq: checkpoint.seq, reason: .badSignature))
                    failed = true
                }
            } else {
                failures.append(.init(seq: checkpoint.seq, reason: .unknownKey(checkpoint.keyID)))
                failed = true
            }
            if let stored = walk.hashes[checkpoint.seq] {
                if stored != checkpoint.hash {
                    failures.append(.init(seq: checkpoint.seq, reason: .hashMismatch))
                    // Only a valid signature proves the log once held another hash there; when the
                    // chain itself breaks at or before the checkpoint, that break is the precise one.
                    if !failed, (walk.firstBreak?.seq ?? .max) > checkpoint.seq {
                        walk.report(previousGood + 1, .rewritten(checkpoint: checkpoint.seq))
                    }
                    failed = true
                }
            } else {
                failures.append(.init(seq: checkpoint.seq, reason: .noSuchEntry))
                if !failed, checkpoint.seq > walk.lastSeq {
                    walk.report(walk.lastSeq + 1, .truncated(checkpoint: checkpoint.seq))
                }
                failed = true
            }
            if !failed {
                lastGood = checkpoint
                previousGood = checkpoint.seq
            }
        }
        let after = Int(max(0, walk.lastSeq - (lastGood?.seq ?? 0)))
        return AuditVerification(
            entries: walk.entries,
            checkpoints: checkpoints.count,
            lastGoodCheckpoint: lastGood,
            entriesAfterLastCheckpoint: after,
            firstBreak: walk.firstBreak,
            checkpointFailures: failures
        )
    }

    /// The state of one pass over the rows.
    private struct Walk {
        var checkpoints: [Int64: AuditCheckpoint] = [:]
        /// Stored hashes of the entries that have a checkpoint, by seq.
        var hashes: [Int64: [UInt8]] = [:]
        var expected: Int64 = 1
        var previousHash = AuditEntry.genesisHash
        var entries = 0
        var lastSeq: Int64 = 0
        var firstBreak: AuditVerification.Break?

        mutating func report(_ seq: Int64, _ reason: AuditVerification.Break.Reason) {
            if firstBreak == nil || seq < firstBreak!.seq { firstBreak = .init(seq: seq, reason: reason) }
        }

        mutating func visit(_ row: AuditRow) {
            entries += 1
            if row.seq > expected {
                report(expected, .missing)
            } else if row.seq < expected {
                report(row.seq, .outOfOrder)
            }
            lastSeq = max(lastSeq, row.seq)
            expected = max(expected, row.seq + 1)
            guard let entry = row.entry else {
                report(row.seq, .malformed(row.problem ?? "unreadable"))
                previousHash = []
                return
            }
            if checkpoints[entry.seq] != nil { hashes[entry.seq] = entry.hash }
            if entry.prevHash != previousHash {
                report(entry.seq, .prevHashMismatch)
            }
            if (try? entry.computedHash()) != entry.hash {
                report(entry.seq, .hashMismatch)
            }
            previousHash = entry.hash
        }
    }
}
