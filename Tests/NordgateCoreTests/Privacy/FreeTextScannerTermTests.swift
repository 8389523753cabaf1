import Testing

@testable import NordgateCore

/// Matching of caller-supplied terms (names and case references from a record's structured fields).
struct FreeTextScannerTermTests {
    func found(_ text: String, terms: [String]) -> [(String, FreeTextScanner.Match.Kind)] {
        FreeTextScanner(terms: terms, detectors: []).matches(in: text).map { (String(text[$0.range]), $0.kind) }
    }

    @Test(arguments: [
        "Kari Østby", "kari østby", "KARI ØSTBY", "Kari  Østby", "Kari\nØstby", "Kari \t\n Østby",
        "Kari\u{00A0}Østby", "kArI øStBy",
    ])
    func matchesAcrossCaseAndWhiteSpace(_ written: String) {
        let result = found("Møte med \(written) i dag.", terms: ["Kari Østby"])
        #expect(result.map(\.0) == [written])
        #expect(result.first?.1 == .term(0))
    }

    @Test func foldsCaseForEveryNordicLetter() {
        let terms = ["æøå ÆØÅ äöü ÄÖÜ ðþ ÐÞ"]
        #expect(found("ÆØÅ æøå ÄÖÜ äöü ÐÞ ðþ", terms: terms).count == 1)
        #expect(found("Gudrun Jónsdóttir", terms: ["GUÐRÚN JÓNSDÓTTIR"]).isEmpty)
        #expect(found("Guðrún Jónsdóttir", terms: ["GUÐRÚN JÓNSDÓTTIR"]).count == 1)
    }

    @Test func foldsSharpSAndFinalSigmaLikeUnicodeCaseFolding() {
        #expect(found("Herr STRASSE kam", terms: ["Straße"]).count == 1)
        #expect(found("Herr Straße kam", terms: ["STRASSE"]).count == 1)
        #expect(found("ΟΔΥΣΣΕΥΣ", terms: ["Οδυσσευς"]).count == 1)
    }

    @Test func requiresDiacriticsToMatchExactly() {
        #expect(found("Møte med Kari Ostby", terms: ["Kari Østby"]).isEmpty)
        #expect(found("Ahmad Karimi", terms: ["Ahmed Karimi"]).isEmpty)
        #expect(found("Rene", terms: ["René"]).isEmpty)
    }

    @Test func matchesComposedAndDecomposedForms() {
        let composed = "Ren\u{00E9} Lef\u{00E8}vre"
        let decomposed = "Rene\u{0301} Lefe\u{0300}vre"
        #expect(found("med \(decomposed) i dag", terms: [composed]).count == 1)
        #expect(found("med \(composed) i dag", terms: [decomposed]).count == 1)
    }

    @Test func matchesOnlyOnWordBoundaries() {
        let terms = ["Østby", "Per"]
        #expect(found("Østbyen ligger i Perleporten", terms: terms).isEmpty)
        #expect(found("Nordre-Østby og Per's bil", terms: terms).map(\.0) == ["Østby", "Per"])
        #expect(found("Rene\u{0301}", terms: ["Rene"]).isEmpty)
        #expect(found("sak NO-CA-2024-0117.", terms: ["NO-CA-2024-0117"]).map(\.0) == ["NO-CA-2024-0117"])
        #expect(found("sak XNO-CA-2024-01178", terms: ["NO-CA-2024-0117"]).isEmpty)
    }

    @Test func reportsTheIndexOfTheTermAndKeepsEmptyTermsOutOfTheWay() {
        let result = found("Lise og Per", terms: ["", "  ", "Per", "Lise"])
        #expect(result.map(\.1) == [.term(3), .term(2)])
        #expect(FreeTextScanner(terms: ["", " \n"]).matches(in: "tekst").isEmpty)
    }

    @Test func findsEveryOccurrence() {
        let result = found("Østby ringte. ØSTBY kom. østby gikk.", terms: ["Østby"])
        #expect(result.map(\.0) == ["Østby", "ØSTBY", "østby"])
    }

    @Test func findsTermsThatShareAPrefixOrSuffix() {
        let terms = ["Per", "Per Hansen", "Hansen", "Anne Hansen"]
        #expect(found("Per Hansen og Anne Hansen og Per", terms: terms).map(\.1) == [.term(1), .term(3), .term(0)])
    }

    @Test func matchesTermsContainingCharactersOutsideTheLatinTable() {
        #expect(found("Встреча с ИВАНОВЫМ", terms: ["Ивановым"]).count == 1)
        // Ideographs are letters, so a term inside a run of them is not on a word boundary.
        #expect(found("会议王小明今天", terms: ["王小明"]).isEmpty)
        #expect(found("会议 王小明 今天", terms: ["王小明"]).count == 1)
    }
}
