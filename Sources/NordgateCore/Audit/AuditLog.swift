public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The gateway's audit log: append events, sign checkpoints, export a copy and verify.
///
/// A thin front over an ``AuditStore``, which keeps the chain in its own transactions.
public struct AuditLog: AuditSink {
    /// Where the log is kept.
    public let store: any AuditStore

    /// The log kept in `store`.
    public init(store: any AuditStore) {
        self.store = store
    }

    /// Appends `event`; returns once it is durable.
    public func append(_ event: AuditEvent) throws {
        try store.appendAudit([event])
    }

    /// Appends `event` without blocking a thread; returns once it is durable.
    public func append(_ event: AuditEvent) async throws {
        try await store.appendAudit([event])
    }

    /// Appends `events` in one transaction.
    /// - Returns: the new entries.
    @discardableResult
    public func append(_ events: [AuditEvent]) throws -> [AuditEntry] {
        try store.appendAudit(events)
    }

    /// Signs a checkpoint of the last entry now (e.g. at shutdown, or before an export).
    @discardableResult
    public func checkpoint(now: Date = Date()) throws -> AuditCheckpoint? {
        try store.checkpointAudit(now: now)
    }

    /// Verifies the log against `publicKeys` (key id → Ed25519 public key).
    public func verify(publicKeys: [String: [UInt8]]) -> AuditVerification {
        AuditVerifier.verify(source: store, publicKeys: publicKeys)
    }

    /// Writes the whole log as JSON lines to `write`, in pieces.
    /// - Returns: how many entries and checkpoints were written.
    @discardableResult
    public func export(_ write: ([UInt8]) throws -> Void) throws -> (entries: Int, checkpoints: Int) {
        let checkpoints = try store.auditCheckpoints()
        try write(AuditExport.headerLine())
        var buffer: [UInt8] = []
        var entries = 0
        var lastSeq: Int64 = 0
        try store.forEachAuditRow { row in
            guard let entry = row.entry else {
                throw StoreError.corrupt(table: "audit_log", reason: "entry \(row.seq) cannot be read")
            }
            buffer += AuditExport.line(for: entry)
            entries += 1
            lastSeq = entry.seq
            if buffer.count >= 1 << 16 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        for checkpoint in checkpoints where checkpoint.seq <= lastSeq {
            buffer += AuditExport.line(for: checkpoint)
        }
        try write(buffer)
        return (entries, checkpoints.filter { $0.seq <= lastSeq }.count)
    }

    /// Writes the whole log as JSON lines to a new file at `path` (mode 0600).
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` when the file exists or cannot be written.
    @discardableResult
    public func export(to path: String) throws -> (entries: Int, checkpoints: Int) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotOpen(path: path, reason: "cannot create the file (it may exist)") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        defer { try? handle.close() }
        let counts = try export { bytes in
            do { try handle.write(contentsOf: bytes) } catch {
                throw StoreError.cannotOpen(path: path, reason: "write failed")
            }
        }
        try? handle.synchronize()
        return counts
    }
}
