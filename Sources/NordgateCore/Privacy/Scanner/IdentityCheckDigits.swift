/// Check-digit algorithms used by the Nordic identity numbers.
enum IdentityCheckDigits {
    /// The modulus-11 check digit for a weighted sum: `11 - sum % 11`, where 11 becomes 0 and 10 means that no
    /// valid number exists (returns nil). Used by the Norwegian fødselsnummer and the Icelandic kennitala.
    static func modulus11(weightedSum sum: Int) -> Int? {
        let digit = 11 - sum % 11
        switch digit {
        case 11: return 0
        case 10: return nil
        default: return digit
        }
    }

    /// Whether the digits at `range` pass the Luhn (modulus-10) check, the rightmost digit being the check digit.
    static func passesLuhn(_ digits: DigitBuffer, range: Range<Int>) -> Bool {
        var sum = 0
        var double = false
        for index in range.reversed() {
            var value = digits[index]
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }
}
