// `properties`, `patternProperties`, `additionalProperties` and `required`, applied together in one
// pass over the instance's members.

final class PropertiesKeyword: KeywordEvaluator {
    let table: PropertyTable
    let ordered: [(name: String, schema: SchemaNode)]
    let patterns: [(regex: ECMARegex, source: String, schema: SchemaNode)]
    let additional: SchemaNode?
    /// `required` names, all of which appear in `properties` (the compiler keeps a separate
    /// ``RequiredKeyword`` otherwise), and which table positions they are.
    let required: [String]
    private let isRequired: [Bool]

    init(
        properties: [(name: String, schema: SchemaNode)],
        patterns: [(regex: ECMARegex, source: String, schema: SchemaNode)], additional: SchemaNode?,
        required: [String]
    ) {
        table = PropertyTable(properties)
        ordered = properties
        self.patterns = patterns
        self.additional = additional
        self.required = required
        let requiredSet = Set(required)
        isRequired = properties.map { requiredSet.contains($0.name) }
    }

    /// Reports each required property missing from `object`.
    private func reportMissing(_ object: JSONObject, _ node: SchemaNode, _ context: inout EvaluationContext) {
        for name in required where !object.contains(name) {
            context.fail(node, "required", "missing required property \"\(name)\"")
        }
    }

    func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        var requiredSeen = 0
        if patterns.isEmpty && additional == nil {
            for position in ordered.indices {
                let (name, schema) = ordered[position]
                guard let value = object[name] else { continue }
                if isRequired[position] { requiredSeen += 1 }
                if local { evaluated.insertProperty(name) }
                if !node.child(schema, value, at: .key(name), &context, "properties", { name }) {
                    valid = false
                    if !context.collectErrors { return false }
                }
            }
            if requiredSeen < required.count {
                reportMissing(object, node, &context)
                return false
            }
            return valid
        }
        for (key, value) in object {
            var matched = false
            if let position = table.position(of: key) {
                let schema = table.schema(at: position)
                if isRequired[position] { requiredSeen += 1 }
                matched = true
                if !node.child(schema, value, at: .key(key), &context, "properties", { key }) {
                    valid = false
                    if !context.collectErrors { return false }
                }
            }
            for pattern in patterns where pattern.regex.matches(key) {
                matched = true
                if !node.child(pattern.schema, value, at: .key(key), &context, "patternProperties", { pattern.source }) {
                    valid = false
                    if !context.collectErrors { return false }
                }
            }
            if matched {
                if local { evaluated.insertProperty(key) }
            } else if let additional {
                if additional.booleanValue == false {
                    valid = false
                    guard context.collectErrors else { return false }
                    context.fail(node, "additionalProperties", "property is not allowed by additionalProperties")
                    context.errors[context.errors.count - 1].instancePath.append(.key(key))
                } else if !node.child(additional, value, at: .key(key), &context, "additionalProperties", { nil }) {
                    valid = false
                    if !context.collectErrors { return false }
                }
            }
        }
        if requiredSeen < required.count {
            reportMissing(object, node, &context)
            return false
        }
        if local && additional != nil { evaluated.allProperties = true }
        return valid
    }
}
