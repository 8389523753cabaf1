/// A read-only view of a string's UTF-8 bytes with the character classes the matchers need.
///
/// Valid only inside the closure that lent the buffer (see ``FreeTextScanner``).
struct ScannedText {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    subscript(offset: Int) -> UInt8 { bytes[offset] }

    /// Whether the byte at `offset` exists and is an ASCII digit.
    func isDigit(at offset: Int) -> Bool {
        offset >= 0 && offset < bytes.count && bytes[offset] &- 0x30 < 10
    }

    /// The scalar that starts at `offset` and the offset just after it.
    func scalar(at offset: Int) -> (value: UInt32, end: Int) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (lead, offset + 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0xFF >> UInt32(length + 1))
        for index in (offset + 1)..<min(offset + length, bytes.count) {
            value = value << 6 | UInt32(bytes[index] & 0x3F)
        }
        return (value, offset + length)
    }

    /// The offset where the scalar that ends just before `offset` starts.
    func startOfScalar(before offset: Int) -> Int {
        var start = offset - 1
        while start > 0, bytes[start] & 0xC0 == 0x80, offset - start < 4 { start -= 1 }
        return start
    }

    /// Whether the scalar starting at `offset` is part of a word: a letter, digit, combining mark or `_`.
    /// The end of the text is not.
    func isWordCharacter(at offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        let byte = bytes[offset]
        if byte < 0x80 { return Self.isASCIIWord(byte) }
        return Self.isWordScalar(scalar(at: offset).value)
    }

    /// Whether the scalar ending just before `offset` is part of a word. The start of the text is not.
    func isWordCharacter(before offset: Int) -> Bool {
        guard offset > 0 else { return false }
        let byte = bytes[offset - 1]
        if byte < 0x80 { return Self.isASCIIWord(byte) }
        return Self.isWordScalar(scalar(at: startOfScalar(before: offset)).value)
    }

    static func isASCIIWord(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26 || byte == UInt8(ascii: "_")
    }

    static func isWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIWord(UInt8(value)) }
        if value < TermCaseFolding.tableSize { return latinWordScalars[Int(value)] }
        return isWordScalarByProperties(value)
    }

    /// ``isWordScalarByProperties(_:)`` of the scalars below ``TermCaseFolding/tableSize`` (Latin-1 and Latin
    /// Extended-A and -B, which hold the Nordic letters), computed once.
    private static let latinWordScalars: [Bool] = (0..<TermCaseFolding.tableSize).map(isWordScalarByProperties)

    /// Whether the scalar `value` is a letter, digit or combining mark, from its Unicode properties.
    static func isWordScalarByProperties(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIWord(UInt8(value)) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
