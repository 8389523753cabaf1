/// What a local API user may do.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Submits records and reads the inbox, including opened payloads.
    case caseworker
    /// Watches queues and metrics.
    case `operator`
    /// Reads delivery states and receipts, never payloads.
    case auditor
}
