// The applicator vocabulary (and the core `$ref` / `$dynamicRef`): keywords that apply subschemas.

final class RefKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    /// The target (it may be the schema that contains this keyword).
    unowned(unsafe) let target: SchemaNode
    // unowned(unsafe): every node is kept alive by the compiled tree's node list for the validator's lifetime.
    init(_ target: SchemaNode) { self.target = target }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        // Borrowed without retaining, as the node list keeps it alive.
        Unmanaged.passUnretained(target)._withUnsafeGuaranteedRef {
            node.inPlace($0, instance, &context, &evaluated, local, "$ref") { nil }
        }
    }
}

final class DynamicRefKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    unowned(unsafe) let initial: SchemaNode
    // unowned(unsafe): see RefKeyword.
    let anchor: String?
    init(_ initial: SchemaNode, anchor: String?) {
        self.initial = initial
        self.anchor = anchor
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        var target = initial
        if let anchor {
            for resource in context.dynamicScope {
                if let found = resource.dynamicAnchor(anchor) {
                    target = found
                    break
                }
            }
        }
        return node.inPlace(target, instance, &context, &evaluated, local, "$dynamicRef") { nil }
    }
}

final class AllOfKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schemas: [SchemaNode]
    init(_ schemas: [SchemaNode]) { self.schemas = schemas }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        var valid = true
        for index in schemas.indices
        where !node.inPlace(schemas[index], instance, &context, &evaluated, local, "allOf", { String(index) }) {
            valid = false
            if !context.collectErrors { break }
        }
        return valid
    }
}

final class AnyOfKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schemas: [SchemaNode]
    init(_ schemas: [SchemaNode]) { self.schemas = schemas }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let errorMark = context.errors.count
        var matched = false
        for index in schemas.indices {
            if node.inPlace(schemas[index], instance, &context, &evaluated, local, "anyOf", { String(index) }) {
                matched = true
                if !local { break }
            }
        }
        if matched {
            context.discardErrors(from: errorMark)
            return true
        }
        context.fail(node, "anyOf", "value does not match any schema in anyOf")
        return false
    }
}

final class OneOfKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schemas: [SchemaNode]
    init(_ schemas: [SchemaNode]) { self.schemas = schemas }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let errorMark = context.errors.count
        var matches = 0
        var matchedLocations = EvaluatedLocations()
        for index in schemas.indices {
            var own = EvaluatedLocations()
            if node.inPlace(schemas[index], instance, &context, &own, local, "oneOf", { String(index) }) {
                matches += 1
                if matches == 1 {
                    matchedLocations = own
                } else {
                    break
                }
            }
        }
        if matches == 1 {
            context.discardErrors(from: errorMark)
            if local { evaluated.merge(matchedLocations) }
            return true
        }
        if matches == 0 {
            context.fail(node, "oneOf", "value does not match any schema in oneOf")
        } else {
            context.discardErrors(from: errorMark)
            context.fail(node, "oneOf", "value matches more than one schema in oneOf")
        }
        return false
    }
}

final class NotKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schema: SchemaNode
    init(_ schema: SchemaNode) { self.schema = schema }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let errorMark = context.errors.count
        let annotationMark = context.annotations.count
        var ignored = EvaluatedLocations()
        let matched = schema.evaluate(instance, &context, &ignored, collect: false)
        context.discardErrors(from: errorMark)
        if context.annotations.count > annotationMark { context.annotations.removeSubrange(annotationMark...) }
        if !matched { return true }
        context.fail(node, "not", "value matches the schema in not")
        return false
    }
}

final class ConditionalKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let condition: SchemaNode
    let then: SchemaNode?
    let otherwise: SchemaNode?
    init(condition: SchemaNode, then: SchemaNode?, otherwise: SchemaNode?) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        // Even without `then` and `else`, a passing `if` contributes annotations to `unevaluated*`.
        if then == nil && otherwise == nil && !local { return true }
        let errorMark = context.errors.count
        var own = EvaluatedLocations()
        let holds = condition.evaluate(instance, &context, &own, collect: local)
        context.discardErrors(from: errorMark)
        if holds {
            if local { evaluated.merge(own) }
            guard let then else { return true }
            return node.inPlace(then, instance, &context, &evaluated, local, "then") { nil }
        }
        guard let otherwise else { return true }
        return node.inPlace(otherwise, instance, &context, &evaluated, local, "else") { nil }
    }
}

final class DependentSchemasKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let dependencies: [(property: String, schema: SchemaNode)]
    init(_ dependencies: [(property: String, schema: SchemaNode)]) { self.dependencies = dependencies }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .object else { return true }
        var valid = true
        for (property, schema) in dependencies where tape.member(property, in: instance) != nil {
            if !node.inPlace(schema, instance, &context, &evaluated, local, "dependentSchemas", { property }) {
                valid = false
                if !context.collectErrors { break }
            }
        }
        return valid
    }
}

final class PrefixItemsKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schemas: [SchemaNode]
    init(_ schemas: [SchemaNode]) { self.schemas = schemas }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .array else { return true }
        let count = min(schemas.count, tape.containerCount(at: instance))
        var valid = true
        var item = instance + 1
        for index in 0..<count {
            if !node.child(schemas[index], item, at: .index(index), &context, "prefixItems", { String(index) }) {
                valid = false
                if !context.collectErrors { break }
            }
            item = tape.next(after: item)
        }
        if local { evaluated.itemPrefix = max(evaluated.itemPrefix, count) }
        return valid
    }
}

final class ItemsKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schema: SchemaNode
    let start: Int
    init(_ schema: SchemaNode, from start: Int) {
        self.schema = schema
        self.start = start
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .array, tape.containerCount(at: instance) > start else { return true }
        var valid = true
        var item = instance + 1
        for _ in 0..<start { item = tape.next(after: item) }
        let end = tape.end(of: instance)
        var index = start
        while item < end {
            if !node.child(schema, item, at: .index(index), &context, "items", { nil }) {
                valid = false
                if !context.collectErrors { break }
            }
            item = tape.next(after: item)
            index += 1
        }
        if local { evaluated.allItems = true }
        return valid
    }
}

final class ContainsKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schema: SchemaNode
    let minimum: Int
    let maximum: Int?
    init(_ schema: SchemaNode, minimum: Int, maximum: Int?) {
        self.schema = schema
        self.minimum = minimum
        self.maximum = maximum
    }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .array else { return true }
        let errorMark = context.errors.count
        let needsAll = local || maximum != nil
        var count = 0
        var item = instance + 1
        let end = tape.end(of: instance)
        var index = -1
        while item < end {
            defer { item = tape.next(after: item) }
            index += 1
            let annotationMark = context.annotations.count
            var ignored = EvaluatedLocations()
            if schema.evaluate(item, &context, &ignored, collect: false) {
                count += 1
                if local { evaluated.insertItem(index) }
                if context.annotations.count > annotationMark {
                    context.prefix(
                        errorsFrom: context.errors.count, annotationsFrom: annotationMark, instance: .index(index),
                        "contains")
                }
                if !needsAll && count >= minimum { break }
            }
        }
        context.discardErrors(from: errorMark)
        if count < minimum {
            if minimum == 1 {
                context.fail(node, "contains", "array has no item matching contains")
            } else {
                context.fail(node, "minContains", "array has fewer than minContains \(minimum) matching items")
            }
            return false
        }
        if let maximum, count > maximum {
            context.fail(node, "maxContains", "array has more than maxContains \(maximum) matching items")
            return false
        }
        return true
    }
}

final class PropertyNamesKeyword: KeywordEvaluator, @unchecked Sendable {
    // @unchecked: only constants set by the initialiser, as for every KeywordEvaluator.
    let schema: SchemaNode
    init(_ schema: SchemaNode) { self.schema = schema }

    override func apply(_ instance: Int, _ node: SchemaNode, _ context: inout EvaluationContext,
               _ evaluated: inout EvaluatedLocations, _ local: Bool) -> Bool {
        let tape = context.tape
        guard tape.kind(at: instance) == .object else { return true }
        var valid = true
        var key = instance + 1
        let end = tape.end(of: instance)
        while key < end {
            // A key's entry is a string entry, so the subschema reads it as the instance itself.
            if !node.child(schema, key, at: .key(tape.string(at: key)), &context, "propertyNames", { nil }) {
                valid = false
                if !context.collectErrors { break }
            }
            key = tape.next(after: key + 1)
        }
        return valid
    }
}
