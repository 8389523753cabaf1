/// The check rule for Norwegian national identity numbers: fødselsnummer, D-number, H-number and synthetic
/// (test) numbers.
///
/// The number has 11 digits, `DDMMYY III K1 K2`:
/// - `DDMMYY` is the birth date. A D-number (for people without a fødselsnummer) adds 40 to the day; an H-number
///   (assigned by health services) adds 40 to the month; synthetic test numbers, as issued by the Norwegian Tax
///   Administration's Tenor test data, add 80 to the month. A synthetic number may also be a D-number (day + 40);
///   a D-number is never also an H-number. Other offsets (for instance month + 65) are not accepted.
/// - `III` is the individual number, which also gives the century: 000–499 → 1900–1999; 500–749 with a year of
///   54–99 → 1854–1899; 500–999 with a year of 00–39 → 2000–2039; 900–999 with a year of 40–99 → 1940–1999.
///   Every other combination is invalid.
/// - `K1` and `K2` are modulus-11 check digits with weights 3 7 6 1 8 9 4 5 2 (over the first nine digits) and
///   5 4 3 2 7 6 5 4 3 2 (over the first ten); a remainder giving 11 means 0, one giving 10 means the number is
///   invalid.
///
/// The date, with the offsets removed and the century applied, must exist (29 February only in leap years).
///
/// Source: the Norwegian Tax Administration (Skatteetaten), "Fødselsnummer" and "D-nummer" in the National
/// Population Register documentation, and its Tenor test-data description for synthetic numbers.
public enum NorwegianIdentityNumber {
    /// What kind of Norwegian identity number a valid number is.
    public enum Variant: Sendable, Hashable {
        /// An ordinary fødselsnummer.
        case birthNumber
        /// A D-number (day + 40).
        case dNumber
        /// An H-number (month + 40).
        case hNumber
        /// A synthetic test number (month + 80).
        case synthetic
        /// A synthetic test D-number (day + 40 and month + 80).
        case syntheticDNumber
    }

    /// The facts a valid number encodes.
    struct Parsed: Equatable {
        var variant: Variant
        var year: Int
        var month: Int
        var day: Int
    }

    private static let firstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    private static let secondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]

    /// Whether `text` is a valid Norwegian identity number.
    ///
    /// - Parameter text: 11 digits, or `DDMMYY NNNNN` with one space after the date.
    /// - Returns: true when the text has an accepted layout and passes every rule above.
    public static func validate(_ text: some StringProtocol) -> Bool {
        variant(of: text) != nil
    }

    /// The variant of a valid number.
    ///
    /// - Parameter text: 11 digits, or `DDMMYY NNNNN` with one space after the date.
    /// - Returns: the variant, or nil when the text is not a valid Norwegian identity number.
    public static func variant(of text: some StringProtocol) -> Variant? {
        var compact = Substring(text)
        if compact.utf8.count == 12, compact.utf8.dropFirst(6).first == 0x20 {
            compact = compact.prefix(6) + compact.dropFirst(7)
        }
        guard let digits = DigitBuffer(digitsOf: compact) else { return nil }
        return parse(digits)?.variant
    }

    /// Parses 11 digit values; nil when they do not form a valid number.
    static func parse(_ digits: DigitBuffer) -> Parsed? {
        guard digits.count == 11 else { return nil }
        guard IdentityCheckDigits.modulus11(weightedSum: digits.weightedSum(firstWeights)) == digits[9],
            IdentityCheckDigits.modulus11(weightedSum: digits.weightedSum(secondWeights)) == digits[10]
        else { return nil }

        var day = digits.number(at: 0, length: 2)
        var month = digits.number(at: 2, length: 2)
        let isDNumber = day > 40
        if isDNumber { day -= 40 }
        let variant: Variant
        switch month {
        case 1...12:
            variant = isDNumber ? .dNumber : .birthNumber
        case 41...52 where !isDNumber:
            variant = .hNumber
            month -= 40
        case 81...92:
            variant = isDNumber ? .syntheticDNumber : .synthetic
            month -= 80
        default:
            return nil
        }

        guard
            let year = year(
                twoDigitYear: digits.number(at: 4, length: 2),
                individual: digits.number(at: 6, length: 3)
            ),
            IdentityNumberDate.isValid(year: year, month: month, day: day)
        else { return nil }
        return Parsed(variant: variant, year: year, month: month, day: day)
    }

    /// The full birth year from the two-digit year and the individual number, or nil for an unused combination.
    static func year(twoDigitYear yy: Int, individual: Int) -> Int? {
        switch individual {
        case 0...499:
            return 1900 + yy
        case 500...749 where yy >= 54:
            return 1800 + yy
        case 500...999 where yy <= 39:
            return 2000 + yy
        case 900...999 where yy >= 40:
            return 1900 + yy
        default:
            return nil
        }
    }
}
