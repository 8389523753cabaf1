public import Foundation

/// An operator's audited request to resolve a pseudonym at home.
///
/// The audit entry (kind `reidentify`: who, when, why, which pseudonym, never the original) is
/// durable before the original is returned, so nothing is revealed without a trace. Refusals
/// are audited too (kind `reidentify.refused`, with the cause).
public enum Reidentification {
    /// The audit event kind of a re-identification.
    public static let auditKind = "reidentify"
    /// The audit event kind of a refused attempt.
    public static let refusedAuditKind = "reidentify.refused"

    /// Resolves `pseudonym` and audits it.
    /// - Parameters:
    ///   - pseudonym: the pseudonym to resolve.
    ///   - reason: why, for the audit log (required).
    ///   - operatorName: who asks.
    ///   - keyring: the opened keyring (the passphrase has been checked by opening it).
    ///   - vault: where the entries are.
    ///   - audit: the audit log.
    ///   - now: the time of the request.
    /// - Returns: the original value.
    /// - Throws: ``VaultError`` (the refusal is audited), or the audit sink's error (then nothing is returned).
    public static func resolve(
        _ pseudonym: String, reason: String, operatorName: String, keyring: Keyring,
        vault: ReidentificationVault, audit: any AuditSink, now: Date = Date()
    ) throws -> String {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw VaultError.missingReason }
        let original: String
        do {
            original = try vault.original(of: pseudonym, keyring: keyring)
        } catch let error as VaultError {
            try recordRefusal(
                pseudonym, reason: reason, operatorName: operatorName, cause: cause(of: error), audit: audit, now: now)
            throw error
        }
        try audit.append(
            AuditEvent(
                kind: auditKind, actor: operatorName, subject: pseudonym,
                details: ["reason": reason, "authority": keyring.authority], time: now))
        return original
    }

    /// Audits an attempt that was refused before the vault was reached (e.g. a wrong passphrase).
    /// - Parameters:
    ///   - pseudonym: what was asked for (only when it has the form of a pseudonym; else `-`).
    ///   - cause: a short fixed phrase such as `wrong passphrase`.
    public static func recordRefusal(
        _ pseudonym: String, reason: String, operatorName: String, cause: String, audit: any AuditSink,
        now: Date = Date()
    ) throws {
        try audit.append(
            AuditEvent(
                kind: refusedAuditKind, actor: operatorName,
                subject: Pseudonym.isPseudonym(pseudonym) ? pseudonym : "-",
                details: ["reason": reason, "cause": cause], time: now))
    }

    private static func cause(of error: VaultError) -> String {
        switch error {
        case .notAPseudonym: "not a pseudonym"
        case .unknownPseudonym: "unknown pseudonym"
        case .cannotOpen: "entry cannot be opened"
        case .missingReason: "no reason"
        case .storage: "storage failure"
        }
    }
}
