import Foundation
import JSONSchema
import NordgateCore
import Testing

/// Every `x-privacy` action on a small synthetic schema, with nested objects and arrays.
struct PrivacyActionTests {
    typealias Support = PrivacyTestSupport

    static let schemaText = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://nordgate.invalid/schemas/test/every-action.v1.json",
          "type": "object",
          "additionalProperties": false,
          "required": ["ref", "name", "born", "note", "secret", "hidden"],
          "x-reference-date": "/asOf",
          "properties": {
            "ref": {"type": "string", "x-privacy": {"pseudonymise": "case-ref"}},
            "asOf": {"type": "string", "x-privacy": "keep"},
            "name": {"type": "string", "minLength": 2, "x-privacy": {"pseudonymise": "person-name"}},
            "handle": {"type": "string", "x-privacy": "pseudonymise"},
            "born": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "x-privacy": {"generalise": "age-band"}},
            "moved": {"type": "string", "x-privacy": {"generalise": "year"}},
            "seen": {"type": "string", "x-privacy": {"generalise": "year-month"}},
            "note": {"type": "string", "maxLength": 2000, "x-privacy": "free-text"},
            "secret": {"type": "string", "x-privacy": "redact"},
            "hidden": {"type": "integer", "x-privacy": "drop"},
            "count": {"type": "integer", "x-privacy": "keep"},
            "family": {
              "type": "array",
              "x-privacy": "keep",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "name": {"type": "string", "x-privacy": {"pseudonymise": "person-name"}},
                  "role": {"type": "string", "x-privacy": "keep"},
                  "phones": {"type": "array", "x-privacy": "keep",
                             "items": {"type": "string", "x-privacy": {"pseudonymise": "phone"}}},
                  "history": {"type": "object", "x-privacy": "redact",
                              "properties": {"text": {"type": "string", "x-privacy": "keep"}}},
                  "medical": {"type": "object", "x-privacy": "drop",
                              "properties": {"text": {"type": "string", "x-privacy": "keep"}}}
                }
              }
            },
            "tags": {"type": "array", "x-privacy": "keep", "items": {"type": "string"}}
          }
        }
        """#

    static let recordText = #"""
        {
          "ref": "nO-ca  2024/0117",
          "asOf": "2026-11-29",
          "name": "Kari Østby",
          "handle": "kari_o",
          "born": "2012-11-30",
          "moved": "2019-06-01",
          "seen": "2026-10-02",
          "note": "KARI  ØSTBY ringte 070-174 06 05 om sak NO-CA 2024/0117; e-post kari@example.org; fnr 13817015667. Mor Ola Nordmann og hemmelig Skjult Verdi. Dato 12.03.2024, beløp 12 500,00 kr, konto 1234.56.78903, ugyldig fnr 13817015668.",
          "secret": "Skjult Verdi",
          "hidden": 42,
          "count": 3,
          "family": [
            {"name": "Ola Nordmann", "role": "mother", "phones": ["+46701740605", "070-174 06 06"],
             "history": {"text": "old story"}, "medical": {"text": "diagnosis"}},
            {"role": "sibling"}
          ],
          "tags": ["a", "b"]
        }
        """#

    static func pseudonymiser(_ tightening: PolicyTightening = PolicyTightening()) throws -> RecordPseudonymiser {
        try RecordPseudonymiser(schema: try JSONParser.parse(schemaText), tightening: tightening)
    }

    static func record() throws -> JSONValue { try JSONParser.parse(recordText) }

    @Test func everyActionDoesWhatTheVocabularySays() throws {
        let key = Support.key()
        let out = try Self.pseudonymiser().pseudonymise(try Self.record(), key: key, callingCode: "46").record
        #expect(out["ref"] == .string(key.pseudonym(of: "NO-CA 2024/0117", category: .caseRef)))
        #expect(out["asOf"] == "2026-11-29")
        #expect(out["name"] == .string(key.pseudonym(of: "kari østby", category: .personName)))
        #expect(out["handle"] == .string(key.pseudonym(of: "kari_o", category: .other)))
        #expect(out["born"] == "under-15")
        #expect(out["moved"] == "2019")
        #expect(out["seen"] == "2026-10")
        #expect(out["secret"] == "[redacted]")
        #expect(out["hidden"] == nil)
        #expect(out["count"] == 3)
        #expect(out["tags"] == ["a", "b"])
        let mother = try #require(out["family"]?.arrayValue?[0])
        #expect(mother["name"] == .string(key.pseudonym(of: "Ola Nordmann", category: .personName)))
        #expect(mother["role"] == "mother")
        #expect(mother["phones"]?.arrayValue?[0] == .string(key.pseudonym(of: "+46701740605", category: .phone)))
        // A national form with the sender's calling code gives the same pseudonym as E.164.
        #expect(mother["phones"]?.arrayValue?[1] == .string(key.pseudonym(of: "+46701740606", category: .phone)))
        #expect(mother["history"] == "[redacted]")
        #expect(mother["medical"] == nil)
        #expect(out["family"]?.arrayValue?[1] == ["role": "sibling"])
    }

    @Test func freeTextLosesTheRecordsOwnValuesAndIdentifiersButKeepsDecoys() throws {
        let key = Support.key()
        let out = try Self.pseudonymiser().pseudonymise(try Self.record(), key: key, callingCode: "46").record
        let note = try #require(out["note"]?.stringValue)
        for gone in ["KARI", "ØSTBY", "Ola", "Nordmann", "Skjult", "070-174", "kari@example.org", "13817015667", "2024/0117"] {
            #expect(!note.contains(gone), "\(gone) is still in the note")
        }
        // The same pseudonym as in the structured field, so a follow-up links.
        #expect(note.contains(key.pseudonym(of: "Kari Østby", category: .personName)))
        #expect(note.contains(key.pseudonym(of: "Ola Nordmann", category: .personName)))
        #expect(note.contains(key.pseudonym(of: "NO-CA 2024/0117", category: .caseRef)))
        #expect(note.contains(key.pseudonym(of: "+46701740605", category: .phone)))
        #expect(note.contains(key.pseudonym(of: "kari@example.org", category: .email)))
        #expect(note.contains(key.pseudonym(of: "13817015667", category: .nationalID)))
        #expect(note.contains("hemmelig [redacted]."))
        for decoy in ["12.03.2024", "12 500,00 kr", "1234.56.78903", "13817015668"] {
            #expect(note.contains(decoy), "decoy \(decoy) was changed")
        }
    }

    @Test func theVaultOriginalsCoverEveryPseudonymInTheOutput() throws {
        let result = try Self.pseudonymiser().pseudonymise(try Self.record(), key: Support.key(), callingCode: "46")
        var found: Set<String> = []
        for text in Support.strings(in: result.record) {
            for word in text.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "." || $0 == "," })
            where Pseudonym.isPseudonym(String(word)) {
                found.insert(String(word))
            }
        }
        #expect(!found.isEmpty)
        #expect(found.isSubset(of: Set(result.originals.keys)))
    }

    @Test func aTighteningConfigurationIsApplied() throws {
        let config = try JSONParser.parse(#"""
            {"test.every-action.v1": {"note": "redact", "/family/*/role": "drop"}}
            """#)
        let out = try Self.pseudonymiser(try PolicyTightening(configuration: config))
            .pseudonymise(try Self.record(), key: Support.key()).record
        #expect(out["note"] == "[redacted]")
        #expect(out["family"]?.arrayValue?[0]["role"] == nil)
        #expect(out["family"]?.arrayValue?[1] == [:])
        #expect(out["count"] == 3)
    }

    @Test func aConfigurationThatLoosensByNameIsRefused() throws {
        let config = try JSONParser.parse(#"{"test.every-action.v1": {"name": "keep"}}"#)
        let error = try #require(throws: PseudonymisationError.self) {
            try Self.pseudonymiser(try PolicyTightening(configuration: config))
        }
        guard case .loosening(_, let rule, let schemaAction, let configured) = error else {
            Issue.record("wrong error \(error)")
            return
        }
        #expect(rule == "name")
        #expect(schemaAction == "pseudonymise:person-name")
        #expect(configured == "keep")
    }

    @Test func aConfigurationThatLoosensByPointerIsRefused() throws {
        for rule in [#""/secret": "free-text""#, #""/family/0/history": "keep""#, #""/born": {"generalise": "year"}"#] {
            let config = try JSONParser.parse(#"{"test.every-action.v1": {"# + rule + "}}")
            let pseudonymiser = try Self.pseudonymiser(try PolicyTightening(configuration: config))
            #expect(throws: PseudonymisationError.self, "\(rule)") {
                try pseudonymiser.pseudonymise(try Self.record(), key: Support.key())
            }
        }
    }

    @Test func aMalformedConfigurationIsRefused() throws {
        for text in [#"[]"#, #"{"t": 1}"#, #"{"t": {"x": "hide"}}"#, #"{"t": {"": "drop"}}"#] {
            #expect(throws: PseudonymisationError.self) { try PolicyTightening(configuration: try JSONParser.parse(text)) }
        }
    }

    @Test func tighteningANumberToPseudonymiseIsRefusedAsUnsupported() throws {
        let config = try JSONParser.parse(#"{"test.every-action.v1": {"/count": "pseudonymise"}}"#)
        let pseudonymiser = try Self.pseudonymiser(try PolicyTightening(configuration: config))
        #expect(throws: PseudonymisationError.unsupportedValue(location: "/count", action: "pseudonymise:other")) {
            try pseudonymiser.pseudonymise(try Self.record(), key: Support.key())
        }
    }

    @Test func aResultThatFailsTheDerivedSchemaNeverLeaves() throws {
        // The note may hold 60 characters; one pseudonym alone is longer than the e-mail it replaces.
        let schema = try JSONParser.parse(#"""
            {"type": "object", "properties": {"note": {"type": "string", "maxLength": 60, "x-privacy": "free-text"}}}
            """#)
        let pseudonymiser = try RecordPseudonymiser(schema: schema)
        let record: JSONValue = ["note": "Skriv til a@example.org og b@example.org"]
        let error = try #require(throws: PseudonymisationError.self) {
            try pseudonymiser.pseudonymise(record, key: Support.key())
        }
        #expect(error.issues.map(\.instanceLocation) == ["/note"])
        guard case .invalidOutput = error else { Issue.record("wrong error \(error)"); return }
        #expect(!error.description.contains("example.org"))
    }

    @Test func aSchemaWithoutPrivacyAnnotationsFailsClosed() throws {
        let schema = try JSONParser.parse(#"{"type": "object", "properties": {"name": {"type": "string"}}}"#)
        #expect(throws: PseudonymisationError.missingAnnotation(location: "/name")) {
            try RecordPseudonymiser(schema: schema).pseudonymise(["name": "Kari Østby"], key: Support.key())
        }
    }

    @Test func anUnannotatedMemberOfAnOpenKeptObjectFailsClosed() throws {
        let schema = try JSONParser.parse(#"""
            {"type": "object", "additionalProperties": false, "properties": {"meta": {"type": "object", "x-privacy": "keep",
              "properties": {"a": {"type": "string", "x-privacy": "keep"}}}}}
            """#)
        let pseudonymiser = try RecordPseudonymiser(schema: schema)
        let kept = try pseudonymiser.pseudonymise(["meta": ["a": "x"]], key: Support.key()).record
        #expect(kept == ["meta": ["a": "x"]])
        #expect(throws: PseudonymisationError.missingAnnotation(location: "/meta/b")) {
            try pseudonymiser.pseudonymise(["meta": ["a": "x", "b": "Kari Østby"]], key: Support.key())
        }
    }

    @Test func hostileRecordBytesAreRefusedWithoutValues() throws {
        let pseudonymiser = try Self.pseudonymiser()
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let oversized = "{\"note\": \"" + String(repeating: "Kari Østby ", count: 500_000) + "\"}"
        let inputs = ["not json, Kari Østby", deep, oversized, "{\"name\": \"Kari Østby\", \"name\": \"x\"}"]
        for input in inputs {
            let error = try #require(throws: PseudonymisationError.self) {
                try pseudonymiser.pseudonymise(recordBytes: Array(input.utf8), key: Support.key())
            }
            guard case .malformedRecord = error else { Issue.record("wrong error \(error)"); continue }
            #expect(!error.description.contains("Kari"))
        }
    }

    @Test func generalisingSomethingThatIsNotADateIsRefused() throws {
        let record = Support.setting(try Self.record(), ["moved"], to: "sometime")
        #expect(throws: PseudonymisationError.notADate(location: "/moved")) {
            try Self.pseudonymiser().pseudonymise(record, key: Support.key())
        }
    }

    @Test(arguments: [
        ("2012-11-30", "2026-11-29", "under-15"), ("2011-11-29", "2026-11-29", "15-17"),
        ("2008-11-30", "2026-11-29", "15-17"), ("2008-11-29", "2026-11-29", "18-24"),
        ("2001-11-30", "2026-11-29", "18-24"), ("2001-11-29", "2026-11-29", "25-plus"),
        ("2027-01-01", "2026-11-29", "under-15"),
    ])
    func ageBandsFollowTheReferenceDate(birth: String, reference: String, band: String) throws {
        let age = AgeBand(birth: try #require(CalendarDate(birth)), reference: try #require(CalendarDate(reference)))
        #expect(age.rawValue == band)
    }

    @Test func theReferenceDateComesFromTheSchemasPointer() throws {
        let record = Support.setting(try Self.record(), ["asOf"], to: "2030-01-01")
        let out = try Self.pseudonymiser().pseudonymise(record, key: Support.key()).record
        #expect(out["born"] == "15-17")
    }
}
