/// The check rule for the Danish civil registration number (CPR-nummer).
///
/// The number has 10 digits, `DDMMYY-SSSS`, written with or without the hyphen. The date must exist in the century
/// given by the seventh digit (the first of `SSSS`) and the year, after the CPR office's table:
///
/// | 7th digit | year 00–36 | year 37–57 | year 58–99 |
/// |---|---|---|---|
/// | 0–3 | 1900s | 1900s | 1900s |
/// | 4, 9 | 2000s | 1900s | 1900s |
/// | 5–8 | 2000s | 2000s | 1800s |
///
/// The old modulus-11 check is not applied: since 2007 numbers are issued that do not satisfy it.
///
/// Source: CPR-kontoret, "Personnummeret i CPR-systemet" (the century table and the end of the modulus-11 rule).
public enum DanishCPRNumber {
    /// The facts a valid number encodes.
    struct Parsed: Equatable {
        var year: Int
        var month: Int
        var day: Int
    }

    /// Whether `text` is a valid CPR number.
    ///
    /// - Parameter text: 10 digits, or `DDMMYY-SSSS`.
    /// - Returns: true when the text has an accepted layout and its date exists in the century the table gives.
    public static func validate(_ text: some StringProtocol) -> Bool {
        var compact = Substring(text)
        if compact.utf8.count == 11, compact.utf8.dropFirst(6).first == UInt8(ascii: "-") {
            compact = compact.prefix(6) + compact.dropFirst(7)
        }
        guard let digits = DigitBuffer(digitsOf: compact) else { return false }
        return parse(digits) != nil
    }

    /// Parses 10 digit values; nil when they do not form a valid number.
    static func parse(_ digits: DigitBuffer) -> Parsed? {
        guard digits.count == 10 else { return nil }
        let day = digits.number(at: 0, length: 2)
        let month = digits.number(at: 2, length: 2)
        let yy = digits.number(at: 4, length: 2)
        let year = yy + century(seventhDigit: digits[6], twoDigitYear: yy)
        guard IdentityNumberDate.isValid(year: year, month: month, day: day) else { return nil }
        return Parsed(year: year, month: month, day: day)
    }

    /// The century (1800, 1900 or 2000) from the seventh digit and the two-digit year.
    static func century(seventhDigit: Int, twoDigitYear yy: Int) -> Int {
        switch seventhDigit {
        case 4, 9: yy <= 36 ? 2000 : 1900
        case 5...8: yy <= 57 ? 2000 : 1800
        default: 1900
        }
    }
}
