/// The outcome of validating one instance.
public struct ValidationResult: Sendable, Hashable {
    /// Whether the instance is valid.
    public var isValid: Bool
    /// The failed assertions, empty when valid. Messages never contain instance values.
    public var errors: [ValidationError]

    /// Makes a result.
    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }
}

/// One failed assertion, in the terms of the specification's output units.
public struct ValidationError: Sendable, Hashable {
    /// JSON Pointer to the failing part of the instance (`""` for the whole instance).
    public var instanceLocation: String
    /// JSON Pointer along the evaluation path to the keyword, through `$ref` and `$dynamicRef`.
    public var keywordLocation: String
    /// The keyword's absolute URI (`resource#pointer`); `nil` when the schema has no absolute `$id`.
    public var absoluteKeywordLocation: String?
    /// What failed, e.g. "string is shorter than minLength 3". Never contains instance values.
    public var error: String

    /// Makes an error.
    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String?, error: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.error = error
    }
}

extension ValidationResult {
    /// The result in the specification's "basic" output format.
    ///
    /// `{"valid": false, "errors": [{"instanceLocation", "keywordLocation",
    /// "absoluteKeywordLocation", "error"}]}`; `absoluteKeywordLocation` is left out when unknown,
    /// and `errors` is left out when the instance is valid.
    /// - Returns: the output unit as a JSON value.
    public func outputUnit() -> JSONValue {
        var unit = JSONObject()
        unit["valid"] = .bool(isValid)
        if !isValid {
            unit["errors"] = .array(
                errors.map { error in
                    var entry = JSONObject()
                    entry["instanceLocation"] = .string(error.instanceLocation)
                    entry["keywordLocation"] = .string(error.keywordLocation)
                    if let absolute = error.absoluteKeywordLocation {
                        entry["absoluteKeywordLocation"] = .string(absolute)
                    }
                    entry["error"] = .string(error.error)
                    return .object(entry)
                })
        }
        return .object(unit)
    }
}
