/// One stored audit entry as read back for verification: the entry, or why it could not be read.
public struct AuditRow: Sendable, Hashable {
    /// The position the row claims.
    public var seq: Int64
    /// The entry, when the row decodes.
    public var entry: AuditEntry?
    /// Why it does not decode (a column of the wrong type, details that are not a JSON object of strings).
    public var problem: String?

    public init(seq: Int64, entry: AuditEntry?, problem: String?) {
        self.seq = seq
        self.entry = entry
        self.problem = problem
    }
}
