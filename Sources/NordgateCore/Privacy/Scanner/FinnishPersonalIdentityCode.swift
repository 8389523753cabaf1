/// The check rule for the Finnish personal identity code (henkilötunnus).
///
/// Layout `DDMMYYCZZZQ`:
/// - `DDMMYY` is the birth date, which must exist in the century the sign `C` gives: `+` → 1800s; `-`, `Y`, `X`,
///   `W`, `V`, `U` → 1900s; `A`, `B`, `C`, `D`, `E`, `F` → 2000s (the letters other than `A` were added in
///   2023).
/// - `ZZZ` is the individual number: 002–899 for ordinary codes. 900–999 are temporary codes (used, among other
///   things, for test data); they are accepted, since they identify a person just as well. 000 and 001 are never
///   issued and are rejected.
/// - `Q` is the check character: the nine digits `DDMMYYZZZ` read as one integer, modulo 31, indexing into
///   `0123456789ABCDEFHJKLMNPRSTUVWXY`.
///
/// Letters must be upper case, as the code is issued.
///
/// Source: the Digital and Population Data Services Agency (DVV), "Henkilötunnus" and "Henkilötunnuksen
/// uudistus 2023"; Government Decree 128/2010 for the check character.
public enum FinnishPersonalIdentityCode {
    /// The facts a valid code encodes.
    struct Parsed: Equatable {
        var year: Int
        var month: Int
        var day: Int
        var isTemporary: Bool
    }

    private static let checkCharacters = Array("0123456789ABCDEFHJKLMNPRSTUVWXY".utf8)

    /// Whether `text` is a valid henkilötunnus.
    ///
    /// - Parameter text: exactly the 11 characters `DDMMYYCZZZQ`.
    /// - Returns: true when the century sign, the date, the individual number and the check character are valid.
    public static func validate(_ text: some StringProtocol) -> Bool {
        parse(Array(text.utf8)) != nil
    }

    /// The century (1800, 1900 or 2000) a sign byte stands for, or nil when it is not a century sign.
    static func century(sign: UInt8) -> Int? {
        switch sign {
        case UInt8(ascii: "+"): 1800
        case UInt8(ascii: "-"), UInt8(ascii: "U")...UInt8(ascii: "Y"): 1900
        case UInt8(ascii: "A")...UInt8(ascii: "F"): 2000
        default: nil
        }
    }

    /// Parses 11 ASCII bytes; nil when they do not form a valid code.
    static func parse(_ bytes: some RandomAccessCollection<UInt8>) -> Parsed? {
        guard bytes.count == 11 else { return nil }
        var digits = DigitBuffer()
        var sign: UInt8 = 0
        var check: UInt8 = 0
        for (position, byte) in bytes.enumerated() {
            switch position {
            case 6: sign = byte
            case 10: check = byte
            default:
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                digits.append(byte - 0x30)
            }
        }
        guard let century = century(sign: sign) else { return nil }
        let day = digits.number(at: 0, length: 2)
        let month = digits.number(at: 2, length: 2)
        let year = century + digits.number(at: 4, length: 2)
        let individual = digits.number(at: 6, length: 3)
        guard individual >= 2,
            IdentityNumberDate.isValid(year: year, month: month, day: day),
            checkCharacters[digits.number(at: 0, length: 9) % 31] == check
        else { return nil }
        return Parsed(year: year, month: month, day: day, isTemporary: individual >= 900)
    }
}
