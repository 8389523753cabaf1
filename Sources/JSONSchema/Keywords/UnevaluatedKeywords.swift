// The unevaluated vocabulary: applied after every other keyword of the schema, to what the
// schema's in-place subschemas did not evaluate.

final class UnevaluatedPropertiesKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schema: SchemaNode
    init(_ schema: SchemaNode) { self.schema = schema }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .object, !evaluated.allProperties else { return true }
        var valid = true
        var key = instance + 1
        let end = tape.end(of: instance)
        while key < end {
            defer { key = tape.next(after: key + 1) }
            if evaluated.containsProperty(key) { continue }
            if schema.booleanValue == false {
                valid = false
                guard context.collectErrors else { break }
                context.fail(node, "unevaluatedProperties", "property is not allowed by unevaluatedProperties")
                context.errors[context.errors.count - 1].instancePath.append(.key(tape.string(at: key)))
            } else if !node.child(
                schema, key + 1, at: .key(tape.string(at: key)), &context, "unevaluatedProperties", { nil })
            {
                valid = false
                if !context.collectErrors { break }
            }
        }
        if valid { evaluated.allProperties = true }
        return valid
    }
}

final class UnevaluatedItemsKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schema: SchemaNode
    init(_ schema: SchemaNode) { self.schema = schema }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .array, !evaluated.allItems else { return true }
        var valid = true
        var item = instance + 1
        let end = tape.end(of: instance)
        var index = 0
        while item < end {
            defer {
                item = tape.next(after: item)
                index += 1
            }
            if evaluated.containsItem(index) { continue }
            if schema.booleanValue == false {
                valid = false
                guard context.collectErrors else { break }
                context.fail(node, "unevaluatedItems", "item is not allowed by unevaluatedItems")
                context.errors[context.errors.count - 1].instancePath.append(.index(index))
            } else if !node.child(schema, item, at: .index(index), &context, "unevaluatedItems", { nil }) {
                valid = false
                if !context.collectErrors { break }
            }
        }
        if valid { evaluated.allItems = true }
        return valid
    }
}
