import Foundation
import JSONSchema
import Testing

/// Runs every file of the official JSON Schema Test Suite for draft 2020-12 (from
/// `<repo>/../shared/jsts`, never copied into the repository), with `optional/format/` in format
/// assertion mode.
@Suite
struct JSONSchemaTestSuiteTests {
    /// The suite cases this validator does not pass, each with the reason. Printed by
    /// ``skipListIsPrintedAndEveryEntryExists()``; keep it as short as possible.
    static let skipList: [(file: String, group: String, test: String, reason: String)] = [
    ]

    static func isSkipped(_ file: String, _ group: String, _ test: String) -> Bool {
        skipList.contains { $0.file == file && $0.group == group && $0.test == test }
    }

    @Test
    func suiteIsPresent() throws {
        #expect(
            !TestSuiteLocation.testFiles.isEmpty,
            "JSON Schema Test Suite not found at \(TestSuiteLocation.draftFolder.path)")
    }

    @Test
    func skipListIsPrintedAndEveryEntryExists() throws {
        print("JSON Schema Test Suite skip list (\(Self.skipList.count) cases):")
        for entry in Self.skipList {
            print("  SKIP \(entry.file) | \(entry.group) | \(entry.test) — \(entry.reason)")
            let document = try TestSuiteLocation.load(TestSuiteLocation.draftFolder.appendingPathComponent(entry.file))
            let exists = (document.arrayValue ?? []).contains { group in
                group["description"]?.stringValue == entry.group
                    && (group["tests"]?.arrayValue ?? []).contains { $0["description"]?.stringValue == entry.test }
            }
            #expect(exists, "skip-list entry does not match a suite case: \(entry.file) | \(entry.group) | \(entry.test)")
        }
    }

    @Test(arguments: TestSuiteLocation.testFiles)
    func suiteFilePasses(_ file: String) throws {
        let registry = try TestSuiteLocation.remotes.get()
        let document = try TestSuiteLocation.load(TestSuiteLocation.draftFolder.appendingPathComponent(file))
        var options = Validator.Options()
        options.assertFormats = file.hasPrefix("optional/format/")
        for group in try #require(document.arrayValue) {
            let groupName = group["description"]?.stringValue ?? ""
            let tests = group["tests"]?.arrayValue ?? []
            let validator: Validator
            do {
                validator = try Validator(schema: group["schema"] ?? true, registry: registry, options: options)
            } catch {
                for test in tests {
                    let testName = test["description"]?.stringValue ?? ""
                    if Self.isSkipped(file, groupName, testName) { continue }
                    Issue.record("\(file) | \(groupName) | \(testName): schema did not compile: \(error)")
                }
                continue
            }
            for test in tests {
                let testName = test["description"]?.stringValue ?? ""
                if Self.isSkipped(file, groupName, testName) { continue }
                let expected = test["valid"]?.boolValue
                let instance = test["data"] ?? nil
                let fast = validator.isValid(instance)
                let full = validator.validate(instance)
                // The same instance read from its bytes, as data arrives from the network.
                let bytes = try validator.isValid(json: instance.serializedBytes())
                #expect(fast == expected, "\(file) | \(groupName) | \(testName): isValid")
                #expect(bytes == expected, "\(file) | \(groupName) | \(testName): isValid(json:)")
                #expect(full.isValid == expected, "\(file) | \(groupName) | \(testName): validate")
                #expect(full.isValid == full.errors.isEmpty, "\(file) | \(groupName) | \(testName): errors match validity")
            }
        }
    }
}
