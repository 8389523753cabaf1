import Foundation
public import JSONSchema

/// The schema documents a message schema may refer to, each with the URI it is registered under.
///
/// The pseudonymiser needs the documents themselves (not only a ``SchemaRegistry``) because it
/// rewrites every one of them into the derived output schema.
public struct SchemaSet: Sendable {
    /// One document and the URI it was retrieved from.
    public struct Document: Sendable {
        /// The retrieval URI; the document's `$id` is resolved against it.
        public var uri: String
        /// The schema.
        public var schema: JSONValue

        /// Creates a document entry.
        public init(uri: String, schema: JSONValue) {
            self.uri = uri
            self.schema = schema
        }
    }

    /// The documents, in the order they were added.
    public private(set) var documents: [Document] = []

    /// An empty set.
    public init() {}

    /// The documents of a catalog, already read and parsed.
    public init(catalog: SchemaCatalog) {
        documents = catalog.documents
    }

    /// Adds one document.
    public mutating func add(_ schema: JSONValue, uri: String) {
        documents.append(Document(uri: uri, schema: schema))
    }

    /// Adds every `*.json` file below `path` that is a schema (an object with `$schema` or `$id`),
    /// registered under `baseURI` followed by its path relative to `path`.
    /// - Throws: ``PseudonymisationError/invalidSchema(reason:)`` when the folder or a file cannot be read.
    public mutating func addDirectory(_ path: String, baseURI: String) throws(PseudonymisationError) {
        let base = baseURI.hasSuffix("/") ? baseURI : baseURI + "/"
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw .invalidSchema(reason: "the folder \(path) cannot be listed")
        }
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var files: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "json" {
            files.append(url.standardizedFileURL.path)
        }
        for file in files.sorted() where file.hasPrefix(rootPath) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .invalidSchema(reason: "\(file) cannot be read")
            }
            guard let value = try? JSONParser.parse([UInt8](data)), case .object(let object) = value,
                object["$schema"] != nil || object["$id"] != nil
            else { continue }
            add(value, uri: base + String(file.dropFirst(rootPath.count)))
        }
    }

    /// A registry holding every document.
    func registry(transform: (Document) -> JSONValue = { $0.schema }) throws(PseudonymisationError) -> SchemaRegistry {
        var registry = SchemaRegistry()
        for document in documents {
            do {
                try registry.add(transform(document), retrievalURI: document.uri)
            } catch {
                throw .invalidSchema(reason: error.description)
            }
        }
        return registry
    }
}
