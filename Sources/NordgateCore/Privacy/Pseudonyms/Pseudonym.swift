/// The text form of a keyed pseudonym: `psn:v1:<epoch>:<base32>`.
public enum Pseudonym {
    /// The prefix every pseudonym starts with.
    public static let prefix = "psn:v1:"
    /// The number of bytes of the keyed BLAKE2b-256 digest that a pseudonym keeps.
    public static let digestBytes = 20

    /// Whether `text` has the form of a pseudonym (`psn:v1:` digits `:` lower-case base32).
    public static func isPseudonym(_ text: String) -> Bool { epoch(of: text) != nil }

    /// The key epoch a pseudonym carries, or `nil` when `text` is not a pseudonym.
    public static func epoch(of text: String) -> Int? {
        guard text.hasPrefix(prefix), text.utf8.count <= 128 else { return nil }
        let rest = text.utf8.dropFirst(prefix.utf8.count)
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let digits = rest[..<colon]
        let code = rest[rest.index(after: colon)...]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ (48...57).contains($0) }), !code.isEmpty,
            code.allSatisfy({ (97...122).contains($0) || (50...55).contains($0) })
        else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}
