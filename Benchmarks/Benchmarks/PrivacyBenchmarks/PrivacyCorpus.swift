// Deterministic synthetic records for the pseudonymisation benchmark: about 4 KB each, with 20 values under a
// pseudonymise, generalise, redact or drop annotation and about 1 KB of free text that mentions the record's own
// names and case reference, identity numbers, phone numbers and e-mail addresses, among decoys (dates, amounts,
// account numbers, numbers with wrong check digits). Every name and number is made up.
import Foundation

enum PrivacyCorpus {
    /// The message schema the records follow.
    static let schemaText = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://nordgate.invalid/schemas/bench/case-note.v1.json",
          "type": "object",
          "additionalProperties": false,
          "required": ["caseReference", "reportDate", "subject", "narrative"],
          "x-reference-date": "/reportDate",
          "properties": {
            "caseReference": {"type": "string", "maxLength": 64, "x-privacy": {"pseudonymise": "case-ref"}},
            "reportDate": {"$ref": "#/$defs/date", "x-privacy": "keep"},
            "reportingAuthority": {"type": "string", "enum": ["NO-POL", "DK-POL", "SE-POL"], "x-privacy": "keep"},
            "incidentDate": {"$ref": "#/$defs/date", "x-privacy": {"generalise": "year-month"}},
            "subject": {"$ref": "#/$defs/person", "x-privacy": "keep"},
            "related": {"type": "array", "maxItems": 8, "items": {"$ref": "#/$defs/person"}, "x-privacy": "keep"},
            "phones": {"type": "array", "maxItems": 8,
                       "items": {"type": "string", "pattern": "^\\+[1-9][0-9]{6,14}$", "x-privacy": {"pseudonymise": "phone"}},
                       "x-privacy": "keep"},
            "emails": {"type": "array", "maxItems": 8,
                       "items": {"type": "string", "maxLength": 254, "x-privacy": {"pseudonymise": "email"}},
                       "x-privacy": "keep"},
            "address": {
              "type": "object", "additionalProperties": false, "x-privacy": "keep",
              "properties": {
                "street": {"type": "string", "maxLength": 200, "x-privacy": {"pseudonymise": "address"}},
                "municipality": {"type": "string", "maxLength": 100, "x-privacy": "keep"},
                "country": {"type": "string", "pattern": "^[A-Z]{2}$", "x-privacy": "keep"}
              }
            },
            "vehicle": {"type": "string", "maxLength": 12, "x-privacy": {"pseudonymise": "other"}},
            "handler": {"type": "string", "maxLength": 200, "x-privacy": "redact"},
            "internalNote": {"type": "string", "maxLength": 2000, "x-privacy": "drop"},
            "narrative": {"type": "string", "minLength": 1, "maxLength": 20000, "x-privacy": "free-text"},
            "events": {
              "type": "array", "maxItems": 64, "x-privacy": "keep",
              "items": {
                "type": "object", "additionalProperties": false, "required": ["date", "code"],
                "properties": {
                  "date": {"$ref": "#/$defs/date", "x-privacy": "keep"},
                  "code": {"type": "string", "enum": ["seen", "moved", "called", "checked", "reported"], "x-privacy": "keep"},
                  "place": {"type": "string", "maxLength": 100, "x-privacy": "keep"},
                  "units": {"type": "integer", "minimum": 0, "x-privacy": "keep"}
                }
              }
            }
          },
          "$defs": {
            "date": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"},
            "person": {
              "type": "object", "additionalProperties": false, "required": ["ageStatus"],
              "properties": {
                "givenNames": {"type": "string", "minLength": 1, "maxLength": 200, "x-privacy": {"pseudonymise": "person-name"}},
                "familyName": {"type": "string", "minLength": 1, "maxLength": 200, "x-privacy": {"pseudonymise": "person-name"}},
                "dateOfBirth": {"$ref": "#/$defs/date", "x-privacy": {"generalise": "age-band"}},
                "nationalId": {"type": "string", "maxLength": 20, "x-privacy": {"pseudonymise": "national-id"}},
                "ageStatus": {"enum": ["adult", "minor", "presumed-minor"], "x-privacy": "keep"},
                "role": {"type": "string", "maxLength": 40, "x-privacy": "keep"}
              }
            }
          }
        }
        """#

    /// The pseudonym key both implementations use (synthetic, 32 bytes).
    static let keyBytes: [UInt8] = (0..<32).map { UInt8(($0 * 29 + 7) & 0xff) }

    static let givenNames = ["Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Anders", "Maja", "Johan", "Aino", "Jón", "Saga", "Mikkel", "Åsa", "Øystein"]
    static let familyNames = ["Testesen", "Prøvesen", "Eksempelsen", "Fiktivsson", "Oppdiktet", "Dummydóttir", "Malliniemi", "Østby", "Søgaard", "Åkerlund"]
    static let places = ["Oslo", "Bergen", "Tromsø", "København", "Aarhus", "Göteborg", "Malmö", "Helsinki", "Reykjavík"]
    static let streets = ["Prøvevej", "Testgata", "Eksempelveien", "Fiktivgatan", "Dummytie"]

    /// `count` records as UTF-8 JSON, generated from a fixed seed.
    static func records(count: Int) -> [[UInt8]] {
        var random = Random(state: 0x5053_4E5F_4245_4E43)
        return (0..<count).map { index in Array(record(index, &random).utf8) }
    }

    /// Writes `schema.json`, `records.jsonl` and `key.hex` into `directory` for the Python baseline.
    static func export(to directory: String, records: [[UInt8]]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        try Data(schemaText.utf8).write(to: root.appendingPathComponent("schema.json"))
        var lines = Data()
        for record in records {
            lines.append(contentsOf: record)
            lines.append(0x0A)
        }
        try lines.write(to: root.appendingPathComponent("records.jsonl"))
        let hex = keyBytes.map { String(format: "%02x", $0) }.joined()
        try Data(hex.utf8).write(to: root.appendingPathComponent("key.hex"))
    }

    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    private static func date(_ random: inout Random, years: ClosedRange<Int>) -> String {
        "\(random.int(years))-\(two(random.int(1...12)))-\(two(random.int(1...28)))"
    }

    /// A synthetic Norwegian number (month + 80) with both mod-11 check digits valid.
    static func norwegianNumber(_ random: inout Random, valid: Bool = true) -> String {
        while true {
            let day = random.int(1...28)
            let month = random.int(1...12) + 80
            let year = random.int(50...99)
            let individual = random.int(0...499)
            var digits = [day / 10, day % 10, month / 10, month % 10, year / 10, year % 10,
                          individual / 100, individual / 10 % 10, individual % 10]
            let k1 = 11 - zip(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]).map(*).reduce(0, +) % 11
            guard k1 != 10 else { continue }
            digits.append(k1 == 11 ? 0 : k1)
            let k2 = 11 - zip(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]).map(*).reduce(0, +) % 11
            guard k2 != 10 else { continue }
            digits.append(k2 == 11 ? 0 : k2)
            if !valid { digits[10] = (digits[10] + 1) % 10 }
            return digits.map(String.init).joined()
        }
    }

    private static func phone(_ random: inout Random) -> String { "+467017406\(two(random.int(5...99)))" }

    /// `+46701740605` as a Swede writes it at home: `070-174 06 05`.
    private static func national(_ phone: String) -> String {
        let digits = Array("0" + phone.dropFirst(3))
        return String(digits[0..<3]) + "-" + String(digits[3..<6]) + " " + String(digits[6..<8]) + " " + String(digits[8...])
    }

    private static func record(_ index: Int, _ random: inout Random) -> String {
        let reference = "NO-POL-2026-\(String(format: "%05d", index))"
        let given = random.pick(givenNames), family = random.pick(familyNames)
        let otherGiven = random.pick(givenNames), otherFamily = random.pick(familyNames)
        let number = norwegianNumber(&random), otherNumber = norwegianNumber(&random)
        let phones = [phone(&random), phone(&random)]
        let emails = ["\(given.lowercased()).\(index)@example.org", "kontakt\(index)@example.net"]
        let street = "\(random.pick(streets)) \(random.int(1...120))"
        let handler = "Saksbehandler \(random.pick(familyNames))"
        var events: [String] = []
        for _ in 0..<30 {
            events.append(
                #"{"date": "\#(date(&random, years: 2024...2026))", "code": "\#(random.pick(["seen", "moved", "called", "checked", "reported"]))", "place": "\#(random.pick(places))", "units": \#(random.int(0...500))}"#)
        }
        let narrative = [
            "\(given) \(family) (født \(random.int(1...28)).\(random.int(1...12)).\(random.int(1990...2010))) ble kontaktet \(date(&random, years: 2025...2026)) i \(random.pick(places)).",
            "Hun oppga telefon \(national(phones[0])) og e-post \(emails[0]).",
            "Fødselsnummer \(number) ble bekreftet; et eldre notat har \(norwegianNumber(&random, valid: false)), som er feil.",
            "\(otherGiven.uppercased()) \(otherFamily.uppercased()) (fnr \(otherNumber)) ringte fra \(phones[1]) om sak \(reference).",
            "Beløp \(random.int(1...99)) \(random.int(100...999)),00 kr ble overført til konto \(random.int(1000...9999)).\(random.int(10...99)).\(random.int(10000...99999)) den \(random.int(1...28)).\(random.int(1...12)).2026.",
            "Organisasjonsnummer \(random.int(900...999)) \(random.int(100...999)) \(random.int(100...999)) og ordrenummer \(random.int(100000...999999)) er ikke personopplysninger.",
            "Kontakt også \(emails[1]) eller +47 9\(random.int(1000000...9999999)) ved behov. \(family) møtte \(otherFamily) i \(street.split(separator: " ")[0]).",
            "Saken følges opp av \(handler) i uke \(random.int(1...52)); neste møte er avtalt, og tolk er bestilt for \(given).",
        ].joined(separator: " ")
        return """
            {"caseReference": "\(reference)", "reportDate": "2026-11-29", "reportingAuthority": "NO-POL", \
            "incidentDate": "\(date(&random, years: 2025...2026))", \
            "subject": {"givenNames": "\(given)", "familyName": "\(family)", "dateOfBirth": "\(date(&random, years: 1990...2015))", \
            "nationalId": "\(number)", "ageStatus": "\(random.pick(["adult", "minor", "presumed-minor"]))", "role": "victim"}, \
            "related": [{"givenNames": "\(otherGiven)", "familyName": "\(otherFamily)", "nationalId": "\(otherNumber)", \
            "dateOfBirth": "\(date(&random, years: 1960...2000))", "ageStatus": "adult", "role": "suspect"}], \
            "phones": ["\(phones[0])", "\(phones[1])"], "emails": ["\(emails[0])", "\(emails[1])"], \
            "address": {"street": "\(street)", "municipality": "\(random.pick(places))", "country": "NO"}, \
            "vehicle": "TST \(random.int(10000...99999))", "handler": "\(handler)", \
            "internalNote": "Intern merknad \(index): ikke for deling med partnere, gjelder vurdering av kilde og metode.", \
            "narrative": "\(narrative)", "events": [\(events.joined(separator: ", "))]}
            """
    }
}
