import Testing

@testable import NordgateCore

/// The small-set term matcher must find exactly what the Aho–Corasick automaton finds.
struct TermListTests {
    /// Terms with Nordic letters, decomposed letters, multi-unit folds, inner white space, shared prefixes and
    /// suffixes, a leading non-word character, other scripts, and two spellings that fold alike.
    static let termPool = [
        "Kari Østby", "Østby", "Per", "Per Hansen", "Hansen", "Anne Hansen", "Straße", "STRASSE", "Rene\u{301}",
        "René", "NO-POL-2026-00042", "+4670174060", "Jón Dummydóttir", "Ивановым", "王小明", "kari østby", "ǅemal",
        "x_1", "Åsa", "ss", "e",
    ]

    /// Text pieces: the terms written in other cases and spacings, their neighbours, separators and decoys.
    static let textPool = [
        "Kari Østby", "KARI  ØSTBY", "kari\u{00A0}østby", "Kari\nØstby", "Østbyen", "Nordre-Østby", "Per's",
        "Perleporten", "Per Hansen", "Anne   Hansen", "STRASSE", "Straße", "strasse", "Rene\u{301}", "René", "Rene",
        "NO-POL-2026-00042", "XNO-POL-2026-000421", "+4670174060", "tel+4670174060", "Jón DUMMYDÓTTIR",
        "ИВАНОВЫМ", "会议", "王小明", "ǄEMAL", "x_1", "ÅSA", "ß", "e\u{301}", "é", " ", "  ", "\t", ", ", ". ", "(",
        ")", "-", "og", "møtte", "i", "dag", "\u{2003}",
    ]

    struct Random {
        var state: UInt64
        mutating func next() -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
        }
    }

    static func candidates(_ text: String, _ find: (ScannedText, inout [ScanCandidate]) -> Void) -> Set<[Int]> {
        var copy = text
        return copy.withUTF8 { bytes in
            var found: [ScanCandidate] = []
            find(ScannedText(bytes: bytes), &found)
            return Set(found.map { candidate -> [Int] in
                guard case .term(let index) = candidate.kind else { return [] }
                return [candidate.start, candidate.end, index]
            })
        }
    }

    @Test(arguments: 0..<40)
    func findsWhatTheAutomatonFinds(seed: Int) throws {
        var random = Random(state: UInt64(seed) &* 7919 &+ 1)
        let terms = (0..<(1 + random.next() % 12)).map { _ in Self.termPool[random.next() % Self.termPool.count] }
        let text = (0..<(random.next() % 60)).map { _ in Self.textPool[random.next() % Self.textPool.count] }
            .joined(separator: random.next() % 3 == 0 ? "" : " ")
        let list = try #require(TermList(terms: terms))
        let automaton = TermAutomaton(terms: terms)
        let expected = Self.candidates(text) { automaton.findMatches(in: $0, into: &$1) }
        let found = Self.candidates(text) { list.findMatches(in: $0, into: &$1) }
        #expect(found == expected, "terms \(terms) in \(text.debugDescription)")
    }

    @Test
    func scannerFindsTheSameWithManyTerms() {
        // Past the limit the scanner takes the automaton; the result is the same either way.
        let few = Array(Self.termPool.prefix(8))
        let many = few + (0..<60).map { "filler\($0)" }
        #expect(TermList(terms: many) == nil)
        let text = Self.textPool.joined(separator: " ")
        let withFew = FreeTextScanner(terms: few, detectors: []).matches(in: text)
        let withMany = FreeTextScanner(terms: many, detectors: []).matches(in: text)
        #expect(withFew == withMany)
        #expect(!withFew.isEmpty)
    }
}
