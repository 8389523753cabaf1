/// A JSON Schema draft 2020-12 validator, compiled once and reusable from any thread.
///
/// ```swift
/// let validator = try Validator(schema: schema)
/// let result = validator.validate(instance)
/// ```
public struct Validator: Sendable {
    /// How schemas are interpreted.
    public struct Options: Sendable {
        /// Whether `format` is checked (an assertion) rather than only reported (an annotation).
        public var assertFormats = false

        /// The defaults: formats are annotations.
        public init() {}
    }

    private let root: SchemaNode
    private let tracksDynamicScope: Bool
    /// Owns every compiled node and resource; references inside the tree do not.
    private let compiled: (nodes: [SchemaNode], resources: [SchemaResource])

    /// Compiles a schema.
    /// - Parameters:
    ///   - schema: the schema document (an object or a Boolean).
    ///   - registry: other schemas its `$ref`s may name; the 2020-12 meta-schemas are always there.
    ///   - options: how to interpret the schema.
    /// - Throws: ``SchemaError`` when a reference does not resolve, a keyword value is invalid,
    ///   a regular expression is not supported, or the meta-schema is unknown.
    public init(schema: JSONValue, registry: SchemaRegistry = .init(), options: Options = .init()) throws(SchemaError) {
        var registry = registry
        let base = SchemaCompiler.anonymousBase
        try registry.add(schema, retrievalURI: base, replacing: true)
        var rootURI = base
        if case .string(let id)? = schema["$id"] {
            rootURI = try SchemaRegistry.resolveIdentifier(id, against: base, location: "")
        }
        var compiler = SchemaCompiler(registry: registry, assertFormats: options.assertFormats)
        root = try compiler.compileRoot(rootURI)
        tracksDynamicScope = compiler.usesDynamicScope
        compiled = compiler.compiledObjects
    }

    /// Validates an instance and reports every failed assertion.
    /// - Parameter instance: the value to check.
    /// - Returns: whether it is valid, and the errors (with locations, never instance values).
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var context = EvaluationContext(collectErrors: true, tracksDynamicScope: tracksDynamicScope)
        var ignored = EvaluatedLocations()
        let valid = root.evaluate(instance, &context, &ignored, collect: false)
        if valid { return ValidationResult(isValid: true, errors: []) }
        let errors = context.errors.map { error in
            ValidationError(
                instanceLocation: EvaluationContext.pointer(error.instancePath),
                keywordLocation: EvaluationContext.pointer(error.keywordPath),
                absoluteKeywordLocation: error.absoluteKeywordLocation, error: error.message)
        }
        return ValidationResult(isValid: false, errors: errors)
    }

    /// Whether an instance is valid; stops at the first failure and builds no error text.
    /// - Parameter instance: the value to check.
    /// - Returns: `true` when valid.
    public func isValid(_ instance: JSONValue) -> Bool {
        var context = EvaluationContext(collectErrors: false, tracksDynamicScope: tracksDynamicScope)
        var ignored = EvaluatedLocations()
        return root.evaluate(instance, &context, &ignored, collect: false)
    }

    /// The values of an unknown keyword (such as `x-privacy`) that apply to an instance.
    ///
    /// Unknown keywords are annotations: each subschema that validates a part of the instance
    /// contributes its value at that part's location. Subschemas that fail, and branches of
    /// `anyOf`, `oneOf`, `not` and `if` that fail, contribute nothing, so an invalid instance
    /// yields no annotations.
    /// - Parameters:
    ///   - instance: the value to evaluate.
    ///   - keyword: the annotation keyword, for example `"x-privacy"`.
    /// - Returns: `(instanceLocation, value)` pairs in evaluation order; a location appears once per
    ///   subschema that annotates it.
    public func annotations(for instance: JSONValue, keyword: String) -> [(instanceLocation: String, value: JSONValue)] {
        var context = EvaluationContext(
            collectErrors: false, annotationKeyword: keyword, tracksDynamicScope: tracksDynamicScope)
        var ignored = EvaluatedLocations()
        guard root.evaluate(instance, &context, &ignored, collect: false) else { return [] }
        return context.annotations.map { (EvaluationContext.pointer($0.instancePath), $0.value) }
    }
}
