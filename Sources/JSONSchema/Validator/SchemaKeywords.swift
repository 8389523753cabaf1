/// Which keywords hold subschemas, so that walking a schema never descends into data such as
/// `enum` or `const` values (an `$id` there is not an identifier).
enum SchemaKeywords {
    /// Keywords whose value is one subschema.
    static let single: Set<String> = [
        "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ]
    /// Keywords whose value is an array of subschemas.
    static let array: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    /// Keywords whose value is an object of subschemas.
    static let object: Set<String> = ["properties", "patternProperties", "$defs", "dependentSchemas"]

    /// Calls `body` with each direct subschema of `schema` and its pointer tokens.
    static func forEachSubschema(of schema: JSONObject, _ body: (JSONValue, [String]) throws(SchemaError) -> Void)
        throws(SchemaError)
    {
        for (key, value) in schema {
            if single.contains(key) {
                try body(value, [key])
            } else if array.contains(key), case .array(let elements) = value {
                for (index, element) in elements.enumerated() { try body(element, [key, String(index)]) }
            } else if object.contains(key), case .object(let members) = value {
                for (name, member) in members { try body(member, [key, name]) }
            }
        }
    }
}
