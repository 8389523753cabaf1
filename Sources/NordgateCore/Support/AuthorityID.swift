/// Authority ids such as `NO-CA` (a central authority) or `DK-POL` (a police authority).
public enum AuthorityID {
    /// The countries of the Nordic network.
    public static let countries = ["NO", "DK", "SE", "FI", "IS"]
    /// The kinds of authority.
    public static let kinds = ["CA", "POL"]

    /// Whether `value` is a well-formed authority id.
    public static func isValid(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && countries.contains(String(parts[0])) && kinds.contains(String(parts[1]))
    }

    /// Whether `value` is a well-formed pseudonymisation domain: 1–64 of `a-z 0-9 - .`,
    /// starting with a letter or digit.
    public static func isValidDomain(_ value: String) -> Bool {
        guard let first = value.utf8.first, (1...64).contains(value.utf8.count) else { return false }
        func allowed(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return allowed(first) && value.utf8.allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }
}
