/// Where a key is in its life. See ``KeyLifecycle`` for the allowed transitions.
public enum KeyState: String, Sendable, Codable, CaseIterable {
    /// Created but not yet used; peers may already receive it (staged rotation).
    case pending
    /// The one key of its kind (and domain) used for new work.
    case active
    /// Replaced, but still opens what was made for it until its grace period ends.
    case decryptOnly = "decrypt-only"
    /// No longer used. A retired signing key still verifies what it signed while it was valid.
    case retired
    /// Withdrawn for a reason (compromise, error). Never used or trusted again.
    case revoked
}
