import Foundation
import JSONSchema
import NordgateTestSupport
import Testing

/// `nordgate schema validate` and `lint`, run as other tools run them.
@Suite struct SchemaCommandTests {
    let cli: CommandRunner
    let folder: TemporaryFolder
    let schemas = RepositoryPaths.schemas()

    init() throws {
        cli = try CommandRunner()
        folder = try TemporaryFolder()
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appending(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    var hitQuery: String { "\(schemas)/police/hit-query.v1.json" }
    func example(_ name: String) -> String { "\(schemas)/examples/police/hit-query/\(name)" }

    @Test func jsonOutputIsOneObjectPerInstanceInOrderAndTheExitCodeSaysIfAnyIsInvalid() throws {
        let valid = example("valid-three-pseudonyms.json")
        let invalid = example("invalid-missing-domain.json")
        let result = try cli.run(["schema", "validate", "--schema", hitQuery, "--format", "json", valid, invalid, valid])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.count == 3)
        #expect(lines.map { $0?["instance"]?.stringValue } == [valid, invalid, valid])
        #expect(lines.map { $0?["valid"]?.boolValue } == [true, false, true])
        #expect(lines[0]?["errors"] == .array([]))
        let error = try #require(lines[1]?["errors"]?.arrayValue?.first)
        for member in ["instanceLocation", "keywordLocation", "absoluteKeywordLocation", "error"] {
            #expect(error[member]?.stringValue != nil, "\(member)")
        }
        #expect(result.stdout.hasPrefix("{\"instance\":"))

        let allValid = try cli.run(["schema", "validate", "--schema", hitQuery, valid])
        #expect(allValid.status == 0)
        #expect(allValid.stdout == "\(valid): valid\n")
    }

    @Test func errorsNameLocationsButNeverInstanceValues() throws {
        let schema = try write("s.json", #"{"type":"object","properties":{"name":{"type":"string","maxLength":3}}}"#)
        let instance = try write("i.json", #"{"name": "Testperson Syntetisk"}"#)
        let result = try cli.run(["schema", "validate", "--schema", schema, "--format", "json", instance])
        #expect(result.status == 1)
        #expect(result.stdout.contains("/name"))
        #expect(!result.stdout.contains("Testperson"))
        #expect(!result.stderr.contains("Testperson"))
    }

    @Test func formatsAreAssertedOnlyWhenAsked() throws {
        let schema = try write("f.json", #"{"format": "date"}"#)
        let instance = try write("d.json", #""2026-02-30""#)
        #expect(try cli.run(["schema", "validate", "--schema", schema, instance]).status == 0)
        #expect(try cli.run(["schema", "validate", "--schema", schema, "--assert-format", instance]).status == 1)
    }

    @Test func referencesResolveFromAMappedFolder() throws {
        try FileManager.default.createDirectory(atPath: folder.appending("refs"), withIntermediateDirectories: true)
        _ = try write("refs/code.json", #"{"type": "string", "pattern": "^[A-Z]{3}$"}"#)
        let schema = try write("r.json", #"{"$ref": "https://example.org/schemas/code.json"}"#)
        let good = try write("good.json", #""ABC""#)
        let bad = try write("bad.json", #""abc""#)
        let mapping = ["--ref-dir", folder.appending("refs"), "--ref-base", "https://example.org/schemas/"]
        #expect(try cli.run(["schema", "validate", "--schema", schema] + mapping + [good]).status == 0)
        #expect(try cli.run(["schema", "validate", "--schema", schema] + mapping + [bad]).status == 1)
        let unresolved = try cli.run(["schema", "validate", "--schema", schema, good])
        #expect(unresolved.status == 2)
        #expect(unresolved.stderr.contains("does not resolve"))
    }

    @Test func unusableSchemasUnreadableInstancesAndWrongArgumentsExitTwo() throws {
        let valid = example("valid-three-pseudonyms.json")
        let notJSON = try write("n.json", "{\"a\": 1,}")
        let duplicate = try write("dup.json", #"{"a": 1, "a": 2}"#)
        let badSchema = try write("bad-schema.json", #"{"type": 12}"#)
        let cases: [[String]] = [
            ["schema", "validate", "--schema", hitQuery, valid, notJSON],
            ["schema", "validate", "--schema", hitQuery, duplicate],
            ["schema", "validate", "--schema", hitQuery, folder.appending("missing.json")],
            ["schema", "validate", "--schema", badSchema, valid],
            ["schema", "validate", "--schema", folder.appending("missing-schema.json"), valid],
            ["schema", "validate", "--schema", hitQuery],
            ["schema", "validate", hitQuery],
            ["schema", "validate", "--schema", hitQuery, "--format", "xml", valid],
            ["schema", "validate", "--schema", hitQuery, "--ref-dir", folder.path, valid],
        ]
        for arguments in cases {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(arguments)")
        }
    }

    @Test func lintPassesOnTheRepositorySchemasAndFailsOnABrokenCopy() throws {
        let ok = try cli.run(["schema", "lint", schemas])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains(" 0 problems"))
        try FileManager.default.copyItem(atPath: schemas, toPath: folder.appending("Schemas"))
        _ = try write("Schemas/examples/police/hit-query/valid-broken.json", "{}")
        let broken = try cli.run(["schema", "lint", folder.appending("Schemas")])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("valid-broken.json: is invalid but named valid"))
        #expect(try cli.run(["schema", "lint", folder.appending("nowhere")]).status == 2)
    }
}
