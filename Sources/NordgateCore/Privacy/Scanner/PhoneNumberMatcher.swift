/// Finds telephone numbers in Nordic and international forms at a candidate position.
///
/// International (`+CC…` or `00CC…`): for a Nordic country code the national number must have that country's
/// length — Norway (47) and Denmark (45) 8 digits, Sweden (46) 7–9, Finland (358) 5–10, Iceland (354) 7, after
/// an optional trunk `0` or `(0)` for Sweden and Finland. Any other country code after `+` takes 8–15 digits in
/// all; after `00` the code must stand alone in its own group.
///
/// National: Norwegian mobiles (8 digits starting with 4 or 9, written `91234567`, `912 34 567` or `9123 4567`);
/// any 8 digits written in pairs, `12 34 56 78` (Norway, Denmark); Swedish and Finnish numbers with a trunk `0`
/// (`070-123 45 67`, `08-123 456 78`, `040 123 4567`, `0701234567`); Icelandic 7-digit numbers written
/// `611 2345` or `611-2345` starting with 4–8.
///
/// Groups may be joined by spaces, and in Swedish style by one hyphen after the area code. Dots, slashes, commas
/// and colons never join a phone number, so dates, times, amounts and bank account numbers do not match.
enum PhoneNumberMatcher {
    private static let spaced = NumberGroups.SeparatorSet(.space)
    private static let international = NumberGroups.SeparatorSet(.space, .hyphen, .trunk)

    /// The phone number whose `+` is at `plus`, if one is there.
    static func matchInternational(in text: ScannedText, plus: Int) -> ScanCandidate? {
        guard text.isDigit(at: plus + 1) else { return nil }
        let groups = NumberGroups(in: text, from: plus + 1)
        guard let count = internationalGroupCount(in: text, groups: groups, skipping: 0) else { return nil }
        return ScanCandidate(start: plus, end: groups.end(count - 1), kind: .phone)
    }

    /// The national phone number, or the international one written with `00`, starting at the digit at `start`.
    static func match(in text: ScannedText, at start: Int, groups: NumberGroups) -> ScanCandidate? {
        let first = text[start]
        let second = text.isDigit(at: start + 1) ? text[start + 1] : 0
        let count: Int?
        if first == UInt8(ascii: "0"), second == UInt8(ascii: "0") {
            count = internationalGroupCount(in: text, groups: groups, skipping: 2)
        } else if first == UInt8(ascii: "0") {
            count = trunkPrefixedGroupCount(groups)
        } else {
            count = nationalGroupCount(groups, first: first)
        }
        return count.map { ScanCandidate(start: start, end: groups.end($0 - 1), kind: .phone) }
    }

    /// How many groups an international number takes; `skipping` is 2 for a `00` prefix.
    private static func internationalGroupCount(in text: ScannedText, groups: NumberGroups, skipping: Int) -> Int? {
        let start = groups.start(0) + skipping
        guard groups.length(0) > skipping, text[start] != UInt8(ascii: "0") else { return nil }
        let count = groups.count
        guard groups.isWholeRun(groups: count), groups.separatorsInside(groups: count, areIn: international) else {
            return nil
        }
        let total = groups.digitCount(groups: count) - skipping
        if let nordic = nordicCode(in: text, groups: groups, start: start) {
            var national = total - nordic.codeLength
            if nordic.allowsTrunk, nationalStartsWithZero(in: text, groups: groups, codeEnd: start + nordic.codeLength)
            {
                national -= 1
            }
            return nordic.lengths.contains(national) ? count : nil
        }
        if skipping == 0 { return (8...15).contains(total) ? count : nil }
        // After `00`, an unknown country code must stand alone in the first group.
        let codeLength = groups.length(0) - skipping
        return count > 1 && (1...3).contains(codeLength) && (8...15).contains(total) ? count : nil
    }

    private struct NordicCode {
        var codeLength: Int
        var lengths: ClosedRange<Int>
        var allowsTrunk: Bool
    }

    private static func nordicCode(in text: ScannedText, groups: NumberGroups, start: Int) -> NordicCode? {
        func digit(_ offset: Int) -> UInt8? {
            let position = positionOfDigit(offset, in: groups, from: start)
            return position.map { text[$0] }
        }
        switch (digit(0), digit(1), digit(2)) {
        case (UInt8(ascii: "4"), UInt8(ascii: "7"), _), (UInt8(ascii: "4"), UInt8(ascii: "5"), _):
            return NordicCode(codeLength: 2, lengths: 8...8, allowsTrunk: false)
        case (UInt8(ascii: "4"), UInt8(ascii: "6"), _):
            return NordicCode(codeLength: 2, lengths: 7...9, allowsTrunk: true)
        case (UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "8")):
            return NordicCode(codeLength: 3, lengths: 5...10, allowsTrunk: true)
        case (UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "4")):
            return NordicCode(codeLength: 3, lengths: 7...7, allowsTrunk: false)
        default:
            return nil
        }
    }

    /// Whether the first digit after the country code is a trunk `0`, written plainly or as `(0)`.
    private static func nationalStartsWithZero(in text: ScannedText, groups: NumberGroups, codeEnd: Int) -> Bool {
        if let position = positionOfDigit(0, in: groups, from: codeEnd), text[position] == UInt8(ascii: "0") {
            return true
        }
        for index in 1..<max(groups.count, 1) where groups.separator(before: index) == .trunk {
            // A `(0)` counts only straight after the country code.
            return groups.end(index - 1) == codeEnd
        }
        return false
    }

    /// The offset of the `n`th digit at or after `from` within the groups, skipping separators.
    private static func positionOfDigit(_ n: Int, in groups: NumberGroups, from: Int) -> Int? {
        var remaining = n
        for index in 0..<groups.count where groups.end(index) > from {
            let first = max(groups.start(index), from)
            let available = groups.end(index) - first
            if remaining < available { return first + remaining }
            remaining -= available
        }
        return nil
    }

    /// Swedish and Finnish national numbers with a trunk `0`.
    private static func trunkPrefixedGroupCount(_ groups: NumberGroups) -> Int? {
        let area = groups.length(0)
        if (9...10).contains(area), groups.isWholeRun(groups: 1) { return 1 }
        guard (2...4).contains(area), groups.count >= 2 else { return nil }
        let count = groups.count
        guard groups.isWholeRun(groups: count) else { return nil }
        for index in 2..<max(count, 2) where groups.separator(before: index) != .space { return nil }
        for index in 1..<count where !(2...8).contains(groups.length(index)) { return nil }
        let total = groups.digitCount(groups: count)
        switch groups.separator(before: 1) {
        case .hyphen where (8...10).contains(total):
            return count
        case .space where (9...10).contains(total) && (area >= 3 || groups.length(1) >= 3):
            return count
        default:
            return nil
        }
    }

    /// Norwegian, Danish and Icelandic national numbers without a trunk prefix.
    private static func nationalGroupCount(_ groups: NumberGroups, first: UInt8) -> Int? {
        let isMobile = first == UInt8(ascii: "4") || first == UInt8(ascii: "9")
        if groups.isWholeRun(groups: 4), groups.separatorsInside(groups: 4, areIn: spaced),
            groups.count >= 4, groups.hasLayout([2, 2, 2, 2], groups: 4)
        {
            return 4
        }
        if isMobile, groups.count >= 3, groups.isWholeRun(groups: 3),
            groups.separatorsInside(groups: 3, areIn: spaced), groups.hasLayout([3, 2, 3], groups: 3)
        {
            return 3
        }
        if groups.isWholeRun(groups: 2) {
            if isMobile, groups.separator(before: 1) == .space, groups.hasLayout([4, 4], groups: 2) { return 2 }
            let separator = groups.separator(before: 1)
            if (UInt8(ascii: "4")...UInt8(ascii: "8")).contains(first), separator == .space || separator == .hyphen,
                groups.hasLayout([3, 4], groups: 2)
            {
                return 2
            }
        }
        if isMobile, groups.isWholeRun(groups: 1), groups.length(0) == 8 { return 1 }
        return nil
    }
}
