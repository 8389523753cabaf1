extension SchemaNode {
    /// Evaluates `instance` against this schema.
    ///
    /// - Parameters:
    ///   - instance: the value to check, as its index in `context.tape`.
    ///   - context: errors, annotations and the dynamic scope of this evaluation.
    ///   - evaluated: receives the properties and items this schema evaluated, when `collect` is set.
    ///   - collect: whether the caller needs `evaluated` (it applies `unevaluated*` to this instance).
    /// - Returns: whether the instance is valid.
    func evaluate(
        _ instance: Int, _ context: inout EvaluationContext, _ evaluated: inout EvaluatedLocations,
        collect: Bool
    ) -> Bool {
        if let flag = booleanValue {
            if !flag && context.collectErrors {
                context.errors.append(
                    PendingError(
                        instancePath: [], keywordPath: [], absoluteKeywordLocation: location,
                        message: "no value is allowed here, the schema is false"))
            }
            return flag
        }
        if !collect && !needsAnnotations && context.isPlainCheck {
            return evaluatePlain(instance, &context)
        }
        context.depth += 1
        defer { context.depth -= 1 }
        if context.depth > EvaluationContext.maxDepth {
            if context.collectErrors {
                context.errors.append(
                    PendingError(
                        instancePath: [], keywordPath: [], absoluteKeywordLocation: location,
                        message: "schema references nest too deeply to evaluate"))
            }
            return false
        }
        var pushedScope = false
        if context.tracksDynamicScope && context.dynamicScope.last !== resource {
            context.dynamicScope.append(resource)
            pushedScope = true
        }
        defer { if pushedScope { context.dynamicScope.removeLast() } }

        let annotationMark = context.annotations.count
        let local = collect || needsAnnotations || context.wantsAllAnnotations
        var own = EvaluatedLocations()
        var valid = true
        let tape = context.tape
        if let types, !types.matches(tape, instance) {
            valid = false
            context.fail(
                self, "type",
                "value is of type \(tape.schemaTypeName(at: instance)), expected \(types.names.joined(separator: " or "))")
            if !context.collectErrors { return false }
        }
        keywords.withUnsafeBufferPointer { keywords in
            for index in keywords.indices where !keywords[index].apply(instance, self, &context, &own, local) {
                valid = false
                if !context.collectErrors { break }
            }
        }
        if valid {
            if collect { evaluated.merge(own) }
            if let wanted = context.annotationKeyword {
                for annotation in annotations where annotation.keyword == wanted {
                    context.annotations.append(PendingAnnotation(instancePath: [], value: annotation.value))
                }
            }
        } else if context.annotations.count > annotationMark {
            context.annotations.removeSubrange(annotationMark...)
        }
        return valid
    }

    /// The `isValid` path: no errors, annotations or dynamic scope to track, so it stops at the first
    /// failure and follows `$ref`-only schemas directly.
    private func evaluatePlain(_ instance: Int, _ context: inout EvaluationContext) -> Bool {
        if let flag = booleanValue { return flag }
        if context.depth >= EvaluationContext.maxDepth { return false }
        if let shortcut = shortcutReference {
            return shortcut._withUnsafeGuaranteedRef { $0.evaluatePlainKeywords(instance, &context) }
        }
        return evaluatePlainKeywords(instance, &context)
    }

    /// ``evaluatePlain(_:_:)`` once `$ref`-only schemas have been followed to this node.
    @inline(__always)
    private func evaluatePlainKeywords(_ instance: Int, _ context: inout EvaluationContext) -> Bool {
        var own = EvaluatedLocations()
        if needsAnnotations || booleanValue != nil {
            return evaluate(instance, &context, &own, collect: false)
        }
        if let types, !types.matches(context.tape, instance) { return false }
        context.depth += 1
        defer { context.depth -= 1 }
        for keyword in keywordReferences {
            let passed = keyword._withUnsafeGuaranteedRef { $0.apply(instance, self, &context, &own, false) }
            if !passed { return false }
        }
        return true
    }

    /// Evaluates a subschema against a member or element of the instance.
    @inline(__always)
    func child(
        _ schema: SchemaNode, _ value: Int, at segment: @autoclosure () -> InstancePathSegment,
        _ context: inout EvaluationContext,
        _ keyword: String, _ token: () -> String?
    ) -> Bool {
        if context.isPlainCheck && !schema.needsAnnotations { return schema.evaluatePlain(value, &context) }
        let errorMark = context.errors.count
        let annotationMark = context.annotations.count
        var ignored = EvaluatedLocations()
        let valid = schema.evaluate(value, &context, &ignored, collect: false)
        if context.errors.count > errorMark || context.annotations.count > annotationMark {
            context.prefix(
                errorsFrom: errorMark, annotationsFrom: annotationMark, instance: segment(), keyword, token())
        }
        return valid
    }

    /// Evaluates a subschema against the same instance, merging what it evaluated when it succeeds.
    @inline(__always)
    func inPlace(
        _ schema: SchemaNode, _ instance: Int, _ context: inout EvaluationContext,
        _ evaluated: inout EvaluatedLocations, _ local: Bool, _ keyword: String, _ token: () -> String?
    ) -> Bool {
        let errorMark = context.errors.count
        var own = EvaluatedLocations()
        let valid = schema.evaluate(instance, &context, &own, collect: local)
        if valid {
            if local { evaluated.merge(own) }
        } else if context.errors.count > errorMark {
            context.prefix(errorsFrom: errorMark, annotationsFrom: context.annotations.count, instance: nil, keyword, token())
        }
        return valid
    }
}
