import Foundation
@testable import NordgateCore
import Testing

/// The shortcuts taken on the pseudonymiser's hot path give exactly what the general code gives.
struct PrivacyFastPathTests {
    /// Texts with ASCII, Nordic letters, decomposed letters, other scripts and every kind of white space.
    static let texts = [
        "", " ", "\t\n", "Kari Østby", "  KARI\u{00A0} ØSTBY ", "Straße", "STRASSE", "Jón Dummydóttir",
        "e\u{301}toile", "ÉTOILE", "NO-POL-2026-00042", "Σίσυφος", "ΣΊΣΥΦΟΣ", "Ёлка Пушкина", "東京 太郎",
        "\u{2003}\u{3000}", "\r\n", " \u{301}", "\u{600}a", "a\u{1C}b", "İstanbul", "ﬁnn", "ǅemal", "x_1 y",
    ]

    @Test(arguments: texts)
    func foldingATermGivesTheSameUnitsAsTheScalarTable(text: String) {
        var expected: [UInt32] = []
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let folded = TermCaseFolding.fold(scalar.value)
            for index in 0..<folded.count {
                if folded[index] == TermCaseFolding.space {
                    pendingSpace = !expected.isEmpty
                } else {
                    if pendingSpace { expected.append(TermCaseFolding.space) }
                    pendingSpace = false
                    expected.append(folded[index])
                }
            }
        }
        #expect(TermAutomaton.fold(text) == expected)
    }

    @Test func everyASCIIScalarFoldsAsTheTableSays() {
        for value in UInt32(0)..<0x80 {
            let byte = UInt8(value)
            let table = TermCaseFolding.fold(value)
            let fast = TermCaseFolding.isASCIISpace(byte) ? TermCaseFolding.space : TermCaseFolding.foldASCII(byte)
            #expect(table.count == 1 && table.first == fast, "scalar \(value)")
        }
    }

    @Test(arguments: texts)
    func canonicalFormsOfFoldedTermsAreTheirNFCAndNFD(text: String) {
        let folded = TermAutomaton.fold(text)
        let forms = TermAutomaton.canonicalForms(of: folded)
        let string = String(String.UnicodeScalarView(folded.compactMap(Unicode.Scalar.init)))
        #expect(forms.composed == string.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value))
        #expect(forms.decomposed == string.decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value))
    }

    @Test(arguments: texts)
    func findingANonBlankCharacterAgreesWithCharacterWhiteSpace(text: String) {
        #expect(PolicyRun.hasNonWhitespace(text) == text.contains(where: { !$0.isWhitespace }))
    }

    @Test func base32AfterAPrefixIsThePrefixThenTheEncoding() {
        let bytes: [UInt8] = (0..<20).map { UInt8(($0 * 37 + 11) & 0xff) }
        for count in 0...bytes.count {
            let part = bytes.prefix(count)
            #expect(Base32.encode(part, after: "psn:v1:12:") == "psn:v1:12:" + Base32.encode(part))
        }
        // RFC 4648, section 10, in lower case and without padding.
        #expect(Base32.encode(Array("foobar".utf8)) == "mzxw6ytboi")
        #expect(Base32.encode(Array("fo".utf8)) == "mzxq")
    }
}

/// The ASCII and Latin-1 shortcuts of ``PseudonymNormalisation`` give what the general rules give.
struct PseudonymNormalisationFastPathTests {
    /// Every Latin-1 scalar on its own, between letters and after white space.
    static let latin1: [String] = (0x01...0xFF).flatMap { value -> [String] in
        let scalar = String(Unicode.Scalar(UInt8(value)))
        return [scalar, "Ka" + scalar + "ri", "  \(scalar)STBY \t"]
    }

    static let mixed = [
        "Kari Østby", "  KARI  ØSTBY ", "ÅSA\u{85}ÅKERLUND", "Jón Dummydóttir", "Straße", "Müller ÿ", "Ø × ø",
        "\u{00A0}Kari", "e\u{301}", "Ёлка", "Øystein\r\nSøgaard", "", " ", "\u{85}",
    ]

    @Test func latin1NamesNormaliseAsTheGeneralRuleDoes() {
        for text in Self.latin1 + Self.mixed {
            let general = PseudonymNormalisation.collapseWhitespace(
                PseudonymNormalisation.caseFold(PseudonymNormalisation.compatibilityForm(text)))
            if let fast = PseudonymNormalisation.latin1Normalise(text) {
                #expect(fast == general, "scalars \(text.unicodeScalars.map(\.value))")
            }
        }
        #expect(PseudonymNormalisation.latin1Normalise("  KARI  ØSTBY ") == "kari østby")
        #expect(PseudonymNormalisation.latin1Normalise("Straße") == nil)
        #expect(PseudonymNormalisation.latin1Normalise("Ёлка") == nil)
    }

    static let nationalIDs = [
        "13108012345", "131080 12345", "131052-308T", "131052y308t", "131052Y308T", "010594B9038", "010594b9038",
        "010594+9038", "19101231-1234", "121212+1212", "121212-1212", " 1210\t12-1212 ", "12 10 12\u{0B}1212",
        "1210121\u{1C}212", "abc-+ def", "", "-", "131052 -308T", "13105Z-308T", "131052G308T", "131052U308T",
    ]

    @Test func asciiNationalIDsNormaliseAsTheGeneralRuleDoes() {
        for text in Self.nationalIDs + Self.latin1 {
            let general = PseudonymNormalisation.nationalID(
                PseudonymNormalisation.compatibilityForm(text).uppercased())
            if let fast = PseudonymNormalisation.asciiNationalID(text) {
                #expect(fast == general, "scalars \(text.unicodeScalars.map(\.value))")
            } else {
                #expect(text.utf8.contains { $0 >= 0x80 })
            }
        }
        #expect(PseudonymNormalisation.asciiNationalID("131052y308t") == "131052308T")
        #expect(PseudonymNormalisation.asciiNationalID("010594b9038") == "010594A9038")
    }

    static let asciiValues = [
        "", " ", "Kari", "  KARI  OSTBY ", "kari.1@Example.ORG", " \tkari@example.org\r\n", "a b@c.d", "NO-POL-2026-00042",
        "no-pol  2026\t00042", "Testgata 12", "TST 12345", "x\u{0B}y\u{0C}z", "a\u{1C}b", "MiXeD_Case-123", "@",
    ]

    @Test func asciiValuesNormaliseAsTheGeneralRulesDo() {
        for text in Self.asciiValues + Self.latin1.filter({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            let nfkc = PseudonymNormalisation.compatibilityForm(text)
            let expected: [(PseudonymCategory, String)] = [
                (.personName, PseudonymNormalisation.collapseWhitespace(PseudonymNormalisation.caseFold(nfkc))),
                (.address, PseudonymNormalisation.collapseWhitespace(PseudonymNormalisation.caseFold(nfkc))),
                (.other, PseudonymNormalisation.collapseWhitespace(PseudonymNormalisation.caseFold(nfkc))),
                (.email, nfkc.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)),
                (.caseRef, PseudonymNormalisation.collapseWhitespace(nfkc).uppercased()),
            ]
            for (category, general) in expected {
                #expect(PseudonymNormalisation.asciiNormalise(text, category: category) == general, "\(category) \(text.debugDescription)")
            }
        }
        #expect(PseudonymNormalisation.asciiNormalise("Østby", category: .personName) == nil)
    }
}

/// Phone numbers are normalised in one pass over their bytes; this is the rule written with arrays.
struct PhoneNormalisationTests {
    static func reference(_ value: String, callingCode: String?) -> String {
        var digits: [UInt8] = []
        var international = false
        var seenDigit = false
        let bytes = Array(value.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "("), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"),
                bytes[index + 1] == UInt8(ascii: ")")
            {
                index += 2
            } else if (48...57).contains(byte) {
                digits.append(byte)
                seenDigit = true
            } else if byte == UInt8(ascii: "+") && !seenDigit {
                international = true
            }
        }
        guard !digits.isEmpty else {
            return PseudonymNormalisation.collapseWhitespace(PseudonymNormalisation.caseFold(value))
        }
        if !international, digits.starts(with: [48, 48]) {
            digits.removeFirst(2)
            international = true
        }
        if !international, let callingCode {
            if digits.first == 48, callingCode == "46" || callingCode == "358" { digits.removeFirst() }
            digits.insert(contentsOf: Array(callingCode.utf8), at: 0)
            international = true
        }
        return (international ? "+" : "") + String(decoding: digits, as: UTF8.self)
    }

    static let numbers = [
        "912 34 567", "+47 912 34 567", "0047 91234567", "070-174 06 05", "0", "00", "+", "(0)", "+44 (0)20 7946 0000",
        "1+2", "+1 (0", "tel: 040 123", "", "  ", "Ola Nordmann", "0701740605", "+46701740605", "(0)12", "00(0)1",
    ]

    @Test func phoneNumbersNormaliseAsTheArrayRuleDoes() {
        for number in Self.numbers {
            for code in [nil, "47", "46", "358", "45", "354"] as [String?] {
                #expect(PseudonymNormalisation.phone(number, callingCode: code) == Self.reference(number, callingCode: code),
                    "\(number.debugDescription) \(code ?? "-")")
            }
        }
    }
}

/// Word characters below U+0250 come from a table computed once.
struct WordScalarTableTests {
    @Test func tableAgreesWithTheUnicodeProperties() {
        for value in UInt32(0)..<0x300 {
            #expect(ScannedText.isWordScalar(value) == ScannedText.isWordScalarByProperties(value), "scalar \(value)")
        }
    }
}
