import Foundation
import JSONSchema

/// Finds the JSON Schema Test Suite beside the repository (`<repo>/../shared/jsts`) and loads its
/// files and remotes.
enum TestSuiteLocation {
    /// The repository root, found from this file's path with symbolic links resolved.
    static var repositoryRoot: URL {
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `<repo>/../shared/jsts`, or the folder named by the `JSON_SCHEMA_TEST_SUITE` environment variable.
    static var suiteRoot: URL {
        if let override = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/jsts", isDirectory: true)
            .standardizedFileURL
    }

    /// `tests/draft2020-12` inside the suite.
    static var draftFolder: URL { suiteRoot.appendingPathComponent("tests/draft2020-12", isDirectory: true) }

    /// Every test file, as a path relative to the draft folder (`optional/format/date.json`), sorted.
    static let testFiles: [String] = {
        let root = draftFolder.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".json") { files.append(path) }
        }
        return files.sorted()
    }()

    /// A registry holding the suite's `remotes` folder mapped to `http://localhost:1234/`.
    static let remotes: Result<SchemaRegistry, SchemaError> = {
        var registry = SchemaRegistry()
        do throws(SchemaError) {
            try registry.addDirectory(
                suiteRoot.appendingPathComponent("remotes").path, baseURI: "http://localhost:1234/")
            return .success(registry)
        } catch {
            return .failure(error)
        }
    }()

    /// Parses a JSON file with the project's parser.
    static func load(_ url: URL) throws -> JSONValue {
        let data = try Data(contentsOf: url)
        return try JSONParser.parse([UInt8](data))
    }
}
