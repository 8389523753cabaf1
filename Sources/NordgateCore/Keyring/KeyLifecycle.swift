public import Foundation

/// The allowed state changes of a key.
///
/// ```
/// pending ──promote──▶ active ──supersede──▶ decrypt-only ──(grace ends)──▶ retired
///                        │  (signing keys skip decrypt-only and retire at once)
/// any state but revoked ──revoke──▶ revoked (final)
/// ```
public enum KeyLifecycle {
    /// Makes a pending key active.
    /// - Throws: ``KeyringError/invalidTransition(keyID:from:action:)`` unless the key is pending.
    public static func promote(_ key: inout KeyRecord, at now: Date) throws(KeyringError) {
        guard key.state == .pending else {
            throw .invalidTransition(keyID: key.id, from: key.state, action: "promote")
        }
        key.state = .active
        key.stateChanged = now
        key.notBefore = now
    }

    /// Takes an active key out of use because a successor became active.
    ///
    /// Signing keys retire at once (they still verify what they signed before `now`); other
    /// kinds stay decrypt-only for `grace`.
    public static func supersede(_ key: inout KeyRecord, at now: Date, grace: TimeInterval) throws(KeyringError) {
        guard key.state == .active else {
            throw .invalidTransition(keyID: key.id, from: key.state, action: "supersede")
        }
        key.stateChanged = now
        if key.kind == .signing {
            key.state = .retired
            key.notAfter = now
        } else {
            key.state = .decryptOnly
            key.notAfter = now.addingTimeInterval(grace)
        }
    }

    /// Revokes a key for good.
    /// - Throws: ``KeyringError/invalidTransition(keyID:from:action:)`` when it is already revoked.
    public static func revoke(_ key: inout KeyRecord, reason: String, at now: Date) throws(KeyringError) {
        guard key.state != .revoked else {
            throw .invalidTransition(keyID: key.id, from: key.state, action: "revoke")
        }
        key.state = .revoked
        key.stateChanged = now
        key.revocation = Revocation(reason: reason, time: now)
    }
}
