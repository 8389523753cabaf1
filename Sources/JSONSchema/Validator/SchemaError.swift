/// Why a schema could not be registered or compiled.
///
/// Descriptions name schema locations and URIs, never instance data.
public enum SchemaError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A `$ref` or `$dynamicRef` names a URI that no registered schema provides.
    case unresolvableReference(uri: String, keywordLocation: String)
    /// A keyword has a value the specification does not allow.
    case invalidKeywordValue(keywordLocation: String, expected: String)
    /// A `pattern` or `patternProperties` key is not a regular expression the engine accepts.
    case invalidRegex(keywordLocation: String)
    /// `$schema` names a meta-schema that is not registered.
    case unknownMetaSchema(uri: String)
    /// A meta-schema requires a vocabulary this validator does not implement.
    case unsupportedVocabulary(uri: String)
    /// A schema document is not an object or a Boolean.
    case notASchema(location: String)
    /// Two different schemas claim the same URI.
    case duplicateIdentifier(uri: String)
    /// A schema file could not be read or parsed.
    case unreadableFile(path: String, reason: String)

    /// One short sentence naming what failed and where; never instance data.
    public var description: String {
        switch self {
        case .unresolvableReference(let uri, let location):
            "reference \(uri) at \(location) does not resolve to a registered schema"
        case .invalidKeywordValue(let location, let expected):
            "keyword at \(location) is invalid, expected \(expected)"
        case .invalidRegex(let location):
            "regular expression at \(location) is not supported or not valid"
        case .unknownMetaSchema(let uri):
            "meta-schema \(uri) is not known, expected draft 2020-12 or a registered meta-schema"
        case .unsupportedVocabulary(let uri):
            "required vocabulary \(uri) is not supported"
        case .notASchema(let location):
            "value at \(location) is not a schema, expected an object or a Boolean"
        case .duplicateIdentifier(let uri):
            "identifier \(uri) is used by two different schemas"
        case .unreadableFile(let path, let reason):
            "schema file \(path) could not be read: \(reason)"
        }
    }
}
