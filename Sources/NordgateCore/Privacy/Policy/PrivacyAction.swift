public import JSONSchema

/// What happens to a value when a record leaves for a receiver: the meaning of one `x-privacy`
/// annotation (see `docs/schemas.md`).
///
/// Actions are ordered from the least to the most restrictive: keep < free-text < generalise <
/// pseudonymise < redact < drop. Where several apply to one value, the most restrictive wins, and
/// configuration may only move a value up this order.
public enum PrivacyAction: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Unchanged; on an object or array, descend and apply the annotations inside.
    case keep
    /// Scanned: identifiers in the text are replaced.
    case freeText
    /// A date reduced to a year, a year and month, or an age band.
    case generalise(Generalisation)
    /// Replaced by a keyed pseudonym of the category.
    case pseudonymise(PseudonymCategory)
    /// Replaced by ``PrivacyAction/redactionMarker``.
    case redact
    /// Removed.
    case drop

    /// What a redacted value becomes.
    public static let redactionMarker = "[redacted]"

    /// The category `"pseudonymise"` without a category means.
    public static let defaultCategory = PseudonymCategory.other

    /// Reads an `x-privacy` value.
    /// - Parameter value: `"keep"`, `"free-text"`, `"pseudonymise"`, `"redact"`, `"drop"`,
    ///   `{"pseudonymise": category}` or `{"generalise": "year" | "year-month" | "age-band"}`.
    /// - Returns: the action, or `nil` when the value is none of these.
    public init?(annotation value: JSONValue) {
        switch value {
        case .string("keep"): self = .keep
        case .string("free-text"): self = .freeText
        case .string("pseudonymise"): self = .pseudonymise(Self.defaultCategory)
        case .string("redact"): self = .redact
        case .string("drop"): self = .drop
        case .object(let object) where object.count == 1:
            if case .string(let name)? = object["pseudonymise"], let category = PseudonymCategory(rawValue: name) {
                self = .pseudonymise(category)
            } else if case .string(let name)? = object["generalise"], let kind = Generalisation(rawValue: name) {
                self = .generalise(kind)
            } else {
                return nil
            }
        default: return nil
        }
    }

    /// The action as an `x-privacy` value.
    public var annotation: JSONValue {
        switch self {
        case .keep: "keep"
        case .freeText: "free-text"
        case .generalise(let kind): .object(Self.object("generalise", kind.rawValue))
        case .pseudonymise(let category): .object(Self.object("pseudonymise", category.rawValue))
        case .redact: "redact"
        case .drop: "drop"
        }
    }

    /// The annotation's text, e.g. `pseudonymise:person-name`.
    public var description: String {
        switch self {
        case .keep: "keep"
        case .freeText: "free-text"
        case .generalise(let kind): "generalise:\(kind.rawValue)"
        case .pseudonymise(let category): "pseudonymise:\(category.rawValue)"
        case .redact: "redact"
        case .drop: "drop"
        }
    }

    /// The position in the order keep < free-text < generalise < pseudonymise < redact < drop.
    public var restrictiveness: Int {
        switch self {
        case .keep: 0
        case .freeText: 1
        case .generalise: 2
        case .pseudonymise: 3
        case .redact: 4
        case .drop: 5
        }
    }

    /// Orders by ``restrictiveness``; within generalise by coarseness, within pseudonymise by
    /// category name, so that the choice between two annotations is always the same.
    public static func < (lhs: PrivacyAction, rhs: PrivacyAction) -> Bool {
        if lhs.restrictiveness != rhs.restrictiveness { return lhs.restrictiveness < rhs.restrictiveness }
        switch (lhs, rhs) {
        case (.generalise(let a), .generalise(let b)): return a.coarseness < b.coarseness
        case (.pseudonymise(let a), .pseudonymise(let b)): return a.rawValue < b.rawValue
        default: return false
        }
    }

    private static func object(_ key: String, _ value: String) -> JSONObject {
        var object = JSONObject()
        object[key] = .string(value)
        return object
    }
}
