import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Testing

/// The privacy policy over random records of a small annotated schema: the output is the same for
/// the same key and domain, differs between domains, and never holds an annotated value, not even
/// inside the free text.
@Suite struct PseudonymisationPropertyTests {
    static let schema: JSONValue = [
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://nordgate.invalid/schemas/test/property-record.v1.json",
        "type": "object",
        "additionalProperties": false,
        "required": ["caseReference", "name", "nationalId", "phone", "secret", "aliases", "note"],
        "properties": [
            "caseReference": ["type": "string", "x-privacy": "keep"],
            "name": ["type": "string", "x-privacy": ["pseudonymise": "person-name"]],
            "nationalId": ["type": "string", "x-privacy": ["pseudonymise": "national-id"]],
            "phone": ["type": "string", "x-privacy": "redact"],
            "secret": ["type": "string", "x-privacy": "drop"],
            "aliases": ["type": "array", "x-privacy": "keep", "items": ["type": "string", "x-privacy": ["pseudonymise": "person-name"]]],
            "note": ["type": "string", "x-privacy": "free-text"],
        ],
    ]

    let pseudonymiser: RecordPseudonymiser
    let folder: TemporaryFolder
    let keyring: Keyring

    init() throws {
        pseudonymiser = try RecordPseudonymiser(schema: Self.schema)
        folder = try TemporaryFolder(prefix: "nordgate-psn-property")
        keyring = try TestKeyrings.make("NO-CA", in: folder)
    }

    /// The key NO-CA's keyring derives for `receiver` and `purpose`.
    func key(_ receiver: String, purpose: String = "property-test") throws -> PseudonymKey {
        try PseudonymKey.active(in: keyring, for: .receiver(receiver, purpose: purpose))
    }

    /// A synthetic name no pseudonym or marker can contain (it has an "ø").
    static func name(_ random: inout PropertyRandom) -> String {
        "Tø" + String((0..<Int.random(in: 4...8, using: &random)).map { _ in "abdefghiklmnoprstuv".randomElement(using: &random)! })
    }

    /// A synthetic Norwegian national identity number (month + 80) with valid check digits.
    static func nationalId(_ random: inout PropertyRandom) -> String {
        while true {
            let day = Int.random(in: 1...28, using: &random), month = Int.random(in: 81...92, using: &random)
            let year = Int.random(in: 0...99, using: &random), individual = Int.random(in: 0...999, using: &random)
            var digits = String(format: "%02d%02d%02d%03d", day, month, year, individual).compactMap(\.wholeNumberValue)
            let first = 11 - zip(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]).map(*).reduce(0, +) % 11
            guard first != 10 else { continue }
            digits.append(first == 11 ? 0 : first)
            let second = 11 - zip(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]).map(*).reduce(0, +) % 11
            guard second != 10 else { continue }
            digits.append(second == 11 ? 0 : second)
            return digits.map(String.init).joined()
        }
    }

    static func record(_ random: inout PropertyRandom) -> (record: JSONValue, protected: [String]) {
        let name = name(&random)
        let id = nationalId(&random)
        let phone = "+4791" + String((0..<6).map { _ in "0123456789".randomElement(using: &random)! })
        let secret = "hemmelig-" + String(UInt32.random(in: 0...UInt32.max, using: &random), radix: 36)
        let aliases = (0..<Int.random(in: 0...3, using: &random)).map { _ in Self.name(&random) }
        let mentions = ([name, id, phone] + aliases).shuffled(using: &random)
        let note = "Samtale om " + mentions.joined(separator: ", ") + ". Ny kontakt avtalt."
        let record: JSONValue = [
            "caseReference": .string("SAK-\(Int.random(in: 1000...9999, using: &random))"), "name": .string(name),
            "nationalId": .string(id), "phone": .string(phone), "secret": .string(secret),
            "aliases": .array(aliases.map(JSONValue.string)), "note": .string(note),
        ]
        return (record, [name, id, phone, secret] + aliases)
    }

    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings)
        case .object(let object): object.flatMap { [$0.key] + strings(in: $0.value) }
        default: []
        }
    }

    @Test func noAnnotatedValueIsLeftInTheOutput() throws {
        for seed in PropertyRandom.seeds(base: 0x5053_4555_0000) {
            var random = PropertyRandom(seed: seed)
            let (record, protected) = Self.record(&random)
            let result = try pseudonymiser.pseudonymise(record, key: try key("DK-CA"))
            let output = Self.strings(in: result.record)
            for value in protected {
                #expect(!output.contains { $0.contains(value) }, "seed \(seed): an annotated value is in the output")
            }
            #expect(result.record["secret"] == nil, "seed \(seed)")
            #expect(result.record["phone"] == .string(PrivacyAction.redactionMarker), "seed \(seed)")
            #expect(result.record["caseReference"] == record["caseReference"], "seed \(seed)")
            // Every pseudonym in the output goes back to its original through the vault's map.
            let name = try #require(result.record["name"]?.stringValue)
            #expect(result.originals[name] == record["name"]?.stringValue, "seed \(seed)")
        }
    }

    @Test func theOutputIsDeterministicPerDomainAndDiffersAcrossDomains() throws {
        let rebuilt = try RecordPseudonymiser(schema: Self.schema)
        for seed in PropertyRandom.seeds(base: 0x444F_4D4E_0000) {
            var random = PropertyRandom(seed: seed)
            let (record, _) = Self.record(&random)
            let first = try pseudonymiser.pseudonymise(record, key: try key("DK-CA")).record
            let again = try rebuilt.pseudonymise(record, key: try key("DK-CA")).record
            #expect(try first.canonicalBytes() == again.canonicalBytes(), "seed \(seed)")
            // The same person in another record to the same receiver gets the same pseudonym.
            var (other, _) = Self.record(&random)
            other = Self.replacing(other, "name", with: record["name"]!)
            let linked = try pseudonymiser.pseudonymise(other, key: try key("DK-CA")).record
            #expect(linked["name"] == first["name"], "seed \(seed)")
            // Another receiver, or another purpose, cannot link them.
            for key in [try key("SE-CA"), try key("DK-CA", purpose: "another-purpose")] {
                let separate = try pseudonymiser.pseudonymise(record, key: key).record
                for member in ["name", "nationalId"] {
                    #expect(separate[member] != first[member], "seed \(seed): \(member) links across domains")
                }
            }
        }
    }

    static func replacing(_ record: JSONValue, _ member: String, with value: JSONValue) -> JSONValue {
        guard case .object(var object) = record else { return record }
        object[member] = value
        return .object(object)
    }
}
