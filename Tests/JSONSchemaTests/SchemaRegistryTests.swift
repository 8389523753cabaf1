import Foundation
import JSONSchema
import Testing

@Suite
struct SchemaRegistryTests {
    /// Writes files into a fresh temporary folder and returns its path.
    private func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("schema-registry-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.path
    }

    @Test
    func referencesResolveAcrossADirectoryByPathAndById() throws {
        let path = try folder([
            "common/address.json": #"{"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}"#,
            "common/person.json": #"""
                {"$id": "https://schemas.example.test/person.v1.json", "type": "object",
                 "properties": {"address": {"$ref": "address.json"}, "name": {"type": "string"}}}
                """#,
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var registry = SchemaRegistry()
        try registry.addDirectory(path, baseURI: "https://local.test/schemas")
        // person.json's own $id is its base, so its relative "address.json" names a schema nobody registered.
        #expect(throws: SchemaError.self) {
            try validator(#"{"$ref": "https://local.test/schemas/common/person.json"}"#, registry: registry)
        }
        let byPathAddress = try validator(
            #"{"$ref": "https://local.test/schemas/common/address.json"}"#, registry: registry)
        #expect(byPathAddress.accepts(#"{"city": "Oslo"}"#))
        #expect(!byPathAddress.accepts(#"{}"#))
    }

    @Test
    func relativeReferencesInsideADirectoryUseTheRetrievalURI() throws {
        let path = try folder([
            "a.json": #"{"properties": {"b": {"$ref": "sub/b.json"}}}"#,
            "sub/b.json": #"{"type": "integer", "$defs": {"x": {"$ref": "../a.json"}}}"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var registry = SchemaRegistry()
        try registry.addDirectory(path, baseURI: "http://localhost:9999/")
        let v = try validator(#"{"$ref": "http://localhost:9999/a.json"}"#, registry: registry)
        #expect(v.accepts(#"{"b": 1}"#))
        #expect(!v.accepts(#"{"b": "x"}"#))
        let error = try #require(v.validate(json(#"{"b": "x"}"#)).errors.first)
        #expect(error.absoluteKeywordLocation == "http://localhost:9999/sub/b.json#/type")
    }

    @Test
    func unresolvableReferencesNameTheURI() throws {
        #expect {
            try validator(#"{"$id": "https://example.test/s", "$ref": "missing.json"}"#)
        } throws: { error in
            guard case .unresolvableReference(let uri, _)? = error as? SchemaError else { return false }
            return uri == "https://example.test/missing.json" && "\(error)".contains(uri)
        }
    }

    @Test
    func conflictingIdentifiersAreRejected() throws {
        var registry = SchemaRegistry()
        try registry.add(json(#"{"$id": "https://example.test/x", "type": "string"}"#))
        try registry.add(json(#"{"$id": "https://example.test/x", "type": "string"}"#))
        #expect(throws: SchemaError.duplicateIdentifier(uri: "https://example.test/x")) {
            try registry.add(json(#"{"$id": "https://example.test/x", "type": "integer"}"#))
        }
    }

    @Test
    func unreadableFilesAreReported() throws {
        let path = try folder(["bad.json": "{not json"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var registry = SchemaRegistry()
        #expect(throws: SchemaError.self) { try registry.addDirectory(path, baseURI: "http://x.test/") }
    }
}
