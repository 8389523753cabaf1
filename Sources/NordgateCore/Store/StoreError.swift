/// Why a store operation failed. Descriptions name ids, states and limits only, never
/// payloads, envelope bytes or personal data.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data folder or database file could not be created, opened or secured.
    case cannotOpen(path: String, reason: String)
    /// No store exists at the path and creating one was not asked for.
    case missing(path: String)
    /// An argument broke a rule (a malformed id, an oversized field); names the field and the rule.
    case invalidInput(field: String, reason: String)
    /// No row with this id.
    case notFound(id: String)
    /// The row is in a state the operation does not apply to.
    case invalidState(id: String, state: String, operation: String)
    /// The same id is already stored with different content.
    case conflict(id: String)
    /// A stored row could not be read back (damaged or tampered with outside Nordgate).
    case corrupt(table: String, reason: String)
    /// A signed audit checkpoint was asked for but no signer is configured.
    case noAuditSigner
    /// The audit signer failed to sign.
    case signingFailed(keyID: String)
    /// The database reported an error; the SQLite result code and a generic reason.
    case database(code: Int32, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the store at \(path): \(reason)"
        case .missing(let path): "no store at \(path)"
        case .invalidInput(let field, let reason): "\(field) \(reason)"
        case .notFound(let id): "no row with id \(id)"
        case .invalidState(let id, let state, let operation): "cannot \(operation) \(id): it is \(state)"
        case .conflict(let id): "id \(id) is already stored with different content"
        case .corrupt(let table, let reason): "a row of \(table) is damaged: \(reason)"
        case .noAuditSigner: "no audit signer is configured, so no checkpoint can be signed"
        case .signingFailed(let keyID): "signing the audit checkpoint with \(keyID) failed"
        case .database(let code, let reason): "database error \(code): \(reason)"
        }
    }
}
