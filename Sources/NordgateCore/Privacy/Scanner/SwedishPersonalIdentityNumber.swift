/// The check rule for the Swedish personnummer and samordningsnummer (co-ordination number).
///
/// Accepted layouts: `YYMMDD-NNNC`, `YYMMDD+NNNC` (the `+` marks a person who has turned 100), `YYMMDDNNNC`,
/// `YYYYMMDDNNNC` and `YYYYMMDD-NNNC`. A samordningsnummer adds 60 to the day. `C` is a Luhn (modulus-10) check
/// digit over the ten digits `YYMMDDNNNC`, also in the 12-digit form. The date must exist; in the 10-digit forms
/// the century is not written, so 29 February is accepted when the two-digit year is a leap year in the century
/// the separator implies: `00` is 2000 with `-` or no separator (a leap year) and 1900 with `+` (not one).
///
/// Source: Skatteverket, "Personnummer" (SKV 704) and "Samordningsnummer" (SKV 707).
public enum SwedishPersonalIdentityNumber {
    /// What kind of Swedish number a valid number is.
    public enum Variant: Sendable, Hashable {
        /// A personnummer.
        case personnummer
        /// A samordningsnummer (day + 60).
        case samordningsnummer
    }

    /// Whether `text` is a valid Swedish personnummer or samordningsnummer.
    ///
    /// - Parameter text: one of the accepted layouts.
    /// - Returns: true when the layout is accepted, the date exists and the Luhn check passes.
    public static func validate(_ text: some StringProtocol) -> Bool {
        variant(of: text) != nil
    }

    /// The variant of a valid number.
    ///
    /// - Parameter text: one of the accepted layouts.
    /// - Returns: the variant, or nil when the text is not a valid Swedish number.
    public static func variant(of text: some StringProtocol) -> Variant? {
        let bytes = Array(text.utf8)
        var separator: UInt8?
        var compact = Substring(text)
        if bytes.count == 11 || bytes.count == 13 {
            let at = bytes.count - 5
            guard bytes[at] == UInt8(ascii: "-") || (bytes[at] == UInt8(ascii: "+") && bytes.count == 11) else {
                return nil
            }
            separator = bytes[at]
            compact = compact.prefix(at) + compact.dropFirst(at + 1)
        }
        guard let digits = DigitBuffer(digitsOf: compact) else { return nil }
        return parse(digits, separator: separator)
    }

    /// Parses 10 or 12 digit values written with `separator` (`-`, `+` or none) before the last four.
    static func parse(_ digits: DigitBuffer, separator: UInt8?) -> Variant? {
        let offset: Int
        let year: Int
        switch digits.count {
        case 12:
            guard separator != UInt8(ascii: "+") else { return nil }
            offset = 2
            year = digits.number(at: 0, length: 4)
        case 10:
            offset = 0
            let yy = digits.number(at: 0, length: 2)
            // Only the leap-year status matters for the date check; see the type's documentation.
            year = separator == UInt8(ascii: "+") ? 1900 + yy : 2000 + yy
        default:
            return nil
        }
        let month = digits.number(at: offset + 2, length: 2)
        var day = digits.number(at: offset + 4, length: 2)
        var variant = Variant.personnummer
        if day > 60 {
            day -= 60
            variant = .samordningsnummer
        }
        guard IdentityNumberDate.isValid(year: year, month: month, day: day),
            IdentityCheckDigits.passesLuhn(digits, range: offset..<(offset + 10))
        else { return nil }
        return variant
    }
}
