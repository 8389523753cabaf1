/// The run of digit groups that starts at a candidate position, e.g. `912`, `34`, `567` in `912 34 567`.
///
/// Reading is bounded (at most ``maxGroups`` groups of at most ``maxGroupLength`` digits), so each candidate
/// position costs constant time however long the surrounding run of digits is.
struct NumberGroups {
    /// What joins two digit groups.
    enum Separator: UInt8 {
        case none
        /// A space, no-break space, narrow no-break space or thin space.
        case space
        /// An ASCII hyphen-minus.
        case hyphen
        /// A trunk prefix in parentheses, `(0)`, with optional spaces around it (`+46 (0)70`).
        case trunk
        case plus, dot, slash, comma, colon, dash
    }

    static let maxGroups = 8
    static let maxGroupLength = 14

    private var starts = InlineArray<8, Int>(repeating: 0)
    private var ends = InlineArray<8, Int>(repeating: 0)
    private var separators = InlineArray<8, Separator>(repeating: .none)

    /// How many groups were read.
    private(set) var count = 0
    /// Whether the last group read was cut at ``maxGroupLength`` (more digits follow).
    private(set) var isTruncated = false
    /// The separator after the last group read when another group follows it but was not read.
    private(set) var separatorAfter = Separator.none
    /// Whether the text right after the last group is a letter or digit.
    private(set) var isFollowedByWord = false

    /// Reads the groups starting at `start`, which must be an ASCII digit.
    init(in text: ScannedText, from start: Int) {
        var offset = start
        while true {
            let groupStart = offset
            while offset < text.count, text.isDigit(at: offset), offset - groupStart < Self.maxGroupLength {
                offset += 1
            }
            starts[count] = groupStart
            ends[count] = offset
            count += 1
            if text.isDigit(at: offset) {
                isTruncated = true
                return
            }
            guard let (separator, length) = Self.separator(in: text, at: offset), text.isDigit(at: offset + length)
            else {
                isFollowedByWord = text.isWordCharacter(at: offset)
                return
            }
            guard count < Self.maxGroups else {
                separatorAfter = separator
                return
            }
            separators[count] = separator
            offset += length
        }
    }

    /// The offset of the first digit of group `index`.
    func start(_ index: Int) -> Int { starts[index] }

    /// The offset just after the last digit of group `index`.
    func end(_ index: Int) -> Int { ends[index] }

    /// The number of digits in group `index`.
    func length(_ index: Int) -> Int { ends[index] - starts[index] }

    /// The separator before group `index` (``Separator/none`` for the first).
    func separator(before index: Int) -> Separator { separators[index] }

    /// The total number of digits in the first `groups` groups.
    func digitCount(groups: Int) -> Int {
        var total = 0
        for index in 0..<groups { total += length(index) }
        return total
    }

    /// Whether the first `groups` groups have exactly these lengths.
    func hasLayout(_ lengths: [Int], groups: Int) -> Bool {
        guard lengths.count == groups else { return false }
        for index in 0..<groups where length(index) != lengths[index] { return false }
        return true
    }

    /// Whether a match made of the first `groups` groups ends cleanly: it is followed by the end of the text, by
    /// something other than a letter or digit, or by a space and an unrelated group; never by a tight separator
    /// and more digits (as in `1234.56.78903`, `12 500,00` or `2024/12345`).
    func endsCleanly(afterGroups groups: Int) -> Bool {
        if groups < count { return separators[groups] == .space }
        if isTruncated { return false }
        if separatorAfter != .none { return separatorAfter == .space }
        return !isFollowedByWord
    }

    /// Whether the first `groups` groups are the whole run: nothing but the end of the text or a character that is
    /// neither a letter, a digit nor a separator followed by more digits comes after them. Phone numbers must be
    /// whole runs, so that `4929 1234 5678 9012` (a card number) holds no phone number.
    func isWholeRun(groups: Int) -> Bool {
        groups == count && !isTruncated && separatorAfter == .none && !isFollowedByWord
    }

    /// Whether every separator inside the first `groups` groups is one of `allowed`.
    func separatorsInside(groups: Int, areIn allowed: SeparatorSet) -> Bool {
        for index in 1..<max(groups, 1) where !allowed.contains(separators[index]) { return false }
        return true
    }

    /// A set of separators as a bit mask, so that checks allocate nothing.
    struct SeparatorSet {
        let mask: UInt16

        init(_ members: Separator...) { mask = members.reduce(0) { $0 | 1 << UInt16($1.rawValue) } }

        func contains(_ separator: Separator) -> Bool { mask & 1 << UInt16(separator.rawValue) != 0 }
    }

    /// The digit values of the first `groups` groups, or nil when there are more than ``DigitBuffer/capacity``.
    func digits(in text: ScannedText, groups: Int) -> DigitBuffer? {
        var buffer = DigitBuffer()
        for index in 0..<groups {
            for offset in starts[index]..<ends[index] {
                guard buffer.append(text[offset] - 0x30) else { return nil }
            }
        }
        return buffer
    }

    /// The separator that starts at `offset` and its length in bytes, if any.
    static func separator(in text: ScannedText, at offset: Int) -> (Separator, Int)? {
        guard offset < text.count else { return nil }
        switch text[offset] {
        case UInt8(ascii: " "):
            if let trunk = trunkLength(in: text, at: offset + 1) { return (.trunk, 1 + trunk) }
            return (.space, 1)
        case UInt8(ascii: "("):
            return trunkLength(in: text, at: offset).map { (.trunk, $0) }
        case UInt8(ascii: "-"): return (.hyphen, 1)
        case UInt8(ascii: "+"): return (.plus, 1)
        case UInt8(ascii: "."): return (.dot, 1)
        case UInt8(ascii: "/"): return (.slash, 1)
        case UInt8(ascii: ","): return (.comma, 1)
        case UInt8(ascii: ":"): return (.colon, 1)
        case 0xC2 where offset + 1 < text.count && text[offset + 1] == 0xA0:
            return (.space, 2)
        case 0xE2 where offset + 2 < text.count && text[offset + 1] == 0x80:
            switch text[offset + 2] {
            case 0xAF, 0x89: return (.space, 3)
            case 0x93: return (.dash, 3)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// The length of `(0)` at `offset`, with one optional space after it.
    private static func trunkLength(in text: ScannedText, at offset: Int) -> Int? {
        guard offset + 2 < text.count, text[offset] == UInt8(ascii: "("), text[offset + 1] == UInt8(ascii: "0"),
            text[offset + 2] == UInt8(ascii: ")")
        else { return nil }
        return offset + 3 < text.count && text[offset + 3] == UInt8(ascii: " ") ? 4 : 3
    }
}
