/// Why a value has no RFC 8785 canonical form.
///
/// Canonical JSON is I-JSON (RFC 7493): every number must be an IEEE-754 double. Rather than
/// round silently, canonicalization refuses numbers that a double cannot carry unchanged.
/// The description never includes the number or where it was.
public struct CanonicalJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong with the value.
    public enum Reason: Sendable, Equatable {
        /// A number beyond the double range (its nearest double is infinite), such as `1e400`.
        case numberOutOfDoubleRange
        /// A number whose value changes when stored as a double, such as `12345678901234567890123`
        /// or `0.10000000000000000001`.
        case numberNotExactDouble
    }

    /// What was wrong with the value.
    public let reason: Reason

    /// Makes an error.
    /// - Parameter reason: what was wrong with the value.
    public init(reason: Reason) {
        self.reason = reason
    }

    /// One line naming the problem, without the value.
    public var description: String {
        switch reason {
        case .numberOutOfDoubleRange:
            "cannot canonicalize: a number is outside the IEEE-754 double range that RFC 8785 requires"
        case .numberNotExactDouble:
            "cannot canonicalize: a number would change value as an IEEE-754 double, as RFC 8785 requires"
        }
    }
}
