import Foundation

/// An Aho–Corasick automaton over case-folded Unicode scalars that finds caller-supplied terms in one pass.
///
/// A term matches when the text, folded with ``TermCaseFolding``, spells the folded term, any run of white space
/// in the text standing for any run of white space in the term, and the match neither starts nor ends inside a
/// word. Each term is entered in composed (NFC) and decomposed (NFD) form, so `é` written either way matches.
struct TermAutomaton: Sendable {
    /// Whether no term could be entered (all were empty or white space).
    let isEmpty: Bool
    /// The longest entered term, in folded units.
    private let maxLength: Int

    private let rootASCII: [Int32]
    private let units: [UInt32]
    private let firstChild: [Int32]
    private let nextSibling: [Int32]
    private let failure: [Int32]
    private let outputTerm: [Int32]
    private let outputLength: [Int32]
    private let outputLink: [Int32]

    /// Builds the automaton.
    ///
    /// - Parameter terms: the terms; a match reports the index of its term in this array.
    init(terms: [String]) {
        // A trie with children as linked lists: terms are few and short, so this builds faster than hashing.
        var units: [UInt32] = [0]
        var firstChild: [Int32] = [-1]
        var nextSibling: [Int32] = [-1]
        var term: [Int32] = [-1]
        var depth: [Int32] = [0]
        var longest = 0
        var rootASCII = [Int32](repeating: 0, count: 128)

        func child(of node: Int32, _ unit: UInt32) -> Int32? {
            if node == 0, unit < 128 {
                let next = rootASCII[Int(unit)]
                return next == 0 ? nil : next
            }
            var candidate = firstChild[Int(node)]
            while candidate >= 0 {
                if units[Int(candidate)] == unit { return candidate }
                candidate = nextSibling[Int(candidate)]
            }
            return nil
        }

        func insert(_ pattern: [UInt32], index: Int) {
            var node: Int32 = 0
            for unit in pattern {
                if let next = child(of: node, unit) {
                    node = next
                    continue
                }
                let next = Int32(units.count)
                units.append(unit)
                firstChild.append(-1)
                nextSibling.append(firstChild[Int(node)])
                firstChild[Int(node)] = next
                if node == 0, unit < 128 { rootASCII[Int(unit)] = next }
                term.append(-1)
                depth.append(depth[Int(node)] + 1)
                node = next
            }
            if term[Int(node)] < 0 { term[Int(node)] = Int32(index) }
            longest = max(longest, pattern.count)
        }

        for (index, text) in terms.enumerated() {
            let folded = Self.fold(text)
            guard !folded.isEmpty else { continue }
            let (composed, decomposed) = Self.canonicalForms(of: folded)
            insert(composed, index: index)
            if decomposed != composed { insert(decomposed, index: index) }
        }

        // Breadth-first failure links and output links.
        var failure = [Int32](repeating: 0, count: units.count)
        var outputLink = [Int32](repeating: -1, count: units.count)
        var queue: [Int32] = []
        var rootChild = firstChild[0]
        while rootChild >= 0 {
            queue.append(rootChild)
            rootChild = nextSibling[Int(rootChild)]
        }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            var childNode = firstChild[Int(node)]
            while childNode >= 0 {
                let unit = units[Int(childNode)]
                var fallback = failure[Int(node)]
                while child(of: fallback, unit) == nil && fallback != 0 { fallback = failure[Int(fallback)] }
                let target = child(of: fallback, unit) ?? 0
                failure[Int(childNode)] = target
                outputLink[Int(childNode)] = term[Int(target)] >= 0 ? target : outputLink[Int(target)]
                queue.append(childNode)
                childNode = nextSibling[Int(childNode)]
            }
        }

        self.isEmpty = units.count == 1
        self.maxLength = longest
        self.rootASCII = rootASCII
        self.units = units
        self.firstChild = firstChild
        self.nextSibling = nextSibling
        self.failure = failure
        self.outputTerm = term
        self.outputLength = depth
        self.outputLink = outputLink
    }

    /// Folds a term and collapses its white space to single ``TermCaseFolding/space`` units, trimming both ends.
    static func fold(_ text: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                // ASCII folds by the same rules without the table: white space, or A–Z lower-cased.
                let byte = UInt8(scalar.value)
                if TermCaseFolding.isASCIISpace(byte) {
                    pendingSpace = !result.isEmpty
                } else {
                    if pendingSpace { result.append(TermCaseFolding.space) }
                    pendingSpace = false
                    result.append(TermCaseFolding.foldASCII(byte))
                }
                continue
            }
            let folded = TermCaseFolding.fold(scalar.value)
            for index in 0..<folded.count {
                let unit = folded[index]
                if unit == TermCaseFolding.space {
                    pendingSpace = !result.isEmpty
                } else {
                    if pendingSpace { result.append(TermCaseFolding.space) }
                    pendingSpace = false
                    result.append(unit)
                }
            }
        }
        return result
    }

    /// The composed (NFC) and decomposed (NFD) forms of folded units.
    ///
    /// Units below U+0250 are base letters or precomposed letters, already composed, and decompose one by one
    /// through a table; anything else goes through Foundation's normalisation.
    static func canonicalForms(of folded: [UInt32]) -> (composed: [UInt32], decomposed: [UInt32]) {
        // ASCII has no decompositions: both forms are the units themselves (and share their storage).
        if folded.allSatisfy({ $0 < 0x80 }) { return (folded, folded) }
        if folded.allSatisfy({ $0 < TermCaseFolding.tableSize }) {
            var decomposed: [UInt32] = []
            decomposed.reserveCapacity(folded.count + 4)
            for unit in folded {
                let parts = TermCaseFolding.canonicalDecomposition(unit)
                for index in 0..<parts.count { decomposed.append(parts[index]) }
            }
            return (folded, decomposed)
        }
        var text = String.UnicodeScalarView()
        for unit in folded { text.append(Unicode.Scalar(unit)!) }
        let string = String(text)
        return (
            string.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value),
            string.decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
        )
    }

    private func transition(_ node: Int32, _ unit: UInt32) -> Int32? {
        if node == 0, unit < 128 {
            let next = rootASCII[Int(unit)]
            return next == 0 ? nil : next
        }
        var candidate = firstChild[Int(node)]
        while candidate >= 0 {
            if units[Int(candidate)] == unit { return candidate }
            candidate = nextSibling[Int(candidate)]
        }
        return nil
    }

    private func step(_ state: Int32, _ unit: UInt32) -> Int32 {
        var node = state
        while true {
            if let next = transition(node, unit) { return next }
            if node == 0 { return 0 }
            node = failure[Int(node)]
        }
    }

    /// Appends every term occurrence in `text` to `candidates` (overlaps are resolved later).
    func findMatches(in text: ScannedText, into candidates: inout [ScanCandidate]) {
        guard !isEmpty else { return }
        var ringSize = 1
        while ringSize < maxLength { ringSize <<= 1 }
        let mask = ringSize - 1
        // Where each of the last `ringSize` units starts, and whether it is the first unit of its scalar.
        var unitStart = [Int](repeating: 0, count: ringSize)
        var unitIsFirst = [Bool](repeating: false, count: ringSize)
        var unitIndex = 0
        var state: Int32 = 0
        var inSpace = false
        var offset = 0

        func emit(_ unit: UInt32, start: Int, end: Int, isFirst: Bool, isLast: Bool) {
            state = step(state, unit)
            unitStart[unitIndex & mask] = start
            unitIsFirst[unitIndex & mask] = isFirst
            if isLast {
                var node = outputTerm[Int(state)] >= 0 ? state : outputLink[Int(state)]
                while node >= 0 {
                    let first = unitIndex - Int(outputLength[Int(node)]) + 1
                    let matchStart = unitStart[first & mask]
                    if unitIsFirst[first & mask],
                        !(text.isWordCharacter(at: matchStart) && text.isWordCharacter(before: matchStart)),
                        !(text.isWordCharacter(before: end) && text.isWordCharacter(at: end))
                    {
                        candidates.append(
                            ScanCandidate(start: matchStart, end: end, kind: .term(Int(outputTerm[Int(node)])))
                        )
                    }
                    node = outputLink[Int(node)]
                }
            }
            unitIndex += 1
        }

        while offset < text.count {
            let byte = text[offset]
            if byte < 0x80 {
                if TermCaseFolding.isASCIISpace(byte) {
                    if !inSpace {
                        emit(TermCaseFolding.space, start: offset, end: offset + 1, isFirst: true, isLast: true)
                    }
                    inSpace = true
                } else {
                    inSpace = false
                    emit(TermCaseFolding.foldASCII(byte), start: offset, end: offset + 1, isFirst: true, isLast: true)
                }
                offset += 1
                continue
            }
            let (value, next) = text.scalar(at: offset)
            let folded = TermCaseFolding.fold(value)
            if folded.first == TermCaseFolding.space {
                if !inSpace { emit(TermCaseFolding.space, start: offset, end: next, isFirst: true, isLast: true) }
                inSpace = true
            } else {
                inSpace = false
                for index in 0..<folded.count {
                    emit(
                        folded[index],
                        start: offset,
                        end: next,
                        isFirst: index == 0,
                        isLast: index == folded.count - 1
                    )
                }
            }
            offset = next
        }
    }
}
