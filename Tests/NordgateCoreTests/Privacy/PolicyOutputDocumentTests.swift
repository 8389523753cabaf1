import Foundation
import JSONSchema
import Testing

@testable import NordgateCore

/// The pseudonymiser reads the record as a document and builds its result as one (copying the input's unchanged
/// parts); a record given as bytes (strings in the parsed text) and the same record given as a tree (strings copied
/// into the document) must give the same result, and the result's text must be its tree's.
struct PolicyOutputDocumentTests {
    typealias Support = PrivacyTestSupport

    /// Every message schema with its valid examples.
    static let cases: [(schema: String, example: String)] = {
        var found: [(String, String)] = []
        for area in ["central-authority", "police"] {
            let folder = (Support.schemasFolder as NSString).appendingPathComponent(area)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? [] {
                let name = file.replacingOccurrences(of: ".v1.json", with: "")
                let examples = (Support.schemasFolder as NSString).appendingPathComponent("examples/\(area)/\(name)")
                for example in (try? FileManager.default.contentsOfDirectory(atPath: examples))?.sorted() ?? []
                where example.hasPrefix("valid-") {
                    found.append(("\(area)/\(file)", "examples/\(area)/\(name)/\(example)"))
                }
            }
        }
        return found
    }()

    @Test func everyMessageTypeHasExamples() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases.map { "\($0.schema) \($0.example)" })
    func bytesAndTreeGiveTheSameRecordAndItsTextIsItsTrees(pair: String) throws {
        let parts = pair.split(separator: " ").map(String.init)
        let pseudonymiser = try Support.pseudonymiser(parts[0])
        let record = try Support.json(parts[1])
        let today = Date(timeIntervalSince1970: 1_790_000_000)
        let fromTree = try pseudonymiser.pseudonymise(record, key: Support.key(), callingCode: "47", today: today)
        let fromBytes = try pseudonymiser.pseudonymise(
            recordBytes: record.serializedBytes(pretty: true), key: Support.key(), callingCode: "47", today: today)
        #expect(fromBytes.record == fromTree.record)
        #expect(fromBytes.originals == fromTree.originals)
        for result in [fromTree, fromBytes] {
            #expect(result.document.serializedBytes(pretty: true) == result.record.serializedBytes(pretty: true))
            #expect(try result.document.canonicalBytes() == result.record.canonicalBytes())
        }
    }
}
