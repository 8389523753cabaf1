import Foundation

/// Schema documents known by URI, so that `$ref` can cross documents.
///
/// A new registry already holds the draft 2020-12 meta-schema and its vocabulary
/// meta-schemas. Adding a schema indexes the `$id`, `$anchor` and `$dynamicAnchor` of all
/// its subschemas.
public struct SchemaRegistry: Sendable {
    /// A schema found at a URI, with the resource it belongs to and its pointer inside it.
    struct Entry: Sendable, Equatable {
        var value: JSONValue
        var resource: String
        var pointer: String
    }

    /// Documents and embedded resources by absolute URI without fragment.
    private(set) var resources: [String: Entry] = [:]
    /// Plain-name fragments by `resource#name` (both `$anchor` and `$dynamicAnchor`).
    private(set) var anchors: [String: Entry] = [:]
    /// `$dynamicAnchor` names by resource URI.
    private(set) var dynamicAnchors: [String: [String: Entry]] = [:]

    /// A registry holding the draft 2020-12 meta-schemas.
    public init() {
        self = MetaSchemas.registry
    }

    /// A registry holding nothing.
    init(empty: Void) {}

    /// Adds a schema document and indexes its identifiers.
    /// - Parameters:
    ///   - schema: the schema document (an object or a Boolean).
    ///   - retrievalURI: the URI the document was retrieved from; its `$id`, if any, is resolved
    ///     against it. Without one, the document must have an absolute `$id` to be reachable.
    /// - Throws: ``SchemaError/duplicateIdentifier(uri:)`` when an identifier already names a different
    ///   schema, or ``SchemaError/invalidKeywordValue(keywordLocation:expected:)`` when the root `$id`
    ///   has a fragment.
    public mutating func add(_ schema: JSONValue, retrievalURI: String? = nil) throws(SchemaError) {
        try add(schema, retrievalURI: retrievalURI, replacing: false)
    }

    /// Adds every `*.json` file below a folder.
    ///
    /// Each file is registered under `baseURI` followed by its path relative to `path`
    /// (as the JSON Schema Test Suite maps its `remotes` folder), and under its own `$id`.
    /// - Parameters:
    ///   - path: the folder to read.
    ///   - baseURI: the URI the folder is mapped to; a trailing `/` is added when missing.
    /// - Throws: ``SchemaError/unreadableFile(path:reason:)`` when a file cannot be read or parsed,
    ///   or any error of ``add(_:retrievalURI:)``.
    public mutating func addDirectory(_ path: String, baseURI: String) throws(SchemaError) {
        let base = baseURI.hasSuffix("/") ? baseURI : baseURI + "/"
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw .unreadableFile(path: path, reason: "folder cannot be listed")
        }
        var files: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "json" { files.append(url) }
        files.sort { $0.path < $1.path }
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for file in files {
            let fullPath = file.standardizedFileURL.path
            guard fullPath.hasPrefix(rootPath) else { continue }
            let relative = String(fullPath.dropFirst(rootPath.count))
            guard let data = FileManager.default.contents(atPath: fullPath) else {
                throw .unreadableFile(path: fullPath, reason: "file cannot be opened")
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse([UInt8](data))
            } catch {
                throw .unreadableFile(path: fullPath, reason: "not valid JSON")
            }
            try add(value, retrievalURI: base + relative)
        }
    }

    mutating func add(_ schema: JSONValue, retrievalURI: String?, replacing: Bool) throws(SchemaError) {
        let retrieval = retrievalURI.map { URIReference.splitFragment($0).base } ?? ""
        var resource = retrieval
        if case .object(let object) = schema, case .string(let id)? = object["$id"] {
            resource = try Self.resolveIdentifier(id, against: retrieval, location: "")
        }
        if !retrieval.isEmpty && retrieval != resource {
            try insertResource(retrieval, Entry(value: schema, resource: resource, pointer: ""), replacing: replacing)
        }
        try index(schema, resource: resource, pointer: "", isDocumentRoot: true, replacing: replacing)
    }

    /// Resolves an `$id` and checks it has no fragment other than an empty one.
    static func resolveIdentifier(_ id: String, against base: String, location: String) throws(SchemaError)
        -> String
    {
        let resolved = URIReference.resolve(id, against: base)
        let (withoutFragment, fragment) = URIReference.splitFragment(resolved)
        guard fragment.isEmpty else {
            throw .invalidKeywordValue(keywordLocation: location + "/$id", expected: "a URI without fragment")
        }
        return withoutFragment
    }

    private mutating func insertResource(_ uri: String, _ entry: Entry, replacing: Bool) throws(SchemaError) {
        if !replacing, let existing = resources[uri], existing.value != entry.value {
            throw .duplicateIdentifier(uri: uri)
        }
        resources[uri] = entry
    }

    private mutating func index(
        _ schema: JSONValue, resource: String, pointer: String, isDocumentRoot: Bool, replacing: Bool
    ) throws(SchemaError) {
        guard case .object(let object) = schema else {
            if isDocumentRoot {
                try insertResource(resource, Entry(value: schema, resource: resource, pointer: ""), replacing: replacing)
            }
            return
        }
        var resource = resource
        var pointer = pointer
        // A malformed `$id` or anchor is skipped here; the compiler reports it if the subschema is used.
        if case .string(let id)? = object["$id"],
            let identified = isDocumentRoot ? resource : try? Self.resolveIdentifier(id, against: resource, location: pointer)
        {
            resource = identified
            pointer = ""
            try insertResource(resource, Entry(value: schema, resource: resource, pointer: ""), replacing: replacing)
        } else if isDocumentRoot {
            try insertResource(resource, Entry(value: schema, resource: resource, pointer: ""), replacing: replacing)
        }
        let entry = Entry(value: schema, resource: resource, pointer: pointer)
        for keyword in ["$anchor", "$dynamicAnchor"] {
            guard case .string(let name)? = object[keyword], Self.isValidAnchor(name) else { continue }
            anchors[resource + "#" + name] = entry
            if keyword == "$dynamicAnchor" { dynamicAnchors[resource, default: [:]][name] = entry }
        }
        let currentResource = resource
        let currentPointer = pointer
        try SchemaKeywords.forEachSubschema(of: object) { (subschema, tokens) throws(SchemaError) in
            let childPointer = currentPointer + tokens.map { "/" + JSONPointer.escape($0) }.joined()
            try index(
                subschema, resource: currentResource, pointer: childPointer, isDocumentRoot: false,
                replacing: replacing)
        }
    }

    /// Whether `name` is a valid `$anchor`: `^[A-Za-z_][-A-Za-z0-9._]*$`.
    static func isValidAnchor(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        guard isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return name.utf8.dropFirst().allSatisfy { byte in
            isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        }
    }

    /// The schema a URI names: a resource, a JSON Pointer fragment inside one, or an anchor.
    func lookup(_ uri: String) -> Entry? {
        let (base, rawFragment) = URIReference.splitFragment(uri)
        if rawFragment.isEmpty { return resources[base] }
        guard let fragment = JSONPointer.percentDecoded(rawFragment) else { return nil }
        if !fragment.hasPrefix("/") { return anchors[base + "#" + fragment] }
        guard let start = resources[base], let tokens = JSONPointer.tokens(fragment) else { return nil }
        return Self.follow(tokens, from: start)
    }

    /// Follows pointer tokens from `start`, switching resource where a subschema has an `$id`.
    private static func follow(_ tokens: [String], from start: Entry) -> Entry? {
        enum Position { case schema, schemaArray, schemaMap, data }
        var value = start.value
        var resource = start.resource
        var pointer = start.pointer
        var position = Position.schema
        for token in tokens {
            let next: JSONValue?
            switch value {
            case .object(let object): next = object[token]
            case .array(let array):
                guard let index = Int(token), index >= 0, index < array.count,
                    token == String(index)
                else { return nil }
                next = array[index]
            default: return nil
            }
            guard let next else { return nil }
            switch position {
            case .schema:
                if SchemaKeywords.single.contains(token) {
                    position = .schema
                } else if SchemaKeywords.array.contains(token) {
                    position = .schemaArray
                } else if SchemaKeywords.object.contains(token) {
                    position = .schemaMap
                } else {
                    position = .data
                }
            case .schemaArray, .schemaMap: position = .schema
            case .data: position = .data
            }
            value = next
            if position == .schema, case .object(let object) = next, case .string(let id)? = object["$id"],
                let resolved = try? resolveIdentifier(id, against: resource, location: pointer)
            {
                resource = resolved
                pointer = ""
            } else {
                pointer += "/" + JSONPointer.escape(token)
            }
        }
        return Entry(value: value, resource: resource, pointer: pointer)
    }
}
