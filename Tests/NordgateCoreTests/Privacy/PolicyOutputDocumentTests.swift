import Foundation
import JSONSchema
import Testing

@testable import NordgateCore

/// The pseudonymiser checks its result as the document it builds while transforming the record (copying the
/// input's unchanged parts); that document must be exactly the record it returns.
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
    func theCheckedDocumentIsTheReturnedRecord(pair: String) throws {
        let parts = pair.split(separator: " ").map(String.init)
        let pseudonymiser = try Support.pseudonymiser(parts[0])
        let record = try Support.json(parts[1])
        let document = JSONDocument(record)
        var run = PolicyRun(
            rules: pseudonymiser.rules, messageType: pseudonymiser.messageType, key: Support.key(),
            callingCode: "47", reference: pseudonymiser.referenceDate(in: record, today: Date()))
        try run.collectTerms(record, plan: pseudonymiser.plan)
        let builder = JSONDocumentBuilder(copyingFrom: document)
        let transformed = try run.transform(record, in: document, into: builder, plan: pseudonymiser.plan)
        #expect(builder.document.value == transformed)
        #expect(builder.document.value.serialized() == transformed.serialized())
    }
}
