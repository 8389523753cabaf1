import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Testing

@Suite struct SchemaLinterTests {
    let schemas = RepositoryPaths.schemas()

    /// A writable copy of the repository's Schemas folder.
    func copyOfSchemas() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let copy = folder.appending("Schemas")
        try FileManager.default.copyItem(atPath: schemas, toPath: copy)
        return (folder, copy)
    }

    func edit(_ file: String, _ change: (inout JSONObject) -> Void) throws {
        guard case .object(var object) = try SchemaCatalog.read(file) else { Issue.record("not an object"); return }
        change(&object)
        try Data(JSONValue.object(object).serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: file))
    }

    @Test func everyRepositorySchemaAndExamplePassesLint() throws {
        let report = SchemaLinter.lint(folder: schemas)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.schemas >= 16)
        #expect(report.examples >= 100)
    }

    @Test func everyMessageSchemaHasTwoValidAndThreeInvalidExamples() throws {
        for file in SchemaCatalog.schemaFiles(in: schemas) where !file.hasSuffix("common.v1.json") {
            let name = String(file.dropFirst(schemas.count + 1).dropLast(".v1.json".count))
            let examples = (try? FileManager.default.contentsOfDirectory(atPath: "\(schemas)/examples/\(name)")) ?? []
            #expect(examples.filter { $0.hasPrefix("valid-") }.count >= 2, "\(name)")
            #expect(examples.filter { $0.hasPrefix("invalid-") }.count >= 3, "\(name)")
        }
    }

    @Test func aPropertyWithoutPrivacyAnnotationFailsClosed() throws {
        let (folder, copy) = try copyOfSchemas()
        _ = folder
        try edit("\(copy)/police/hit-query.v1.json") { schema in
            guard case .object(var properties)? = schema["properties"], let first = properties.keys.first,
                case .object(var property)? = properties[first]
            else { return }
            property["x-privacy"] = nil
            properties[first] = .object(property)
            schema["properties"] = .object(properties)
        }
        let report = SchemaLinter.lint(folder: copy)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.message.contains("no x-privacy annotation") == true)
    }

    @Test(arguments: [
        JSONValue.string("hide"), ["pseudonymise": "shoe-size"], ["generalise": "decade"], 3,
    ])
    func anUnknownPrivacyActionIsAProblem(action: JSONValue) throws {
        #expect(!SchemaLinter.isValidPrivacyAction(action))
    }

    @Test func knownPrivacyActionsAreAccepted() {
        for action: JSONValue in ["keep", "redact", "drop", "free-text", "pseudonymise", ["pseudonymise": "national-id"],
            ["generalise": "age-band"]]
        {
            #expect(SchemaLinter.isValidPrivacyAction(action))
        }
    }

    @Test func aWrongIdAnInvalidKeywordAndAMislabelledExampleAreReported() throws {
        let (folder, copy) = try copyOfSchemas()
        _ = folder
        try edit("\(copy)/receipt.v1.json") { $0["$id"] = "https://nordgate.invalid/schemas/other.json" }
        try edit("\(copy)/police/hit-answer.v1.json") { $0["minProperties"] = "three" }
        let examples = "\(copy)/examples/police/hit-query"
        let valid = try #require(try FileManager.default.contentsOfDirectory(atPath: examples).first { $0.hasPrefix("valid-") })
        try FileManager.default.moveItem(atPath: "\(examples)/\(valid)", toPath: "\(examples)/invalid-renamed.json")
        let messages = SchemaLinter.lint(folder: copy).problems.map(\.description)
        #expect(messages.contains { $0.hasPrefix("receipt.v1.json: $id must be") })
        #expect(messages.contains { $0.hasPrefix("police/hit-answer.v1.json: not a valid 2020-12 schema") })
        #expect(messages.contains { $0.contains("invalid-renamed.json: is valid but named invalid") })
    }
}
