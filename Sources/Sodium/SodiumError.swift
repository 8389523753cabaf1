/// The one error type of the ``Sodium`` module.
///
/// Descriptions name what failed and what was expected; they never contain key bytes, plaintext or
/// other instance values.
public enum SodiumError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Decryption or verification failed. Deliberately carries no hint about why.
    case authenticationFailed
    /// An input had the wrong length.
    /// - Parameters:
    ///   - what: The input, e.g. `"AEAD key"`.
    ///   - actual: The length that was passed, in bytes.
    ///   - expected: The length required, in bytes (for a range, the bound that was crossed).
    case invalidLength(what: String, actual: Int, expected: Int)
    /// Text was not valid in the expected encoding (base64, hex) or a value was malformed.
    case invalidEncoding(what: String)
    /// A libsodium call returned an error; the associated value names the function.
    case operationFailed(String)
    /// libsodium could not allocate the memory an operation needs.
    case outOfMemory

    /// A short fragment saying what failed, without any instance values.
    public var description: String {
        switch self {
        case .authenticationFailed:
            return "authentication failed"
        case .invalidLength(let what, let actual, let expected):
            return "\(what) is \(actual) bytes, expected \(expected)"
        case .invalidEncoding(let what):
            return "\(what) is not validly encoded"
        case .operationFailed(let function):
            return "\(function) failed"
        case .outOfMemory:
            return "out of memory"
        }
    }
}
