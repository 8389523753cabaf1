/// The result of checking an audit log: counts, the last good checkpoint, the first broken
/// entry and every checkpoint that failed.
public struct AuditVerification: Sendable, Hashable {
    /// The first place where the chain is broken.
    public struct Break: Sendable, Hashable, CustomStringConvertible {
        /// What is wrong there.
        public enum Reason: Sendable, Hashable {
            /// No entry with this seq, though later ones exist (removed).
            case missing
            /// An entry with this seq came where a later one was expected (reordered or duplicated).
            case outOfOrder
            /// The row cannot be read as an entry.
            case malformed(String)
            /// `prevHash` is not the hash of the entry before (inserted, removed or reordered before it).
            case prevHashMismatch
            /// The stored hash does not match the entry's contents (changed).
            case hashMismatch
            /// The chain is consistent but a signed checkpoint at `checkpoint` names another hash:
            /// some entry from this seq up to the checkpoint was rewritten with a recomputed chain.
            case rewritten(checkpoint: Int64)
            /// The log ends before the entry a signed checkpoint covers (the tail was cut off).
            case truncated(checkpoint: Int64)
            /// The log could not be read at all.
            case unreadable(String)
        }

        /// The seq of the first broken entry.
        public var seq: Int64
        /// Why.
        public var reason: Reason

        public init(seq: Int64, reason: Reason) {
            self.seq = seq
            self.reason = reason
        }

        public var description: String {
            switch reason {
            case .missing: "entry \(seq) is missing"
            case .outOfOrder: "entry \(seq) is out of order"
            case .malformed(let why): "entry \(seq) is malformed: \(why)"
            case .prevHashMismatch: "entry \(seq): prevHash does not match the hash of entry \(seq - 1)"
            case .hashMismatch: "entry \(seq): hash does not match its contents (changed)"
            case .rewritten(let checkpoint):
                "entries \(seq)...\(checkpoint) were rewritten: checkpoint \(checkpoint) signs another hash"
            case .truncated(let checkpoint):
                "entry \(seq) and later are missing: checkpoint \(checkpoint) proves the log was longer"
            case .unreadable(let why): "the log cannot be read: \(why)"
            }
        }
    }

    /// A checkpoint that does not hold.
    public struct CheckpointFailure: Sendable, Hashable, CustomStringConvertible {
        /// What is wrong with it.
        public enum Reason: Sendable, Hashable {
            /// Signed by a key not among the trusted public keys.
            case unknownKey(String)
            /// The signature does not verify.
            case badSignature
            /// The entry it covers has another hash.
            case hashMismatch
            /// The entry it covers is not in the log.
            case noSuchEntry
        }

        /// The seq the checkpoint covers.
        public var seq: Int64
        /// Why it fails.
        public var reason: Reason

        public init(seq: Int64, reason: Reason) {
            self.seq = seq
            self.reason = reason
        }

        public var description: String {
            switch reason {
            case .unknownKey(let keyID): "checkpoint \(seq) is signed by \(keyID), which is not a trusted key"
            case .badSignature: "checkpoint \(seq): the signature does not verify"
            case .hashMismatch: "checkpoint \(seq) names a hash that differs from entry \(seq)"
            case .noSuchEntry: "checkpoint \(seq) covers an entry that is not in the log"
            }
        }
    }

    /// Rows read.
    public var entries: Int
    /// Checkpoints read.
    public var checkpoints: Int
    /// The last checkpoint that verified and matches its entry.
    public var lastGoodCheckpoint: AuditCheckpoint?
    /// Entries after the last good checkpoint (not yet protected by a signature).
    public var entriesAfterLastCheckpoint: Int
    /// The first broken entry, if any.
    public var firstBreak: Break?
    /// Every checkpoint that failed.
    public var checkpointFailures: [CheckpointFailure]

    /// Whether the chain is whole and every checkpoint holds.
    public var isValid: Bool { firstBreak == nil && checkpointFailures.isEmpty }

    public init(
        entries: Int,
        checkpoints: Int,
        lastGoodCheckpoint: AuditCheckpoint?,
        entriesAfterLastCheckpoint: Int,
        firstBreak: Break?,
        checkpointFailures: [CheckpointFailure]
    ) {
        self.entries = entries
        self.checkpoints = checkpoints
        self.lastGoodCheckpoint = lastGoodCheckpoint
        self.entriesAfterLastCheckpoint = entriesAfterLastCheckpoint
        self.firstBreak = firstBreak
        self.checkpointFailures = checkpointFailures
    }
}
