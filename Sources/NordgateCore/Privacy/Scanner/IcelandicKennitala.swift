/// The check rule for the Icelandic identity number (kennitala).
///
/// Layout `DDMMYY-RRCV` or the same 10 digits without the hyphen:
/// - `DDMMYY` is the birth date; legal entities (companies, associations) add 40 to the day.
/// - `RR` are two serial digits, `C` is a modulus-11 check digit over the first eight digits with weights
///   3 2 7 6 5 4 3 2 (a remainder giving 11 means 0; one giving 10 means the number is invalid).
/// - `V` is the century: 8 → 1800s, 9 → 1900s, 0 → 2000s.
///
/// The date, with the century applied, must exist. A legal entity's kennitala is valid but not personal:
/// ``validate(_:)`` accepts it, ``isPersonal(_:)`` does not, and the free-text scanner leaves it untouched.
///
/// Source: Registers Iceland (Þjóðskrá), "Kennitölur" — the structure of the kennitala and its check digit.
public enum IcelandicKennitala {
    /// The facts a valid number encodes.
    struct Parsed: Equatable {
        var year: Int
        var month: Int
        var day: Int
        var isLegalEntity: Bool
    }

    private static let weights = [3, 2, 7, 6, 5, 4, 3, 2]

    /// Whether `text` is a valid kennitala of a person or of a legal entity.
    ///
    /// - Parameter text: 10 digits, or `DDMMYY-NNNN`.
    /// - Returns: true when the date, the check digit and the century digit are valid.
    public static func validate(_ text: some StringProtocol) -> Bool {
        parse(text) != nil
    }

    /// Whether `text` is a valid kennitala of a person (not of a legal entity).
    ///
    /// - Parameter text: 10 digits, or `DDMMYY-NNNN`.
    /// - Returns: true when the number is valid and its day has no legal-entity offset.
    public static func isPersonal(_ text: some StringProtocol) -> Bool {
        parse(text).map { !$0.isLegalEntity } ?? false
    }

    private static func parse(_ text: some StringProtocol) -> Parsed? {
        var compact = Substring(text)
        if compact.utf8.count == 11, compact.utf8.dropFirst(6).first == UInt8(ascii: "-") {
            compact = compact.prefix(6) + compact.dropFirst(7)
        }
        guard let digits = DigitBuffer(digitsOf: compact) else { return nil }
        return parse(digits)
    }

    /// Parses 10 digit values; nil when they do not form a valid number.
    static func parse(_ digits: DigitBuffer) -> Parsed? {
        guard digits.count == 10,
            IdentityCheckDigits.modulus11(weightedSum: digits.weightedSum(weights)) == digits[8]
        else { return nil }
        let century: Int
        switch digits[9] {
        case 8: century = 1800
        case 9: century = 1900
        case 0: century = 2000
        default: return nil
        }
        var day = digits.number(at: 0, length: 2)
        let isLegalEntity = day > 40
        if isLegalEntity { day -= 40 }
        let month = digits.number(at: 2, length: 2)
        let year = century + digits.number(at: 4, length: 2)
        guard IdentityNumberDate.isValid(year: year, month: month, day: day) else { return nil }
        return Parsed(year: year, month: month, day: day, isLegalEntity: isLegalEntity)
    }
}
