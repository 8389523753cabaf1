/// Finds personal identifiers in free text: Nordic national identity numbers (validated by their check rules),
/// e-mail addresses, telephone numbers, and caller-supplied terms such as the names and case references a record
/// carries in its structured fields.
///
/// The scanner is deterministic and uses no model: hand-written matchers walk the text's UTF-8 bytes once. A few
/// terms (up to ``TermList/maximumPatterns`` folded forms, as a record's own values give) are tried where the text
/// holds their first letter; more are found by one pass of an Aho–Corasick automaton, so scanning takes time
/// linear in the text (plus the number of matches) however many terms there are. Build a scanner once and share
/// it; it is immutable and `Sendable`.
///
/// ```swift
/// let scanner = FreeTextScanner(terms: ["Kari Østby"])
/// let clean = scanner.redact(note) { match in "[\(match.kind)]" }
/// ```
///
/// Numbers that fail their check rule, dates, times, amounts, bank account numbers, organisation numbers and case
/// numbers are left alone; see `docs/privacy.md` for the exact rules and their limits.
public struct FreeTextScanner: Sendable {
    /// The built-in detectors this scanner runs.
    public let detectors: Detectors
    /// The terms, when they are few.
    private let termList: TermList?
    /// The terms, when they are many.
    private let automaton: TermAutomaton?

    /// Creates a scanner.
    ///
    /// - Parameters:
    ///   - terms: literal terms to find, matched ignoring case and the amount of white space between words, on
    ///     word boundaries; a match reports ``Match/Kind/term(_:)`` with the term's index in this array. Empty
    ///     terms are ignored.
    ///   - detectors: the built-in detectors to run; all by default.
    public init(terms: [String] = [], detectors: Detectors = .all) {
        self.detectors = detectors
        if let list = TermList(terms: terms) {
            termList = list
            automaton = nil
        } else {
            termList = nil
            automaton = TermAutomaton(terms: terms)
        }
    }

    /// Finds the identifiers in `text`.
    ///
    /// Where candidates overlap, the longest wins, then the earliest; between candidates covering exactly the same
    /// text a term wins over a national identity number, which wins over an e-mail address, which wins over a
    /// phone number.
    ///
    /// - Parameter text: the text to scan.
    /// - Returns: non-overlapping matches in text order.
    public func matches(in text: String) -> [Match] {
        var contiguous = text
        contiguous.makeContiguousUTF8()
        let resolved =
            contiguous.utf8.withContiguousStorageIfAvailable { buffer in
                ScanCandidate.resolve(candidates(in: ScannedText(bytes: buffer)), textLength: buffer.count)
            } ?? []
        // Indices come from the caller's string, so they stay valid for it even if it had to be copied above.
        let utf8 = text.utf8
        return resolved.map { candidate in
            let lower = utf8.index(utf8.startIndex, offsetBy: candidate.start)
            let upper = utf8.index(lower, offsetBy: candidate.length)
            return Match(kind: candidate.kind, range: lower..<upper, utf8Range: candidate.start..<candidate.end)
        }
    }

    /// Rebuilds `text` with every match replaced.
    ///
    /// - Parameters:
    ///   - text: the text to redact.
    ///   - replacement: the text that takes the place of a match, e.g. a pseudonym or a fixed marker.
    /// - Returns: the text with every match from ``matches(in:)`` replaced and everything else unchanged.
    public func redact(_ text: String, replacement: (Match) throws -> String) rethrows -> String {
        let found = matches(in: text)
        guard !found.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var last = text.startIndex
        for match in found {
            result += text[last..<match.range.lowerBound]
            result += try replacement(match)
            last = match.range.upperBound
        }
        result += text[last...]
        return result
    }

    /// Every candidate of every enabled matcher, unresolved.
    private func candidates(in text: ScannedText) -> [ScanCandidate] {
        var found: [ScanCandidate] = []
        let numbers = !detectors.isDisjoint(with: [.nationalIDs, .phones])
        var offset = 0
        while offset < text.count {
            let byte = text[offset]
            if byte &- 0x30 < 10 {
                if numbers, isNumberStart(in: text, at: offset) {
                    let groups = NumberGroups(in: text, from: offset)
                    if detectors.contains(.nationalIDs),
                        let id = IdentityNumberMatcher.match(in: text, at: offset, groups: groups)
                    {
                        found.append(id)
                    }
                    if detectors.contains(.phones), !followsDigitGroup(in: text, at: offset),
                        let phone = PhoneNumberMatcher.match(in: text, at: offset, groups: groups)
                    {
                        found.append(phone)
                    }
                }
                // No number starts inside a run of digits: skip to its end.
                offset += 1
                while offset < text.count, text[offset] &- 0x30 < 10 { offset += 1 }
                continue
            }
            if byte == UInt8(ascii: "+"), detectors.contains(.phones), !text.isWordCharacter(before: offset),
                let phone = PhoneNumberMatcher.matchInternational(in: text, plus: offset)
            {
                found.append(phone)
            } else if byte == UInt8(ascii: "@"), detectors.contains(.emails),
                let email = EmailAddressMatcher.match(in: text, at: offset)
            {
                found.append(email)
            }
            offset += 1
        }
        if let termList {
            termList.findMatches(in: text, into: &found)
        } else {
            automaton?.findMatches(in: text, into: &found)
        }
        return found
    }

    /// Whether the digit at `offset` continues a run of digit groups joined by spaces (as in the later groups of
    /// `4929 1234 5678 9012`); a phone number must be the whole run, so it cannot start there.
    private func followsDigitGroup(in text: ScannedText, at offset: Int) -> Bool {
        guard offset >= 2 else { return false }
        for length in 1...3 where offset - length - 1 >= 0 {
            if let (separator, separatorLength) = NumberGroups.separator(in: text, at: offset - length),
                separatorLength == length, separator == .space
            {
                return text.isDigit(at: offset - length - 1)
            }
        }
        return false
    }

    /// Whether a number may start at the digit at `offset`: it must not continue a word or another number, as in
    /// `ID123`, `SN-123`, `ref/123`, `1.23`, `12,5`, `12:30` or the digits after a phone number's `+`.
    private func isNumberStart(in text: ScannedText, at offset: Int) -> Bool {
        guard offset > 0 else { return true }
        if text.isWordCharacter(before: offset) { return false }
        let previous = text[offset - 1]
        switch previous {
        case UInt8(ascii: "+"):
            return false
        case UInt8(ascii: "-"), UInt8(ascii: "/"):
            return !text.isWordCharacter(before: offset - 1)
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"):
            return !text.isDigit(at: offset - 2)
        default:
            return true
        }
    }
}
