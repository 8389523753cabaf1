/// Turns schema documents into a tree of ``SchemaNode``s, resolving every reference once.
///
/// Nodes are memoised by their canonical location, so a recursive `$ref` points back at the
/// node being built instead of compiling forever.
struct SchemaCompiler {
    private let registry: SchemaRegistry
    private let assertFormats: Bool
    /// Keyed by exact bytes: `/properties/é` and `/properties/e\u{301}` are different locations.
    private var nodes: [JSONStringKey: SchemaNode] = [:]
    private var resources: [String: SchemaResource] = [:]
    private var dialects: [String: Dialect] = [:]
    /// Whether some `$dynamicRef` can jump to a dynamic anchor, so the evaluator must track scopes.
    private(set) var usesDynamicScope = false

    /// The URI given to a root schema without an absolute `$id`; such locations are not reported.
    static let anonymousBase = "https://anonymous.invalid/schema.json"
    private static let anonymousPrefix = "https://anonymous.invalid/"

    init(registry: SchemaRegistry, assertFormats: Bool) {
        self.registry = registry
        self.assertFormats = assertFormats
    }

    /// Compiles the schema registered at `uri` and everything it references.
    mutating func compileRoot(_ uri: String) throws(SchemaError) -> SchemaNode {
        guard let entry = registry.lookup(uri) else {
            throw .unresolvableReference(uri: uri, keywordLocation: "")
        }
        let root = try compile(entry.value, resource: entry.resource, pointer: entry.pointer)
        if usesDynamicScope { try compileDynamicAnchors() }
        for node in nodes.values { node.linkReferenceShortcut() }
        return root
    }

    /// Compiles the `$dynamicAnchor` subschemas of every resource reached, until none is new.
    private mutating func compileDynamicAnchors() throws(SchemaError) {
        var done: Set<String> = []
        while let (uri, resource) = resources.first(where: { !done.contains($0.key) }) {
            done.insert(uri)
            for (name, entry) in registry.dynamicAnchors[uri] ?? [:] {
                resource.setDynamicAnchor(name, try compile(entry.value, resource: entry.resource, pointer: entry.pointer))
            }
        }
    }

    private mutating func resourceObject(_ uri: String) -> SchemaResource {
        if let existing = resources[uri] { return existing }
        let resource = SchemaResource(uri: uri)
        resources[uri] = resource
        return resource
    }

    private mutating func dialect(for resource: String) throws(SchemaError) -> Dialect {
        if let known = dialects[resource] { return known }
        var dialect = Dialect.standard
        if case .string(let metaSchema)? = registry.resources[resource]?.value["$schema"] {
            let uri = URIReference.splitFragment(metaSchema).base
            if uri != Dialect.metaSchemaURI {
                guard let meta = registry.resources[uri] else { throw .unknownMetaSchema(uri: metaSchema) }
                if case .object(let vocabularies)? = meta.value["$vocabulary"] {
                    dialect = try Dialect(vocabularies: vocabularies)
                }
            }
        }
        dialects[resource] = dialect
        return dialect
    }

    /// The absolute location of a schema, or `nil` inside an anonymous root.
    private func location(_ resource: String, _ pointer: String) -> String? {
        resource.hasPrefix(Self.anonymousPrefix) ? nil : resource + "#" + pointer
    }

    /// Where a keyword is, for error messages: `resource#pointer/keyword`, or just the pointer when anonymous.
    private func displayLocation(_ resource: String, _ pointer: String, _ keyword: String) -> String {
        (resource.hasPrefix(Self.anonymousPrefix) ? "" : resource + "#") + pointer + "/" + keyword
    }

    /// Compiles one schema value found at `resource#pointer`.
    mutating func compile(_ value: JSONValue, resource: String, pointer: String) throws(SchemaError) -> SchemaNode {
        var resource = resource
        var pointer = pointer
        if let node = nodes[JSONStringKey(resource + "#" + pointer)] { return node }
        let originalKey = resource + "#" + pointer
        if !pointer.isEmpty, case .string(let id)? = value["$id"] {
            resource = try SchemaRegistry.resolveIdentifier(id, against: resource, location: pointer)
            pointer = ""
            if let node = nodes[JSONStringKey(resource + "#")] {
                nodes[JSONStringKey(originalKey)] = node
                return node
            }
        }
        let node = SchemaNode(resource: resourceObject(resource), location: location(resource, pointer))
        nodes[JSONStringKey(originalKey)] = node
        nodes[JSONStringKey(resource + "#" + pointer)] = node
        switch value {
        case .bool(let flag):
            node.booleanValue = flag
        case .object(let object):
            try compileKeywords(object, into: node, resource: resource, pointer: pointer)
        default:
            throw .notASchema(location: displayLocation(resource, pointer, "").dropLast().description)
        }
        return node
    }

    private mutating func subschema(_ value: JSONValue, _ resource: String, _ pointer: String, _ tokens: String...)
        throws(SchemaError) -> SchemaNode
    {
        try compile(value, resource: resource, pointer: pointer + tokens.map { "/" + JSONPointer.escape($0) }.joined())
    }

    private mutating func reference(_ text: String, _ resource: String, _ location: String) throws(SchemaError)
        -> (SchemaNode, SchemaRegistry.Entry)
    {
        let absolute = URIReference.resolve(text, against: resource)
        guard let entry = registry.lookup(absolute) else {
            throw .unresolvableReference(uri: absolute, keywordLocation: location)
        }
        return (try compile(entry.value, resource: entry.resource, pointer: entry.pointer), entry)
    }

    // MARK: - Keywords

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func compileKeywords(
        _ object: JSONObject, into node: SchemaNode, resource: String, pointer: String
    ) throws(SchemaError) {
        let dialect = try dialect(for: resource)
        var keywords: [KeywordEvaluator] = []
        var late: [KeywordEvaluator] = []
        var properties: [(name: String, schema: SchemaNode)] = []
        var patterns: [(regex: ECMARegex, source: String, schema: SchemaNode)] = []
        var additional: SchemaNode?
        var hasObjectApplicators = false
        var minLength = 0
        var maxLength = Int.max
        var pattern: (regex: ECMARegex, source: String)?
        var format: (name: String, check: @Sendable (String) -> Bool)?
        var minItems = 0
        var maxItems = Int.max
        var uniqueItems = false
        var minProperties = 0
        var maxProperties = Int.max
        var required: [String] = []
        var declaredTypes: JSONTypeSet?
        func at(_ keyword: String) -> String { displayLocation(resource, pointer, keyword) }
        func invalid(_ keyword: String, _ expected: String) -> SchemaError {
            .invalidKeywordValue(keywordLocation: at(keyword), expected: expected)
        }
        func count(_ keyword: String, _ value: JSONValue) throws(SchemaError) -> Int {
            guard case .number(let number) = value, number.isInteger, !number.negative else {
                throw invalid(keyword, "a non-negative integer")
            }
            return number.intValue ?? Int.max
        }
        func schemaArray(_ keyword: String, _ value: JSONValue) throws(SchemaError) -> [JSONValue] {
            guard case .array(let elements) = value, !elements.isEmpty else {
                throw invalid(keyword, "a non-empty array of schemas")
            }
            return elements
        }
        func stringArray(_ keyword: String, _ value: JSONValue?) throws(SchemaError) -> [String] {
            guard case .array(let names)? = value else { throw invalid(keyword, "an array of strings") }
            let strings = names.compactMap(\.stringValue)
            guard strings.count == names.count else { throw invalid(keyword, "an array of strings") }
            return strings
        }

        for (key, value) in object {
            guard dialect.enables(key) else {
                node.annotations.append((key, value))
                continue
            }
            switch key {
            // Core
            case "$id", "$schema", "$comment":
                guard value.stringValue != nil else { throw invalid(key, "a string") }
            case "$anchor", "$dynamicAnchor":
                guard case .string(let name) = value, SchemaRegistry.isValidAnchor(name) else {
                    throw invalid(key, "a plain-name anchor")
                }
            case "$defs", "$vocabulary":
                guard case .object = value else { throw invalid(key, "an object") }
            case "$ref":
                guard case .string(let text) = value else { throw invalid(key, "a URI reference string") }
                keywords.append(RefKeyword(try reference(text, resource, at(key)).0))
            case "$dynamicRef":
                guard case .string(let text) = value else { throw invalid(key, "a URI reference string") }
                let (target, entry) = try reference(text, resource, at(key))
                let fragment = URIReference.splitFragment(text).fragment
                var anchor: String?
                if !fragment.isEmpty, !fragment.hasPrefix("/"), entry.value["$dynamicAnchor"]?.stringValue == fragment {
                    anchor = fragment
                    usesDynamicScope = true
                }
                keywords.append(DynamicRefKeyword(target, anchor: anchor))

            // Applicator
            case "allOf", "anyOf", "oneOf":
                var schemas: [SchemaNode] = []
                for (index, element) in try schemaArray(key, value).enumerated() {
                    schemas.append(try subschema(element, resource, pointer, key, String(index)))
                }
                switch key {
                case "allOf": keywords.append(AllOfKeyword(schemas))
                case "anyOf": keywords.append(AnyOfKeyword(schemas))
                default: keywords.append(OneOfKeyword(schemas))
                }
            case "not":
                keywords.append(NotKeyword(try subschema(value, resource, pointer, key)))
            case "if":
                let condition = try subschema(value, resource, pointer, key)
                var then: SchemaNode?
                var otherwise: SchemaNode?
                if let thenValue = object["then"] { then = try subschema(thenValue, resource, pointer, "then") }
                if let elseValue = object["else"] { otherwise = try subschema(elseValue, resource, pointer, "else") }
                keywords.append(ConditionalKeyword(condition: condition, then: then, otherwise: otherwise))
            case "then", "else":
                break
            case "dependentSchemas":
                guard case .object(let members) = value else { throw invalid(key, "an object of schemas") }
                var list: [(property: String, schema: SchemaNode)] = []
                for (name, member) in members {
                    list.append((name, try subschema(member, resource, pointer, key, name)))
                }
                keywords.append(DependentSchemasKeyword(list))
            case "prefixItems":
                var schemas: [SchemaNode] = []
                for (index, element) in try schemaArray(key, value).enumerated() {
                    schemas.append(try subschema(element, resource, pointer, key, String(index)))
                }
                keywords.append(PrefixItemsKeyword(schemas))
            case "items":
                let start = dialect.applicator ? object["prefixItems"]?.arrayValue?.count ?? 0 : 0
                keywords.append(ItemsKeyword(try subschema(value, resource, pointer, key), from: start))
            case "contains":
                let schema = try subschema(value, resource, pointer, key)
                var minimum = 1
                var maximum: Int?
                if dialect.validation {
                    if let v = object["minContains"] { minimum = try count("minContains", v) }
                    if let v = object["maxContains"] { maximum = try count("maxContains", v) }
                }
                keywords.append(ContainsKeyword(schema, minimum: minimum, maximum: maximum))
            case "properties":
                guard case .object(let members) = value else { throw invalid(key, "an object of schemas") }
                for (name, member) in members {
                    properties.append((name, try subschema(member, resource, pointer, key, name)))
                }
                hasObjectApplicators = true
            case "patternProperties":
                guard case .object(let members) = value else { throw invalid(key, "an object of schemas") }
                for (source, member) in members {
                    guard let regex = ECMARegex(source) else {
                        throw .invalidRegex(keywordLocation: at(key) + "/" + JSONPointer.escape(source))
                    }
                    patterns.append((regex, source, try subschema(member, resource, pointer, key, source)))
                }
                hasObjectApplicators = true
            case "additionalProperties":
                additional = try subschema(value, resource, pointer, key)
                hasObjectApplicators = true
            case "propertyNames":
                keywords.append(PropertyNamesKeyword(try subschema(value, resource, pointer, key)))

            // Unevaluated
            case "unevaluatedItems":
                late.append(UnevaluatedItemsKeyword(try subschema(value, resource, pointer, key)))
                node.needsAnnotations = true
            case "unevaluatedProperties":
                late.append(UnevaluatedPropertiesKeyword(try subschema(value, resource, pointer, key)))
                node.needsAnnotations = true

            // Validation
            case "type":
                var types = JSONTypeSet()
                switch value {
                case .string(let name):
                    guard let type = JSONTypeSet(name: name) else { throw invalid(key, "a type name") }
                    types = type
                case .array(let names):
                    for name in names {
                        guard let type = name.stringValue.flatMap(JSONTypeSet.init(name:)) else {
                            throw invalid(key, "an array of type names")
                        }
                        types.insert(type)
                    }
                default: throw invalid(key, "a type name or an array of them")
                }
                declaredTypes = types
            case "enum":
                guard case .array(let values) = value else { throw invalid(key, "an array") }
                keywords.append(EnumKeyword(values))
            case "const":
                keywords.append(ConstKeyword(value))
            case "multipleOf":
                guard case .number(let number) = value, !number.negative, number.significand != "0" else {
                    throw invalid(key, "a number above zero")
                }
                keywords.append(MultipleOfKeyword(number))
            case "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum":
                guard case .number(let number) = value else { throw invalid(key, "a number") }
                let bound: NumericBound =
                    switch key {
                    case "maximum": .maximum
                    case "exclusiveMaximum": .exclusiveMaximum
                    case "minimum": .minimum
                    default: .exclusiveMinimum
                    }
                keywords.append(BoundKeyword(bound, number))
            case "maxLength": maxLength = try count(key, value)
            case "minLength": minLength = try count(key, value)
            case "pattern":
                guard case .string(let source) = value else { throw invalid(key, "a regular expression string") }
                guard let regex = ECMARegex(source) else { throw .invalidRegex(keywordLocation: at(key)) }
                pattern = (regex, source)
            case "maxItems": maxItems = try count(key, value)
            case "minItems": minItems = try count(key, value)
            case "uniqueItems":
                guard case .bool(let unique) = value else { throw invalid(key, "a Boolean") }
                uniqueItems = unique
            case "maxContains", "minContains":
                _ = try count(key, value)
            case "maxProperties": maxProperties = try count(key, value)
            case "minProperties": minProperties = try count(key, value)
            case "required":
                required = try stringArray(key, value)
            case "dependentRequired":
                guard case .object(let members) = value else { throw invalid(key, "an object of string arrays") }
                var list: [(property: String, required: [String])] = []
                for (name, member) in members { list.append((name, try stringArray(key, member))) }
                keywords.append(DependentRequiredKeyword(list))

            // Format
            case "format":
                guard case .string(let name) = value else { throw invalid(key, "a string") }
                if assertFormats || dialect.formatAssertion, let check = FormatChecker.checker(for: name) {
                    format = (name, check)
                }

            // Meta-data and content: annotations only.
            case "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
                "contentEncoding", "contentMediaType", "contentSchema":
                break
            default:
                node.annotations.append((key, value))
            }
        }
        var typeHandled = false
        if minLength > 0 || maxLength < Int.max || pattern != nil || format != nil {
            // `type: "string"` next to string checks is folded into them: one check of the instance's kind.
            typeHandled = declaredTypes == .string
            keywords.append(
                StringKeyword(
                    requireString: typeHandled, minimum: minLength, maximum: maxLength, pattern: pattern, format: format))
        }
        if let declaredTypes, !typeHandled { node.types = declaredTypes }
        if minItems > 0 || maxItems < Int.max || uniqueItems {
            keywords.append(ItemCountKeyword(minimum: minItems, maximum: maxItems, unique: uniqueItems))
        }
        if minProperties > 0 || maxProperties < Int.max {
            keywords.append(PropertyCountKeyword(minimum: minProperties, maximum: maxProperties))
        }
        // Required names that `properties` lists are checked during its pass over the members.
        let listed = Set(properties.map(\.name))
        let uniqueRequired = required.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if hasObjectApplicators && uniqueRequired.allSatisfy(listed.contains) {
            keywords.append(
                PropertiesKeyword(properties: properties, patterns: patterns, additional: additional, required: uniqueRequired))
        } else {
            if !uniqueRequired.isEmpty { keywords.append(RequiredKeyword(uniqueRequired)) }
            if hasObjectApplicators {
                keywords.append(PropertiesKeyword(properties: properties, patterns: patterns, additional: additional, required: []))
            }
        }
        node.keywords = keywords + late
    }

    /// Every node and resource compiled, which the validator keeps alive (references between them are unowned).
    var compiledObjects: (nodes: [SchemaNode], resources: [SchemaResource]) {
        (Array(nodes.values), Array(resources.values))
    }
}

extension JSONNumber {
    /// The number as short JSON text, for messages about schema values.
    var displayText: String {
        let sign = negative ? "-" : ""
        if exponent >= 0 && exponent <= 6 { return sign + significand + String(repeating: "0", count: exponent) }
        if exponent < 0 && -exponent < significand.count {
            let split = significand.index(significand.endIndex, offsetBy: exponent)
            return sign + significand[..<split] + "." + significand[split...]
        }
        if exponent < 0 && -exponent <= significand.count + 6 {
            return sign + "0." + String(repeating: "0", count: -exponent - significand.count) + significand
        }
        return jsonText
    }
}
