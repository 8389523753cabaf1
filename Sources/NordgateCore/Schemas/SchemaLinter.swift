import Foundation
public import JSONSchema

/// Checks a `Schemas/` folder: every schema is valid draft 2020-12, carries `$id`, `title` and
/// `description`, compiles with its references resolved, and annotates every property with a
/// valid `x-privacy` action (fail closed); every example under `examples/` validates or fails
/// as its file name (`valid-…` / `invalid-…`) says.
public struct SchemaLinter {
    /// One thing wrong, with the file it is in.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    /// What a lint run found.
    public struct Report: Sendable {
        public var schemas = 0
        public var examples = 0
        public var problems: [Problem] = []
    }

    /// The `x-privacy` values a schema may use (see `docs/schemas.md`).
    public static let privacyCategories: Set<String> = [
        "person-name", "national-id", "phone", "email", "case-ref", "address", "other",
    ]

    /// Lints the folder.
    public static func lint(folder: String) -> Report {
        var report = Report()
        let catalog: SchemaCatalog
        do { catalog = try SchemaCatalog(folder: folder) } catch {
            report.problems.append(Problem(file: folder, message: error.description))
            return report
        }
        let metaSchema: Validator
        do {
            metaSchema = try Validator(
                schema: ["$ref": "https://json-schema.org/draft/2020-12/schema"], registry: catalog.registry)
        } catch {
            report.problems.append(Problem(file: folder, message: "the 2020-12 meta-schema is not available"))
            return report
        }
        for file in SchemaCatalog.schemaFiles(in: folder) {
            report.schemas += 1
            let relative = SchemaCatalog.relativePath(of: file, in: folder)
            func problem(_ message: String) { report.problems.append(Problem(file: relative, message: message)) }
            guard let schema = try? SchemaCatalog.read(file) else { continue }
            for error in metaSchema.validate(schema).errors {
                problem("not a valid 2020-12 schema at \(error.instanceLocation): \(error.error)")
            }
            if schema["$schema"] != .string("https://json-schema.org/draft/2020-12/schema") {
                problem("$schema must be https://json-schema.org/draft/2020-12/schema")
            }
            if schema["$id"] != .string(SchemaCatalog.baseURI + relative) {
                problem("$id must be \(SchemaCatalog.baseURI + relative)")
            }
            for member in ["title", "description"] where schema[member]?.stringValue?.isEmpty ?? true {
                problem("\(member) is missing")
            }
            let validator: Validator
            do { validator = try catalog.validator(forFile: file) } catch {
                problem(error.description)
                continue
            }
            for property in SchemaWalker.properties(of: schema) {
                guard let annotation = property.annotation else {
                    problem("property at \(property.pointer) has no x-privacy annotation")
                    continue
                }
                if !isValidPrivacyAction(annotation) {
                    problem("property at \(property.pointer) has an x-privacy value that is not an action")
                }
            }
            lintExamples(of: relative, in: folder, with: validator, into: &report)
        }
        return report
    }

    /// Whether `value` is one of the `x-privacy` actions.
    public static func isValidPrivacyAction(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let action):
            return ["keep", "redact", "drop", "free-text", "pseudonymise"].contains(action)
        case .object(let object) where object.count == 1:
            if let category = object["pseudonymise"]?.stringValue { return privacyCategories.contains(category) }
            if let level = object["generalise"]?.stringValue { return ["year", "year-month", "age-band"].contains(level) }
            return false
        default:
            return false
        }
    }

    private static func lintExamples(
        of relative: String, in folder: String, with validator: Validator, into report: inout Report
    ) {
        let name = relative.replacingOccurrences(of: ".v1.json", with: "").replacingOccurrences(of: ".json", with: "")
        let examples = ((folder as NSString).appendingPathComponent("examples") as NSString).appendingPathComponent(name)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: examples)) ?? []).filter { $0.hasSuffix(".json") }
        for file in files.sorted() {
            let path = "examples/\(name)/\(file)"
            report.examples += 1
            let expectValid: Bool
            if file.hasPrefix("valid-") { expectValid = true } else if file.hasPrefix("invalid-") { expectValid = false } else {
                report.problems.append(Problem(file: path, message: "name must start with valid- or invalid-"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: (examples as NSString).appendingPathComponent(file)),
                let instance = try? JSONParser.parse([UInt8](data))
            else {
                report.problems.append(Problem(file: path, message: "not strict JSON"))
                continue
            }
            if validator.isValid(instance) != expectValid {
                report.problems.append(
                    Problem(file: path, message: expectValid ? "is invalid but named valid" : "is valid but named invalid"))
            }
        }
    }
}
