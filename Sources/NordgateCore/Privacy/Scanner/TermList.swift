/// Finds a few caller-supplied terms by trying, at each place a term can start, the terms that start with the
/// text's folded unit there; the matcher ``FreeTextScanner`` uses for small term sets.
///
/// It finds exactly what ``TermAutomaton`` finds (the same folding, white-space runs, composed and decomposed
/// forms, word boundaries, and the first term's index where two terms fold alike), but building it costs a
/// fold per term instead of a trie with failure links, and scanning costs a table lookup per scalar of the
/// text until a term's first unit turns up. A record brings a dozen or so terms of its own, and a new matcher is
/// built for every record, so this is the cheaper one there; the automaton stays linear whatever the number of
/// terms and takes over above ``maximumPatterns``.
struct TermList: Sendable {
    /// The most folded forms this matcher takes; ``FreeTextScanner`` uses ``TermAutomaton`` above it.
    static let maximumPatterns = 48

    /// The folded forms: one or two per term (composed and decomposed), each unit sequence once.
    private let patterns: [[UInt32]]
    /// The first unit of each pattern.
    private let firstUnits: [UInt32]
    /// The second unit of each pattern when it is an ASCII letter or digit (most are), else `nil`: a cheap test
    /// that turns most places holding a term's first letter away before the full comparison.
    private let secondUnits: [UInt32?]
    /// The index, in the scanner's terms, of each pattern's term.
    private let termIndices: [Int]
    /// Which ASCII units start some pattern, as a 128-bit set.
    private let asciiFirstUnits: (low: UInt64, high: UInt64)
    /// Whether some pattern starts with a unit outside ASCII.
    private let hasOtherFirstUnits: Bool

    /// Prepares `terms`; `nil` when they fold to more than ``maximumPatterns`` forms.
    init?(terms: [String]) {
        var patterns: [[UInt32]] = []
        var termIndices: [Int] = []
        patterns.reserveCapacity(2 * terms.count)
        termIndices.reserveCapacity(2 * terms.count)
        // As in the automaton, a unit sequence keeps the first term that produced it. The forms are few, so
        // comparing with each earlier one costs less than hashing them.
        func add(_ form: [UInt32], _ index: Int) {
            guard !patterns.contains(where: { $0 == form }) else { return }
            patterns.append(form)
            termIndices.append(index)
        }
        for (index, text) in terms.enumerated() {
            let folded = TermAutomaton.fold(text)
            guard !folded.isEmpty else { continue }
            let (composed, decomposed) = TermAutomaton.canonicalForms(of: folded)
            add(composed, index)
            if decomposed != composed { add(decomposed, index) }
            if patterns.count > Self.maximumPatterns { return nil }
        }
        var low: UInt64 = 0
        var high: UInt64 = 0
        var other = false
        for pattern in patterns {
            let first = pattern[0]
            if first < 64 {
                low |= 1 << UInt64(first)
            } else if first < 128 {
                high |= 1 << UInt64(first - 64)
            } else {
                other = true
            }
        }
        self.patterns = patterns
        firstUnits = patterns.map { $0[0] }
        secondUnits = patterns.map { pattern in
            guard pattern.count > 1, pattern[1] < 128, ScannedText.isASCIIWord(UInt8(pattern[1])) else { return nil }
            return pattern[1]
        }
        self.termIndices = termIndices
        asciiFirstUnits = (low, high)
        hasOtherFirstUnits = other
    }

    /// Appends every term occurrence in `text` to `candidates` (overlaps are resolved later).
    func findMatches(in text: ScannedText, into candidates: inout [ScanCandidate]) {
        guard !patterns.isEmpty else { return }
        var offset = 0
        while offset < text.count {
            let byte = text[offset]
            if byte < 0x80 {
                if ScannedText.isASCIIWord(byte) {
                    // A term does not start inside a word: past the first letter, a run of ASCII letters and
                    // digits holds no start at all.
                    if !text.isWordCharacter(before: offset), isFirstUnit(TermCaseFolding.foldASCII(byte)) {
                        tryPatterns(first: TermCaseFolding.foldASCII(byte), at: offset, next: offset + 1, in: text, &candidates)
                    }
                    offset += 1
                    while offset < text.count, text[offset] < 0x80, ScannedText.isASCIIWord(text[offset]) { offset += 1 }
                    continue
                }
                // White space never starts a term (folded terms are trimmed); punctuation is not a word character,
                // so a term that starts with it may start anywhere.
                if !TermCaseFolding.isASCIISpace(byte), isFirstUnit(UInt32(byte)) {
                    tryPatterns(first: UInt32(byte), at: offset, next: offset + 1, in: text, &candidates)
                }
                offset += 1
                continue
            }
            let (value, next) = text.scalar(at: offset)
            let first = TermCaseFolding.fold(value).first
            if (first >= 128 ? hasOtherFirstUnits : isFirstUnit(first)),
                !(text.isWordCharacter(before: offset) && text.isWordCharacter(at: offset))
            {
                tryPatterns(first: first, at: offset, next: next, in: text, &candidates)
            }
            offset = next
        }
    }

    /// Whether some pattern starts with the ASCII unit `unit`.
    @inline(__always)
    private func isFirstUnit(_ unit: UInt32) -> Bool {
        unit < 64 ? asciiFirstUnits.low & (1 << UInt64(unit)) != 0
            : unit < 128 && asciiFirstUnits.high & (1 << UInt64(unit - 64)) != 0
    }

    /// Tries every pattern that starts with `first` at `offset`, where a term may start; `next` is where the
    /// scalar at `offset` ends.
    private func tryPatterns(
        first: UInt32, at offset: Int, next: Int, in text: ScannedText, _ candidates: inout [ScanCandidate]
    ) {
        // The text's second unit, when this scalar is ASCII (one unit) and the next byte an ASCII letter or digit
        // (one unit, folded by lower-casing): it turns most places away before the full comparison.
        var second: UInt32?
        if next == offset + 1, next < text.count, text[next] < 0x80, ScannedText.isASCIIWord(text[next]) {
            second = TermCaseFolding.foldASCII(text[next])
        }
        for index in firstUnits.indices where firstUnits[index] == first {
            if let expected = secondUnits[index], let second, expected != second { continue }
            if let end = Self.matchEnd(of: patterns[index], in: text, from: offset) {
                candidates.append(ScanCandidate(start: offset, end: end, kind: .term(termIndices[index])))
            }
        }
    }

    /// Where `pattern` ends when the text's folded units from `start` spell it, the match ends with a scalar
    /// and not inside a word; `nil` otherwise. A run of white space in the text is one space unit.
    private static func matchEnd(of pattern: [UInt32], in text: ScannedText, from start: Int) -> Int? {
        var unit = 0
        var offset = start
        var inSpace = false
        while offset < text.count {
            let byte = text[offset]
            let next: Int
            if byte < 0x80 {
                next = offset + 1
                if TermCaseFolding.isASCIISpace(byte) {
                    if !inSpace {
                        guard pattern[unit] == TermCaseFolding.space else { return nil }
                        unit += 1
                    }
                    inSpace = true
                } else {
                    inSpace = false
                    guard pattern[unit] == TermCaseFolding.foldASCII(byte) else { return nil }
                    unit += 1
                }
            } else {
                let (value, end) = text.scalar(at: offset)
                next = end
                let folded = TermCaseFolding.fold(value)
                if folded.first == TermCaseFolding.space {
                    if !inSpace {
                        guard pattern[unit] == TermCaseFolding.space else { return nil }
                        unit += 1
                    }
                    inSpace = true
                } else {
                    inSpace = false
                    for index in 0..<folded.count {
                        // The pattern must end with the scalar's last unit, not inside its fold.
                        guard unit < pattern.count, pattern[unit] == folded[index] else { return nil }
                        unit += 1
                    }
                }
            }
            if unit == pattern.count {
                let endsInsideWord = text.isWordCharacter(before: next) && text.isWordCharacter(at: next)
                return endsInsideWord ? nil : next
            }
            offset = next
        }
        return nil
    }
}
