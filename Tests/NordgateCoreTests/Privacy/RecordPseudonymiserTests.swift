import Foundation
import JSONSchema
import NordgateCore
import Testing

/// The schema's privacy policy applied to the police intelligence report examples.
struct RecordPseudonymiserTests {
    typealias Support = PrivacyTestSupport

    @Test func minorVictimReportIsMinimisedAsItsSchemaSays() throws {
        let pseudonymiser = try Support.pseudonymiser(Support.report)
        #expect(pseudonymiser.messageType == "police.trafficking-intelligence-report.v1")
        let record = try Support.json(Support.minorVictimReport)
        let key = Support.key()
        let result = try pseudonymiser.pseudonymise(record, key: key, callingCode: "47")
        let out = result.record
        let victim = try #require(out["persons"]?.arrayValue?[0]["person"])
        #expect(victim["givenNames"] == .string(key.pseudonym(of: "Testoffer", category: .personName)))
        #expect(victim["familyName"] == .string(key.pseudonym(of: "Prøvesen", category: .personName)))
        #expect(victim["dateOfBirth"] == "15-17")
        #expect(victim["ageStatus"] == "minor")
        #expect(victim["nationalities"] == ["NO"])
        let number = victim["nationalIdentityNumbers"]?.arrayValue?[0]
        #expect(number?["value"] == .string(key.pseudonym(of: "19891050030", category: .nationalID)))
        #expect(number?["issuingCountry"] == "NO")
        let suspect = try #require(out["persons"]?.arrayValue?[1])
        #expect(suspect["person"]?["dateOfBirth"] == "25-plus")
        #expect(suspect["phones"]?.arrayValue?.count == 2)
        #expect(suspect["phones"]?.arrayValue?[0] == .string(key.pseudonym(of: "+46701740611", category: .phone)))
        #expect(suspect["emails"]?.arrayValue?[0] == .string(key.pseudonym(of: "annonse.test@example.org", category: .email)))
        #expect(suspect["travelDocuments"]?.arrayValue?[0]["kind"] == "passport")
        #expect(suspect["travelDocuments"]?.arrayValue?[0]["number"] == .string(key.pseudonym(of: "TST000001", category: .other)))
        #expect(suspect["onlineAccounts"]?.arrayValue?[0]["service"] == "Annonseside")
        #expect(out["places"]?.arrayValue?[0]["place"]?["streetAddress"] == .string(key.pseudonym(of: "Prøvevej 10", category: .address)))
        #expect(out["places"]?.arrayValue?[0]["place"]?["municipality"] == "København")
        #expect(out["vehicles"]?.arrayValue?[0]["registration"] == .string(key.pseudonym(of: "TST 00001", category: .other)))
        // Kept: professional contact, case reference, routes, evaluation.
        #expect(out["contact"] == record["contact"])
        #expect(out["caseReference"] == record["caseReference"])
        #expect(out["routes"] == record["routes"])
        #expect(out["sourceEvaluation"] == "B")
        // Nothing personal of the input survives anywhere in the output.
        let leaked = Set(Support.strings(in: out)).intersection([
            "Testoffer", "Prøvesen", "19891050030", "+447700900456", "Testmistenkt", "Eksempelsen", "04828800065",
            "T.E.", "+46701740611", "annonse.test@example.org", "TST000001", "prove_annonse_01", "Prøvevej 10",
            "TST 00001", "2010-09-19", "1988-02-04",
        ])
        #expect(leaked.isEmpty)
        #expect(result.originals[key.pseudonym(of: "Prøvesen", category: .personName)] == "Prøvesen")
        #expect(result.originals.count == 15)
    }

    @Test func birthYearIsDroppedAndAdultVictimsAreBanded() throws {
        let pseudonymiser = try Support.pseudonymiser(Support.report)
        var record = try Support.json("examples/police/trafficking-intelligence-report/valid-adult-victims-h3.json")
        record = Support.setting(record, ["persons", "0", "person", "birthYear"], to: 1990)
        let out = try pseudonymiser.pseudonymise(record, key: Support.key()).record
        let person = try #require(out["persons"]?.arrayValue?[0]["person"]?.objectValue)
        #expect(!person.contains("birthYear"))
        #expect(person["ageStatus"] != nil)
    }

    @Test func aPresumedMinorIsNeverBandedAsAnAdult() throws {
        let pseudonymiser = try Support.pseudonymiser(Support.report)
        var record = try Support.json(Support.minorVictimReport)
        record = Support.setting(record, ["persons", "0", "person", "dateOfBirth"], to: "1999-01-01")
        record = Support.setting(record, ["persons", "0", "person", "ageStatus"], to: "presumed-minor")
        let out = try pseudonymiser.pseudonymise(record, key: Support.key()).record
        #expect(out["persons"]?.arrayValue?[0]["person"]?["dateOfBirth"] == "15-17")
        #expect(out["persons"]?.arrayValue?[0]["person"]?["ageStatus"] == "presumed-minor")
    }

    @Test func theSameRecordAlwaysGivesTheSameOutput() throws {
        let pseudonymiser = try Support.pseudonymiser(Support.report)
        let record = try Support.json(Support.minorVictimReport)
        let first = try pseudonymiser.pseudonymise(record, key: Support.key()).record
        let second = try pseudonymiser.pseudonymise(record, key: Support.key()).record
        #expect(try first.canonicalBytes() == second.canonicalBytes())
        let rebuilt = try Support.pseudonymiser(Support.report).pseudonymise(record, key: Support.key()).record
        #expect(try first.canonicalBytes() == rebuilt.canonicalBytes())
    }

    @Test func twoReceiversGetUnrelatedPseudonymsOfTheSameValue() throws {
        let pseudonymiser = try Support.pseudonymiser(Support.report)
        let record = try Support.json(Support.minorVictimReport)
        let toDenmark = try pseudonymiser.pseudonymise(record, key: Support.key(domain: .receiver("DK-POL", purpose: "p")))
        let toSweden = try pseudonymiser.pseudonymise(record, key: Support.key(9, domain: .receiver("SE-POL", purpose: "p")))
        #expect(Set(toDenmark.originals.keys).isDisjoint(with: toSweden.originals.keys))
        #expect(Set(toDenmark.originals.values) == Set(toSweden.originals.values))
    }

    @Test func aRecordThatFailsItsSchemaIsRefusedWithLocationsOnly() throws {
        let pseudonymiser = try Support.pseudonymiser(Support.report)
        let record = try Support.json("examples/police/trafficking-intelligence-report/invalid-minor-victim-without-aggravating-fact.json")
        let error = try #require(throws: PseudonymisationError.self) {
            try pseudonymiser.pseudonymise(record, key: Support.key())
        }
        guard case .invalidRecord(let issues) = error else { Issue.record("wrong error \(error)"); return }
        #expect(!issues.isEmpty)
        for value in Support.strings(in: record) where value.count > 3 {
            #expect(!error.description.contains(value))
        }
    }

    @Test(arguments: [
        "examples/police/trafficking-intelligence-report/valid-adult-victims-h3.json",
        "examples/police/trafficking-intelligence-report/valid-minor-victim-with-route.json",
    ])
    func theOutputOfEveryValidExampleValidatesAgainstTheDerivedSchema(example: String) throws {
        // pseudonymise throws invalidOutput when the derived schema refuses the result.
        let out = try Support.pseudonymiser(Support.report).pseudonymise(try Support.json(example), key: Support.key())
        #expect(out.record != (try Support.json(example)))
    }
}
