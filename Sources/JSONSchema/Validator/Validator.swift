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
        validate(JSONDocument(instance))
    }

    /// Validates a parsed document and reports every failed assertion.
    /// - Parameter document: the document to check.
    /// - Returns: whether it is valid, and the errors (with locations, never instance values).
    public func validate(_ document: JSONDocument) -> ValidationResult {
        withExtendedLifetime(document) {
            var context = EvaluationContext(
                tape: document.tape.view, collectErrors: true, tracksDynamicScope: tracksDynamicScope)
            var ignored = EvaluatedLocations()
            let valid = root.evaluate(0, &context, &ignored, collect: false)
            if valid { return ValidationResult(isValid: true, errors: []) }
            let errors = context.errors.map { error in
                ValidationError(
                    instanceLocation: EvaluationContext.pointer(error.instancePath),
                    keywordLocation: EvaluationContext.pointer(error.keywordPath),
                    absoluteKeywordLocation: error.absoluteKeywordLocation, error: error.message)
            }
            return ValidationResult(isValid: false, errors: errors)
        }
    }

    /// Whether an instance is valid; stops at the first failure and builds no error text.
    /// - Parameter instance: the value to check.
    /// - Returns: `true` when valid.
    public func isValid(_ instance: JSONValue) -> Bool {
        isValid(JSONDocument(instance))
    }

    /// Whether a parsed document is valid; stops at the first failure and builds no error text.
    /// - Parameter document: the document to check.
    /// - Returns: `true` when valid.
    public func isValid(_ document: JSONDocument) -> Bool {
        isValid(document.tape)
    }

    /// Parses UTF-8 bytes as ``JSONParser`` does (as strictly, with the same errors) and tells whether the
    /// document is valid, without building a ``JSONValue`` tree or copying the bytes.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - options: the parser's depth and size limits.
    /// - Returns: `true` when valid.
    /// - Throws: ``JSONParseError`` when the bytes are not one JSON document within the limits.
    public func isValid(json bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options = .init())
        throws(JSONParseError) -> Bool
    {
        isValid(try JSONParser.readTape(bytes, options: options, copySource: false))
    }

    /// ``isValid(json:options:)-(UnsafeBufferPointer<UInt8>,_)`` for an array of bytes.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - options: the parser's depth and size limits.
    /// - Returns: `true` when valid.
    /// - Throws: ``JSONParseError`` when the bytes are not one JSON document within the limits.
    public func isValid(json bytes: [UInt8], options: JSONParser.Options = .init()) throws(JSONParseError) -> Bool {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try isValid(json: buffer, options: options) }
        }.get()
    }

    private func isValid(_ tape: JSONTape) -> Bool {
        withExtendedLifetime(tape) {
            var context = EvaluationContext(tape: tape.view, collectErrors: false, tracksDynamicScope: tracksDynamicScope)
            var ignored = EvaluatedLocations()
            return root.evaluate(0, &context, &ignored, collect: false)
        }
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
        let document = JSONDocument(instance)
        return withExtendedLifetime(document) {
            var context = EvaluationContext(
                tape: document.tape.view, collectErrors: false, annotationKeyword: keyword,
                tracksDynamicScope: tracksDynamicScope)
            var ignored = EvaluatedLocations()
            guard root.evaluate(0, &context, &ignored, collect: false) else { return [] }
            return context.annotations.map { (EvaluationContext.pointer($0.instancePath), $0.value) }
        }
    }
}
