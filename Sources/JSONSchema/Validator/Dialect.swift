/// The vocabularies in force for a schema resource, taken from its meta-schema's `$vocabulary`.
struct Dialect: Equatable {
    var applicator = true
    var unevaluated = true
    var validation = true
    var formatAssertion = false

    static let vocabularyPrefix = "https://json-schema.org/draft/2020-12/vocab/"
    static let metaSchemaURI = "https://json-schema.org/draft/2020-12/schema"

    /// The full draft 2020-12 dialect.
    static let standard = Dialect()

    /// The dialect a meta-schema declares.
    /// - Throws: ``SchemaError/unsupportedVocabulary(uri:)`` when it requires an unknown vocabulary.
    init(vocabularies: JSONObject) throws(SchemaError) {
        applicator = false
        unevaluated = false
        validation = false
        for (uri, required) in vocabularies {
            guard uri.hasPrefix(Self.vocabularyPrefix) else {
                if required == .bool(true) { throw .unsupportedVocabulary(uri: uri) }
                continue
            }
            switch uri.dropFirst(Self.vocabularyPrefix.count) {
            case "core", "meta-data", "format-annotation", "content": break
            case "applicator": applicator = true
            case "unevaluated": unevaluated = true
            case "validation": validation = true
            case "format-assertion": formatAssertion = true
            default: if required == .bool(true) { throw .unsupportedVocabulary(uri: uri) }
            }
        }
    }

    init() {}

    private static let applicatorKeywords: Set<String> = [
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items",
        "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
    ]
    private static let unevaluatedKeywords: Set<String> = ["unevaluatedItems", "unevaluatedProperties"]
    private static let validationKeywords: Set<String> = [
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
        "maxProperties", "minProperties", "required", "dependentRequired",
    ]

    /// Whether `keyword` belongs to a vocabulary in force (core and annotation keywords always are).
    func enables(_ keyword: String) -> Bool {
        if Self.applicatorKeywords.contains(keyword) { return applicator }
        if Self.validationKeywords.contains(keyword) { return validation }
        if Self.unevaluatedKeywords.contains(keyword) { return unevaluated }
        return true
    }
}
