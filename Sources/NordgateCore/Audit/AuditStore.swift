public import Foundation

/// Where audit rows can be read from for verification: a store or an exported file.
public protocol AuditRecordSource {
    /// Every checkpoint, in `seq` order. Verifiers read these before the rows, so that rows
    /// appended meanwhile cannot make a checkpoint look as if it points past the end.
    func auditCheckpoints() throws -> [AuditCheckpoint]
    /// Calls `body` with every row in storage order (`seq` order for a store, line order for a file).
    func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws
}

/// Durable storage for the audit log.
public protocol AuditStore: AuditSink, AuditRecordSource {
    /// Appends `events` as consecutive entries in one transaction, returns once durable, and
    /// adds a signed checkpoint when one is due and a signer is configured.
    /// - Throws: ``StoreError/invalidInput(field:reason:)`` when any event breaks the rules; then nothing is appended.
    @discardableResult
    func appendAudit(_ events: [AuditEvent]) throws -> [AuditEntry]

    /// Appends `events` like the blocking variant, without blocking a thread while waiting
    /// (a store may share the commit with other writes; it still returns only once durable).
    @discardableResult
    func appendAudit(_ events: [AuditEvent]) async throws -> [AuditEntry]

    /// Signs a checkpoint of the last entry now (or returns the one it already has).
    /// - Returns: the checkpoint, or `nil` when the log is empty.
    /// - Throws: ``StoreError/noAuditSigner`` when no signer is configured.
    @discardableResult
    func checkpointAudit(now: Date) throws -> AuditCheckpoint?
}

extension AuditStore {
    /// The blocking append, for stores without a non-blocking one.
    @discardableResult
    public func appendAudit(_ events: [AuditEvent]) async throws -> [AuditEntry] {
        // In a synchronous closure only the blocking overload can be chosen.
        let blocking: () throws -> [AuditEntry] = { try self.appendAudit(events) }
        return try blocking()
    }
}
