/// Finds Nordic national identity numbers at a candidate position and validates them by their country's rule.
///
/// Accepted layouts, each as a whole token (see ``NumberGroups/endsCleanly(afterGroups:)``):
/// - Norway: 11 digits, or `DDMMYY NNNNN`;
/// - Sweden: 12 digits, or `YYYYMMDD-NNNN`;
/// - Finland: `DDMMYYCZZZQ` with any century sign;
/// - 10 digits, `DDMMYY-NNNN` or `YYMMDD+NNNN`: Iceland, Finland, Sweden, Denmark, tried in that order (the
///   order of how much each rule constrains the number), and the first rule that passes names the country.
enum IdentityNumberMatcher {
    /// The identity number starting at the digit at `start`, if one is there.
    static func match(in text: ScannedText, at start: Int, groups: NumberGroups) -> ScanCandidate? {
        if let finnish = finnishWithLetter(in: text, at: start, groups: groups) { return finnish }
        for count in stride(from: min(groups.count, 2), through: 1, by: -1) {
            guard groups.endsCleanly(afterGroups: count), let digits = groups.digits(in: text, groups: count) else {
                continue
            }
            let separator = count == 2 ? groups.separator(before: 1) : .none
            if let country = country(of: digits, separator: separator, groups: groups, count: count, text: text) {
                return ScanCandidate(start: start, end: groups.end(count - 1), kind: .nationalID(country))
            }
        }
        return nil
    }

    private static func country(
        of digits: DigitBuffer,
        separator: NumberGroups.Separator,
        groups: NumberGroups,
        count: Int,
        text: ScannedText
    ) -> FreeTextScanner.Country? {
        switch (digits.count, count) {
        case (11, 1):
            return NorwegianIdentityNumber.parse(digits) != nil ? .norway : nil
        case (11, 2):
            guard groups.length(0) == 6, separator == .space else { return nil }
            return NorwegianIdentityNumber.parse(digits) != nil ? .norway : nil
        case (12, 1):
            return SwedishPersonalIdentityNumber.parse(digits, separator: nil) != nil ? .sweden : nil
        case (12, 2):
            guard groups.length(0) == 8, separator == .hyphen else { return nil }
            return SwedishPersonalIdentityNumber.parse(digits, separator: UInt8(ascii: "-")) != nil ? .sweden : nil
        case (10, 1):
            return tenDigitCountry(digits, separator: nil, text: text, start: groups.start(0))
        case (10, 2):
            guard groups.length(0) == 6 else { return nil }
            switch separator {
            case .hyphen:
                return tenDigitCountry(digits, separator: UInt8(ascii: "-"), text: text, start: groups.start(0))
            case .plus: return tenDigitCountry(digits, separator: UInt8(ascii: "+"), text: text, start: groups.start(0))
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func tenDigitCountry(
        _ digits: DigitBuffer,
        separator: UInt8?,
        text: ScannedText,
        start: Int
    ) -> FreeTextScanner.Country? {
        if separator != UInt8(ascii: "+"), let kennitala = IcelandicKennitala.parse(digits), !kennitala.isLegalEntity {
            return .iceland
        }
        if separator != nil, FinnishPersonalIdentityCode.parse(text.bytes[start..<(start + 11)]) != nil {
            return .finland
        }
        if SwedishPersonalIdentityNumber.parse(digits, separator: separator) != nil { return .sweden }
        if separator != UInt8(ascii: "+"), DanishCPRNumber.parse(digits) != nil { return .denmark }
        return nil
    }

    /// A Finnish code whose century sign or check character is a letter (codes written only with digits, `-`
    /// and `+` are handled with the other 10-digit numbers).
    private static func finnishWithLetter(in text: ScannedText, at start: Int, groups: NumberGroups) -> ScanCandidate? {
        let end = start + 11
        guard groups.length(0) == 6, end <= text.count,
            FinnishPersonalIdentityCode.century(sign: text[start + 6]) != nil,
            isUppercaseLetter(text[start + 6]) || isUppercaseLetter(text[start + 10]),
            !text.isWordCharacter(at: end),
            !(NumberGroups.separator(in: text, at: end) != nil && text.isDigit(at: end + 1)),
            FinnishPersonalIdentityCode.parse(text.bytes[start..<end]) != nil
        else { return nil }
        return ScanCandidate(start: start, end: end, kind: .nationalID(.finland))
    }

    private static func isUppercaseLetter(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "A") < 26
    }
}
