/// Finds an e-mail address around an `@`.
///
/// The local part is letters (any script), digits and `. _ % + -`, at most 64 bytes, neither starting nor ending
/// with a dot and without two dots in a row. The domain is at least two labels of letters, digits and hyphens
/// (not at either end of a label) joined by single dots; the last label has at least two letters and no digits.
/// A dot that ends a sentence is not part of the address.
enum EmailAddressMatcher {
    private static let maxLocalLength = 64
    private static let maxDomainLength = 253

    /// The address whose `@` is at `at`, if one is there.
    static func match(in text: ScannedText, at: Int) -> ScanCandidate? {
        guard let start = localPartStart(in: text, at: at), let end = domainEnd(in: text, from: at + 1) else {
            return nil
        }
        return ScanCandidate(start: start, end: end, kind: .email)
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        ScannedText.isASCIIWord(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "%")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func localPartStart(in text: ScannedText, at: Int) -> Int? {
        var start = at
        while start > 0 {
            let byte = text[start - 1]
            if byte < 0x80 {
                guard isLocalByte(byte) else { break }
                start -= 1
            } else {
                let scalarStart = text.startOfScalar(before: start)
                guard ScannedText.isWordScalar(text.scalar(at: scalarStart).value) else { break }
                start = scalarStart
            }
            if at - start > maxLocalLength { return nil }
        }
        // Leading dots belong to the sentence, not to the address.
        while start < at, text[start] == UInt8(ascii: ".") { start += 1 }
        guard start < at, text[at - 1] != UInt8(ascii: ".") else { return nil }
        for offset in start..<(at - 1) where text[offset] == UInt8(ascii: ".") && text[offset + 1] == UInt8(ascii: ".")
        {
            return nil
        }
        return start
    }

    private static func domainEnd(in text: ScannedText, from start: Int) -> Int? {
        var offset = start
        var labels = 0
        var lastLabelIsAlphabetic = false
        var lastLabelLength = 0
        var end: Int?
        while offset < text.count, offset - start <= maxDomainLength {
            // One label.
            let labelStart = offset
            var alphabetic = true
            var letters = 0
            while offset < text.count {
                let byte = text[offset]
                if byte < 0x80 {
                    guard ScannedText.isASCIIWord(byte) && byte != UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    else { break }
                    if byte &- 0x30 < 10 || byte == UInt8(ascii: "-") { alphabetic = false } else { letters += 1 }
                    offset += 1
                } else {
                    let (value, next) = text.scalar(at: offset)
                    guard ScannedText.isWordScalar(value) else { break }
                    letters += 1
                    offset = next
                }
            }
            guard offset > labelStart, text[labelStart] != UInt8(ascii: "-"), text[offset - 1] != UInt8(ascii: "-")
            else { break }
            labels += 1
            lastLabelIsAlphabetic = alphabetic
            lastLabelLength = letters
            if labels >= 2, lastLabelIsAlphabetic, lastLabelLength >= 2 {
                end = offset
            } else if labels >= 2 {
                end = nil
            }
            guard offset + 1 < text.count, text[offset] == UInt8(ascii: "."),
                text[offset + 1] != UInt8(ascii: "."), text[offset + 1] != UInt8(ascii: "-")
            else { break }
            offset += 1
        }
        // Too long a domain is not an address; nor is one that runs straight into another `@` (`a@b.no@c`).
        guard offset - start <= maxDomainLength, let end, end >= text.count || text[end] != UInt8(ascii: "@") else {
            return nil
        }
        return end
    }
}
