/// Why a configuration file cannot be used. Each case names the key and says how to fix it;
/// none quotes a secret.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted key that is wrong, e.g. `peerListener.port`, or `(file)` for the whole file.
    public var key: String
    /// What is wrong and how to fix it.
    public var problem: String

    /// A configuration error for `key`.
    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "configuration key \(key): \(problem)" }
}
