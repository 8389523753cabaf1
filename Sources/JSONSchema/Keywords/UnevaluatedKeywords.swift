// The unevaluated vocabulary: applied after every other keyword of the schema, to what the
// schema's in-place subschemas did not evaluate.

final class UnevaluatedPropertiesKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schema: SchemaNode
    init(_ schema: SchemaNode) { self.schema = schema }

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .object(let object) = instance, !evaluated.allProperties else { return true }
        var valid = true
        for (key, value) in object where !evaluated.containsProperty(key) {
            if schema.booleanValue == false {
                valid = false
                guard context.collectErrors else { break }
                context.fail(node, "unevaluatedProperties", "property is not allowed by unevaluatedProperties")
                context.errors[context.errors.count - 1].instancePath.append(.key(key))
            } else if !node.child(schema, value, at: .key(key), &context, "unevaluatedProperties", { nil }) {
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

    override func apply(_ instance: JSONValue, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        guard case .array(let items) = instance, !evaluated.allItems else { return true }
        var valid = true
        for index in evaluated.itemPrefix..<max(items.count, evaluated.itemPrefix)
        where !evaluated.containsItem(index) {
            if schema.booleanValue == false {
                valid = false
                guard context.collectErrors else { break }
                context.fail(node, "unevaluatedItems", "item is not allowed by unevaluatedItems")
                context.errors[context.errors.count - 1].instancePath.append(.index(index))
            } else if !node.child(schema, items[index], at: .index(index), &context, "unevaluatedItems", { nil }) {
                valid = false
                if !context.collectErrors { break }
            }
        }
        if valid { evaluated.allItems = true }
        return valid
    }
}
