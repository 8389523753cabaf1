/// The age bands a date of birth is generalised to, `{"generalise": "age-band"}`.
public enum AgeBand: String, Sendable, Hashable, CaseIterable {
    /// Younger than 15 on the reference date.
    case under15 = "under-15"
    /// 15, 16 or 17.
    case from15To17 = "15-17"
    /// 18 to 24.
    case from18To24 = "18-24"
    /// 25 or older.
    case from25 = "25-plus"

    /// The band of a person born on `birth`, on `reference`.
    ///
    /// A person whose age status says they are a child (`minor` or `presumed-minor`) is never put
    /// in an adult band: if the date of birth says 18 or older, the band is ``from15To17``, the oldest
    /// child band, because the age status, not the recorded date, decides how the person is treated.
    /// - Parameters:
    ///   - birth: the date of birth.
    ///   - reference: the record's reference date.
    ///   - ageStatus: the person's `ageStatus`, if the record gives one.
    public init(birth: CalendarDate, reference: CalendarDate, ageStatus: String? = nil) {
        var age = reference.year - birth.year
        if (reference.month, reference.day) < (birth.month, birth.day) { age -= 1 }
        switch age {
        case ..<15: self = .under15
        case 15...17: self = .from15To17
        case 18...24: self = .from18To24
        default: self = .from25
        }
        if ageStatus == "minor" || ageStatus == "presumed-minor", self == .from18To24 || self == .from25 {
            self = .from15To17
        }
    }
}

/// A calendar date read from `YYYY-MM-DD` (the first ten characters of a date-time also work).
public struct CalendarDate: Sendable, Hashable {
    /// The year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day, 1–31.
    public var day: Int

    /// Creates a date from its parts.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`, or the date part of `YYYY-MM-DDThh:mm:ssZ`; `nil` for anything else.
    public init?(_ text: String) {
        // The first eleven bytes, read without building an array.
        var bytes = InlineArray<11, UInt8>(repeating: 0)
        var count = 0
        for byte in text.utf8 {
            bytes[count] = byte
            count += 1
            if count == 11 { break }
        }
        guard count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            count == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY`.
    var yearText: String { pad(year, 4) }
    /// `YYYY-MM`.
    var yearMonthText: String { pad(year, 4) + "-" + pad(month, 2) }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
