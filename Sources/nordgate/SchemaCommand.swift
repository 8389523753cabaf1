import ArgumentParser
import Foundation
import JSONSchema
import NordgateCore

/// `nordgate schema …`: validate records and check the message schemas.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Validate JSON records against a JSON Schema (draft 2020-12) and lint the message schemas.",
        subcommands: [Validate.self, Lint.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate instances against a schema.",
            discussion: """
                Exit status: 0 when every instance is valid, 1 when any is invalid, 2 when the
                schema is unusable, an instance is unreadable or not JSON, or the arguments are wrong.
                Error messages name locations only, never instance values.
                """)

        @Option(help: "The schema file.") var schema: String
        @Option(help: "text or json (one JSON object per instance and line).") var format: OutputFormat = .text
        @Flag(help: "Check `format` keywords as assertions, not only annotations.") var assertFormat = false
        @Option(help: "A folder of further schemas that $ref may name (with --ref-base).") var refDir: String?
        @Option(help: "The URI --ref-dir is mapped to, e.g. https://example.org/schemas/.") var refBase: String?
        @Argument(help: "The instance files.") var instances: [String]

        func validate() throws {
            guard (refDir == nil) == (refBase == nil) else {
                throw ValidationError("--ref-dir and --ref-base go together: give both or neither.")
            }
            guard !instances.isEmpty else { throw ValidationError("Name at least one instance file.") }
        }

        func run() throws {
            let validator = try makeValidator()
            var worst: Int32 = 0
            for path in instances {
                let instance: JSONValue
                do { instance = try JSONParser.parse(try readInput(path, limit: 64 << 20)) } catch {
                    printError("\(path): \(error is JSONParseError ? "not JSON: \(error)" : "\(error)")")
                    worst = 2
                    continue
                }
                let result = validator.validate(instance)
                if !result.isValid { worst = max(worst, 1) }
                switch format {
                case .json:
                    var line = JSONObject()
                    line["instance"] = .string(path)
                    line["valid"] = .bool(result.isValid)
                    line["errors"] = result.outputUnit()["errors"] ?? .array([])
                    print(JSONValue.object(line).serialized())
                case .text:
                    print("\(path): \(result.isValid ? "valid" : "invalid")")
                    for error in result.errors {
                        print("  \(error.instanceLocation.isEmpty ? "/" : error.instanceLocation): \(error.error) "
                            + "(\(error.keywordLocation))")
                    }
                }
            }
            if worst != 0 { throw ExitCode(worst) }
        }

        private func makeValidator() throws -> Validator {
            do {
                var registry = SchemaRegistry()
                if let folder = SchemaCatalog.enclosingFolder(of: schema) {
                    registry = try SchemaCatalog(folder: folder).registry
                }
                if let refDir, let refBase { try registry.addDirectory(refDir, baseURI: refBase) }
                var options = Validator.Options()
                options.assertFormats = assertFormat
                return try Validator(schema: try SchemaCatalog.read(schema), registry: registry, options: options)
            } catch {
                printError("the schema is unusable: \(error)")
                throw ExitCode(2)
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every schema in a folder and its examples.",
            discussion: """
                Every schema must be valid draft 2020-12 with $id, title and description, compile with
                its references resolved, and give every property a valid x-privacy action (fail
                closed). Every example under examples/ must validate or fail as its name says.
                """)

        @Argument(help: "The schemas folder.") var folder: String = "Schemas"

        func run() throws {
            guard FileManager.default.fileExists(atPath: folder) else {
                throw ValidationError("No folder \(folder); name the schemas folder.")
            }
            let report = SchemaLinter.lint(folder: folder)
            for problem in report.problems { print(problem) }
            print("\(report.schemas) schemas, \(report.examples) examples, \(report.problems.count) problems")
            if !report.problems.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Prints one line on standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
