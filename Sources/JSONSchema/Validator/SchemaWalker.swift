/// Lists the property subschemas of a schema document, for checks such as `schema lint`.
public enum SchemaWalker {
    /// One property subschema: where it is and what its annotation says.
    public struct Property: Sendable, Hashable {
        /// JSON Pointer from the document root to the property's subschema, e.g. `/properties/name`.
        public var pointer: String
        /// The property name.
        public var name: String
        /// The value of the requested annotation keyword on the subschema, or `nil` when absent.
        public var annotation: JSONValue?
    }

    /// Every subschema under a `properties` keyword anywhere in `schema` (including `$defs`,
    /// applicators and nested properties), in document order. References are not followed.
    /// - Parameters:
    ///   - schema: the schema document.
    ///   - keyword: the annotation to read from each property subschema.
    /// - Returns: the properties with their pointers and annotation values.
    public static func properties(of schema: JSONValue, annotation keyword: String = "x-privacy") -> [Property] {
        var result: [Property] = []
        walk(schema, pointer: "", keyword: keyword, into: &result)
        return result
    }

    private static func walk(_ schema: JSONValue, pointer: String, keyword: String, into result: inout [Property]) {
        guard case .object(let object) = schema else { return }
        for (key, value) in object {
            let keyPointer = pointer + "/" + JSONPointer.escape(key)
            if SchemaKeywords.single.contains(key) {
                walk(value, pointer: keyPointer, keyword: keyword, into: &result)
            } else if SchemaKeywords.array.contains(key), case .array(let elements) = value {
                for (index, element) in elements.enumerated() {
                    walk(element, pointer: keyPointer + "/" + String(index), keyword: keyword, into: &result)
                }
            } else if SchemaKeywords.object.contains(key), case .object(let members) = value {
                for (name, member) in members {
                    let memberPointer = keyPointer + "/" + JSONPointer.escape(name)
                    if key == "properties" {
                        result.append(Property(pointer: memberPointer, name: name, annotation: member[keyword]))
                    }
                    walk(member, pointer: memberPointer, keyword: keyword, into: &result)
                }
            }
        }
    }
}
