import Foundation
import JSONSchema
import Testing

/// Round-trips every schema and instance of the official JSON Schema Test Suite (draft 2020-12).
///
/// The suite is not copied into this repository: it is read from `<repo>/../shared/jsts`, the
/// folder that sits beside the repository checkout both locally and in CI.
struct JSONTestSuiteRoundTripTests {
    private static func suiteFiles() throws -> [URL] {
        let thisFile = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let repository = thisFile.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let tests = repository.deletingLastPathComponent()
            .appendingPathComponent("shared/jsts/tests/draft2020-12", isDirectory: true)
        let enumerator = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        return files.sorted { $0.path < $1.path }
    }

    /// Every schema and instance in one suite file.
    private static func values(in file: URL) throws -> [JSONValue] {
        let groups = try #require(try JSONParser.parse(Array(Data(contentsOf: file))).arrayValue)
        var values: [JSONValue] = []
        for group in groups {
            values.append(try #require(group["schema"]))
            for test in try #require(group["tests"]?.arrayValue) {
                values.append(try #require(test["data"]))
            }
        }
        return values
    }

    @Test func everySuiteInstanceRoundTripsThroughTheSerializer() throws {
        let files = try Self.suiteFiles()
        #expect(files.count >= 40)
        var checked = 0
        for file in files {
            for value in try Self.values(in: file) {
                for pretty in [false, true] {
                    let text = value.serialized(pretty: pretty)
                    let reparsed = try JSONParser.parse(text)
                    #expect(reparsed == value, "\(file.lastPathComponent)")
                    #expect(reparsed.serialized(pretty: pretty) == text, "\(file.lastPathComponent)")
                }
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test func everySuiteInstanceHasAStableCanonicalFormOrAClearRefusal() throws {
        var canonicalized = 0
        var refused = 0
        for file in try Self.suiteFiles() {
            for value in try Self.values(in: file) {
                let canonical: [UInt8]
                do {
                    canonical = try value.canonicalBytes()
                } catch {
                    // Only numbers that a double cannot carry, such as the suite's bignum cases.
                    refused += 1
                    continue
                }
                let reparsed = try JSONParser.parse(canonical)
                #expect(reparsed == value, "\(file.lastPathComponent)")
                #expect(try reparsed.canonicalBytes() == canonical, "\(file.lastPathComponent)")
                canonicalized += 1
            }
        }
        #expect(canonicalized > 1000)
        #expect(refused < 20)
    }
}
