/// Why a record could not be pseudonymised. Descriptions name locations (JSON Pointers into the
/// record or the schema), keyword paths, actions and message types, never values.
public enum PseudonymisationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One failed check: where in the record, and which schema keyword failed.
    public struct Issue: Sendable, Hashable {
        /// JSON Pointer into the record.
        public var instanceLocation: String
        /// The path of the failed keyword in the schema.
        public var keywordLocation: String

        /// Creates an issue.
        public init(instanceLocation: String, keywordLocation: String) {
            self.instanceLocation = instanceLocation
            self.keywordLocation = keywordLocation
        }
    }

    /// The record is not JSON, or too large or too deeply nested (the parser's reason, no values).
    case malformedRecord(reason: String)
    /// The record fails its schema.
    case invalidRecord([Issue])
    /// The pseudonymised record fails the derived output schema; nothing may leave.
    case invalidOutput([Issue])
    /// The schema (or one it refers to) cannot be compiled or derived.
    case invalidSchema(reason: String)
    /// A member of the record has no `x-privacy` annotation: the policy fails closed.
    case missingAnnotation(location: String)
    /// An `x-privacy` value is not one of the vocabulary.
    case invalidAnnotation(location: String)
    /// The action cannot apply to this kind of value (e.g. pseudonymise on an object).
    case unsupportedValue(location: String, action: String)
    /// A value to generalise is not a date `YYYY-MM-DD`.
    case notADate(location: String)
    /// A tightening configuration is unreadable or malformed.
    case invalidPolicy(reason: String)
    /// A tightening configuration would loosen the schema's policy.
    case loosening(messageType: String, rule: String, schemaAction: String, configuredAction: String)

    public var description: String {
        switch self {
        case .malformedRecord(let reason):
            "the record is not acceptable JSON: \(reason)"
        case .invalidRecord(let issues):
            "the record fails its schema at " + Self.list(issues)
        case .invalidOutput(let issues):
            "the pseudonymised record fails the derived output schema at " + Self.list(issues)
                + "; nothing was sent"
        case .invalidSchema(let reason):
            "the schema cannot be used: \(reason)"
        case .missingAnnotation(let location):
            "no x-privacy annotation applies at \(Self.show(location)); the policy fails closed"
        case .invalidAnnotation(let location):
            "the x-privacy annotation at \(Self.show(location)) is not in the vocabulary"
        case .unsupportedValue(let location, let action):
            "\(action) cannot apply to the kind of value at \(Self.show(location))"
        case .notADate(let location):
            "the value at \(Self.show(location)) is not a date YYYY-MM-DD, so it cannot be generalised"
        case .invalidPolicy(let reason):
            "the policy configuration is not valid: \(reason)"
        case .loosening(let type, let rule, let schemaAction, let configuredAction):
            "the policy configuration for \(type) would loosen \(rule) from \(schemaAction) to \(configuredAction); "
                + "configuration may only tighten (keep < free-text < generalise < pseudonymise < redact < drop)"
        }
    }

    /// The issues, one per line: `instance-location (keyword-location)`.
    public var issues: [Issue] {
        switch self {
        case .invalidRecord(let issues), .invalidOutput(let issues): issues
        default: []
        }
    }

    private static func show(_ location: String) -> String { location.isEmpty ? "the root" : location }

    private static func list(_ issues: [Issue]) -> String {
        let shown = issues.prefix(20).map { "\(show($0.instanceLocation)) (\($0.keywordLocation))" }
        let more = issues.count > 20 ? " and \(issues.count - 20) more" : ""
        return shown.joined(separator: ", ") + more
    }
}
