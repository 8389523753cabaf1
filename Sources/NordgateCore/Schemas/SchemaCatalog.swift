import Foundation
public import JSONSchema

/// The message schemas of a `Schemas/` folder, registered by `$id` so that they can refer to
/// each other, and compiled on demand.
public struct SchemaCatalog: Sendable {
    /// The URI the `Schemas/` folder is published under; each file's `$id` is this plus its path.
    public static let baseURI = "https://nordgate.invalid/schemas/"

    /// The folder the schemas were read from.
    public let folder: String
    /// Every schema in the folder (examples excluded), plus the draft 2020-12 meta-schemas.
    public let registry: SchemaRegistry
    /// The schema documents read from the folder, each with the URI it is registered under.
    public let documents: [SchemaSet.Document]

    /// Reads every `*.json` below `folder` except the `examples/` subfolder.
    /// - Throws: ``SchemaError`` when a file cannot be read, parsed or registered.
    public init(folder: String) throws(SchemaError) {
        self.folder = folder
        var registry = SchemaRegistry()
        var documents: [SchemaSet.Document] = []
        for file in Self.schemaFiles(in: folder) {
            let document = SchemaSet.Document(
                uri: Self.baseURI + Self.relativePath(of: file, in: folder), schema: try Self.read(file))
            try registry.add(document.schema, retrievalURI: document.uri)
            documents.append(document)
        }
        self.registry = registry
        self.documents = documents
    }

    /// The schema files below `folder` (examples excluded), sorted.
    public static func schemaFiles(in folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        let names = (FileManager.default.subpaths(atPath: root) ?? []).filter {
            $0.hasSuffix(".json") && !$0.hasPrefix("examples/")
        }
        return names.sorted().map { (root as NSString).appendingPathComponent($0) }
    }

    /// The `Schemas` folder that holds `path`, found by walking up from it, if any.
    public static func enclosingFolder(of path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        while url.path != "/" {
            if url.lastPathComponent == "Schemas" { return url.path }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// A validator for the schema in `file` (which may live outside the folder).
    public func validator(forFile file: String, options: Validator.Options = .init()) throws(SchemaError) -> Validator {
        try Validator(schema: try Self.read(file), registry: registry, options: options)
    }

    /// Parses a schema file strictly.
    public static func read(_ file: String) throws(SchemaError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .unreadableFile(path: file, reason: "cannot open it")
        }
        do { return try JSONParser.parse([UInt8](data)) } catch {
            throw .unreadableFile(path: file, reason: error.description)
        }
    }

    static func relativePath(of file: String, in folder: String) -> String {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path + "/"
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : (path as NSString).lastPathComponent
    }
}
