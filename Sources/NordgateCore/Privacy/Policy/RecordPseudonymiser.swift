public import Foundation
public import JSONSchema

/// Applies a message schema's privacy policy to records: validates the record, reads the
/// `x-privacy` annotations that apply to each value, tightens them with configuration, replaces,
/// generalises, redacts and drops values, scans free text, and checks the result against the
/// derived output schema (see `docs/privacy.md`, "Privacy policy").
///
/// Build one per message schema and reuse it for every record; it is immutable and `Sendable`.
public struct RecordPseudonymiser: Sendable {
    /// The largest record accepted, in bytes.
    public static let maximumRecordBytes = 4 << 20
    /// The deepest nesting accepted in a record.
    public static let maximumDepth = 64

    /// The message type id (`police.hit-query.v1`), from the schema's `$id`.
    public let messageType: String
    let input: Validator
    let output: Validator
    /// The tokens of the schema's `x-reference-date` pointer, unescaped once.
    let referenceTokens: [String]?
    let rules: [PolicyTightening.Rule]
    let plan: PolicyPlan

    /// Compiles the policy of `schema`.
    /// - Parameters:
    ///   - schema: the message schema.
    ///   - references: the documents its `$ref`s may name (and the schema itself, if present there).
    ///   - tightening: the receiver's or purpose's configuration.
    ///   - messageType: the type id; by default derived from the schema's `$id`.
    /// - Throws: ``PseudonymisationError/invalidSchema(reason:)`` when a schema does not compile;
    ///   ``PseudonymisationError/loosening(messageType:rule:schemaAction:configuredAction:)`` when a
    ///   configured rule names a property whose schema action is stricter.
    public init(
        schema: JSONValue, references: SchemaSet = SchemaSet(), tightening: PolicyTightening = PolicyTightening(),
        messageType: String? = nil
    ) throws(PseudonymisationError) {
        let type = messageType ?? Self.messageType(of: schema)
        self.messageType = type
        rules = tightening.rules(for: type)
        var documents = references
        documents.add(schema, uri: Self.uri(of: schema))
        try Self.checkTightens(rules, documents: documents.documents, messageType: type)
        let plan = try PolicyPlan(schema: schema, uri: Self.uri(of: schema), references: references.documents)
        self.plan = plan
        let rewriter = OutputSchema.Rewriter(
            rules: rules, documents: documents.documents, unchanged: plan.keepsEverything(document:pointer:))
        do {
            input = try Validator(schema: schema, registry: try references.registry())
            output = try Validator(
                schema: rewriter.rewrite(SchemaSet.Document(uri: Self.uri(of: schema), schema: schema), isMessageSchema: true),
                registry: try references.registry { rewriter.rewrite($0) })
        } catch let error as PseudonymisationError {
            throw error
        } catch let error as SchemaError {
            throw .invalidSchema(reason: error.description)
        } catch {
            throw .invalidSchema(reason: "it does not compile")
        }
        if case .string(let pointer)? = schema["x-reference-date"] { referenceTokens = Self.tokens(of: pointer) } else {
            referenceTokens = nil
        }
    }

    /// Parses and pseudonymises a record given as bytes.
    /// - Throws: ``PseudonymisationError/malformedRecord(reason:)`` for bytes that are not JSON, too
    ///   large or too deep; otherwise as ``pseudonymise(_:key:callingCode:today:)``.
    public func pseudonymise(
        recordBytes: [UInt8], key: PseudonymKey, callingCode: String? = nil, today: Date = Date()
    ) throws(PseudonymisationError) -> PseudonymisedRecord {
        guard recordBytes.count <= Self.maximumRecordBytes else {
            throw .malformedRecord(reason: "it is larger than \(Self.maximumRecordBytes) bytes")
        }
        var options = JSONParser.Options()
        options.maxDepth = Self.maximumDepth
        options.maxBytes = Self.maximumRecordBytes
        let document: JSONDocument
        do { document = try JSONDocument(parsing: recordBytes, options: options) } catch {
            throw .malformedRecord(reason: error.description)
        }
        // Validated, and pseudonymised, in the document's flat form: no tree is built.
        try checkInput(document)
        return try pseudonymise(valid: document, key: key, callingCode: callingCode, today: today)
    }

    /// Pseudonymises one record.
    /// - Parameters:
    ///   - record: the record in clear, as the case system gives it.
    ///   - key: the pseudonym key of the receiver's domain.
    ///   - callingCode: the country calling code for phone numbers written without one.
    ///   - today: the reference date when neither the schema nor the record names one.
    /// - Returns: the record to send, and every pseudonym made with its original (for the vault).
    /// - Throws: ``PseudonymisationError``: the record fails its schema, an annotation is missing or
    ///   unusable, a configured rule would loosen the policy, or the result fails the output schema.
    public func pseudonymise(
        _ record: JSONValue, key: PseudonymKey, callingCode: String? = nil, today: Date = Date()
    ) throws(PseudonymisationError) -> PseudonymisedRecord {
        let document = JSONDocument(record)
        try checkInput(document)
        return try pseudonymise(valid: document, key: key, callingCode: callingCode, today: today)
    }

    /// Throws ``PseudonymisationError/invalidRecord(_:)`` unless `document` is valid against the message schema.
    private func checkInput(_ document: JSONDocument) throws(PseudonymisationError) {
        guard input.isValid(document) else {
            throw .invalidRecord(
                input.validate(document).errors.map {
                    .init(instanceLocation: $0.instanceLocation, keywordLocation: $0.keywordLocation)
                })
        }
    }

    /// ``pseudonymise(_:key:callingCode:today:)`` for a record already checked against the message schema.
    private func pseudonymise(
        valid document: JSONDocument, key: PseudonymKey, callingCode: String?, today: Date
    ) throws(PseudonymisationError) -> PseudonymisedRecord {
        var run = PolicyRun(
            document: document, rules: rules, messageType: messageType, key: key, callingCode: callingCode,
            reference: referenceDate(in: document, today: today))
        try run.collectTerms(plan: plan)
        // The result is built as a document, which copies unchanged parts of the input's document instead of
        // encoding them again, and is checked and written in that form.
        let builder = JSONDocumentBuilder(copyingFrom: document)
        try run.transform(into: builder, plan: plan)
        let result = builder.document
        guard output.isValid(result) else {
            throw .invalidOutput(
                output.validate(result).errors.map { .init(instanceLocation: $0.instanceLocation, keywordLocation: $0.keywordLocation) })
        }
        return PseudonymisedRecord(document: result, originals: run.originals)
    }

    /// The date age bands are computed from: the value at the schema's `x-reference-date` pointer,
    /// else the record's `reportDate` or `created`, else `today` (UTC).
    func referenceDate(in record: JSONDocument, today: Date) -> CalendarDate {
        func date(at index: Int?) -> CalendarDate? {
            guard let index, record.kind(at: index) == .string else { return nil }
            return CalendarDate(record.string(at: index))
        }
        if let referenceTokens, let date = date(at: Self.index(at: referenceTokens, in: record)) { return date }
        if record.kind(at: JSONDocument.rootIndex) == .object {
            for name in ["reportDate", "created"] {
                if let date = date(at: record.member(name, in: JSONDocument.rootIndex)) { return date }
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: today)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    // MARK: - Helpers

    /// `police/hit-query.v1.json` under the schemas base → `police.hit-query.v1`.
    static func messageType(of schema: JSONValue) -> String {
        guard case .string(let id)? = schema["$id"] else { return PseudonymDomain.defaultPurpose }
        var path = id
        if let range = id.range(of: "/schemas/") {
            path = String(id[range.upperBound...])
        } else if let slash = id.lastIndex(of: "/") {
            path = String(id[id.index(after: slash)...])
        }
        if path.hasSuffix(".json") { path.removeLast(5) }
        return path.replacingOccurrences(of: "/", with: ".")
    }

    private static func uri(of schema: JSONValue) -> String {
        if case .string(let id)? = schema["$id"] { return id }
        return "urn:nordgate:message-schema"
    }

    /// The value that a JSON Pointer names in `value` (a schema, for the policy plan).
    static func value(at pointer: String, in value: JSONValue) -> JSONValue? {
        tokens(of: pointer).flatMap { Self.value(at: $0, in: value) }
    }

    /// The unescaped tokens of a JSON Pointer (`[]` for the whole document), or `nil` when it is not one.
    static func tokens(of pointer: String) -> [String]? {
        guard pointer.hasPrefix("/") else { return pointer.isEmpty ? [] : nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { raw in
            raw.contains("~")
                ? raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String(raw)
        }
    }

    /// The value that pointer tokens name in `value`.
    static func value(at tokens: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The document index of the value that pointer tokens name in `document`.
    static func index(at tokens: [String], in document: JSONDocument) -> Int? {
        var current = JSONDocument.rootIndex
        for token in tokens {
            switch document.kind(at: current) {
            case .object:
                guard let next = document.member(token, in: current) else { return nil }
                current = next
            case .array:
                guard let position = Int(token), position >= 0, position < document.count(at: current) else { return nil }
                current = document.firstChild(of: current)
                for _ in 0..<position { current = document.index(after: current) }
            default:
                return nil
            }
        }
        return current
    }

    /// Refuses rules that name a property whose annotation anywhere in the schemas is stricter.
    private static func checkTightens(
        _ rules: [PolicyTightening.Rule], documents: [SchemaSet.Document], messageType: String
    ) throws(PseudonymisationError) {
        guard !rules.isEmpty else { return }
        let properties = reachableFromLast(documents).flatMap {
            SchemaWalker.properties(of: $0.schema)
        }
        for rule in rules where rule.tokens == nil {
            let name = rule.key
            for property in properties where property.name == name {
                guard let annotation = property.annotation, let action = PrivacyAction(annotation: annotation) else {
                    continue
                }
                if !action.allowsTightening(to: rule.action) {
                    throw .loosening(
                        messageType: messageType, rule: rule.key, schemaAction: action.description,
                        configuredAction: rule.action.description)
                }
            }
        }
    }

    /// The documents reachable through `$ref`s from the last one (the message schema), itself included.
    private static func reachableFromLast(_ documents: [SchemaSet.Document]) -> [SchemaSet.Document] {
        func identifier(_ document: SchemaSet.Document) -> String {
            if case .string(let id)? = document.schema["$id"] {
                return URL(string: id, relativeTo: URL(string: document.uri))?.absoluteString ?? id
            }
            return document.uri
        }
        var byURI: [String: Int] = [:]
        for (index, document) in documents.enumerated() {
            byURI[document.uri] = index
            byURI[identifier(document)] = index
        }
        var seen: Set<Int> = []
        var queue = [documents.count - 1]
        while let index = queue.popLast() {
            guard seen.insert(index).inserted else { continue }
            let base = URL(string: identifier(documents[index]))
            for reference in references(in: documents[index].schema) {
                let target = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                guard !target.isEmpty, let url = URL(string: String(target), relativeTo: base),
                    let found = byURI[url.absoluteString]
                else { continue }
                queue.append(found)
            }
        }
        return seen.sorted().map { documents[$0] }
    }

    private static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            var found: [String] = []
            for (key, member) in object {
                if key == "$ref", case .string(let reference) = member { found.append(reference) }
                found += references(in: member)
            }
            return found
        case .array(let elements):
            return elements.flatMap(references(in:))
        default:
            return []
        }
    }
}

/// A pseudonymised record and what the vault needs to resolve its pseudonyms.
public struct PseudonymisedRecord: Sendable {
    /// The record to send, as a document: write it with ``JSONDocument/canonicalBytes()`` or
    /// ``JSONDocument/serializedBytes(pretty:)`` without building its tree.
    public let document: JSONDocument
    /// Each pseudonym made, with the original value it replaced (the first, where several spellings
    /// gave one pseudonym). Stays on this node: it goes to the vault and nowhere else.
    public var originals: [String: String]

    /// The record to send, as a tree (built on each call).
    public var record: JSONValue { document.value }
}
