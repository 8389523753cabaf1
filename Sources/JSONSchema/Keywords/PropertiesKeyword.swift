// `properties`, `patternProperties`, `additionalProperties` and `required`, applied together in one
// pass over the instance's members.

final class PropertiesKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
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

    /// Reports each required property missing from the object at `instance`.
    private func reportMissing(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext) {
        for name in required where context.tape.member(name, in: instance) == nil {
            context.fail(node, "required", "missing required property \"\(name)\"")
        }
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .object else { return true }
        var valid = true
        var requiredSeen = 0
        if patterns.isEmpty && additional == nil && !context.isPlainCheck {
            // Errors and annotations come in the schema's order of properties.
            for position in ordered.indices {
                let (name, schema) = ordered[position]
                guard let value = tape.member(name, in: instance) else { continue }
                if isRequired[position] { requiredSeen += 1 }
                if local { evaluated.insertProperty(value - 1) }
                if !node.child(schema, value, at: .key(name), &context, "properties", { name }) {
                    valid = false
                    if !context.collectErrors { return false }
                }
            }
            if requiredSeen < required.count {
                reportMissing(instance, node, &context)
                return false
            }
            return valid
        }
        if !applyToMembers(instance, node, &context, &evaluated, local, &requiredSeen) {
            valid = false
            if !context.collectErrors { return false }
        }
        if requiredSeen < required.count {
            reportMissing(instance, node, &context)
            return false
        }
        if local && additional != nil { evaluated.allProperties = true }
        return valid
    }

    /// Applies `properties`, `patternProperties` and `additionalProperties` to each member of the object at
    /// `instance`, in the instance's order, counting the required properties seen.
    /// - Returns: whether every member passed (when errors are not collected, it stops at the first failure).
    private func applyToMembers(
        _ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
        _ evaluated: inout EvaluatedLocations, _ local: Bool, _ requiredSeen: inout Int
    ) -> Bool {
        let tape = context.tape
        var valid = true
        var hint = 0
        var key = instance + 1
        let end = tape.end(of: instance)
        while key < end {
            let value = key + 1
            defer { key = tape.next(after: value) }
            let name = tape.utf8(at: key)
            var matched = false
            if let position = table.position(ofUTF8: name, hint: hint) {
                hint = position + 1
                if isRequired[position] { requiredSeen += 1 }
                matched = true
                let passed = table.withSchema(at: position) { schema in
                    node.child(schema, value, at: .key(tape.string(at: key)), &context, "properties") {
                        tape.string(at: key)
                    }
                }
                if !passed {
                    valid = false
                    if !context.collectErrors { return false }
                }
            }
            for pattern in patterns where pattern.regex.matches(utf8: name) {
                matched = true
                if !node.child(
                    pattern.schema, value, at: .key(tape.string(at: key)), &context, "patternProperties",
                    { pattern.source })
                {
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
                    context.errors[context.errors.count - 1].instancePath.append(.key(tape.string(at: key)))
                } else if !node.child(
                    additional, value, at: .key(tape.string(at: key)), &context, "additionalProperties", { nil })
                {
                    valid = false
                    if !context.collectErrors { return false }
                }
            }
        }
        return valid
    }
}
