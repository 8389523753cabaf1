/// Syntax rules for the identifiers in an envelope (`docs/envelope.md`, "Fields").
///
/// Public because the server checks ids in request paths with them (and the fuzz package, which compiles the
/// server's sources as a module of its own, sees only public API).
public enum EnvelopeIdentifiers {
    /// A lowercase canonical UUID: 8-4-4-4-12 lowercase hex digits.
    public static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) else { return false }
            }
        }
        return true
    }

    /// A message type id: dot-separated parts of `a-z 0-9 -`, the last one `v` and digits; at most 128 bytes.
    static func isMessageType(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 128, parts.count >= 2, let last = parts.last, last.utf8.count >= 2,
            last.utf8.first == UInt8(ascii: "v"), last.utf8.dropFirst().allSatisfy(isDigit)
        else { return false }
        return parts.dropLast().allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// A key id of `authority`'s key of kind `component` (`sig` or `enc`): `AUTHORITY.component.` and then
    /// `a-z 0-9 -`; at most 64 bytes.
    static func isKeyID(_ text: String, authority: String, component: String) -> Bool {
        let prefix = "\(authority).\(component)."
        guard text.utf8.count <= 64, text.hasPrefix(prefix) else { return false }
        let rest = text.utf8.dropFirst(prefix.utf8.count)
        return !rest.isEmpty && rest.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// A media type `type/subtype` of lowercase token characters; at most 127 bytes.
    static func isMediaType(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard text.utf8.count <= 127, parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, isLowerAlphanumeric(first) else { return false }
            return part.utf8.allSatisfy { isLowerAlphanumeric($0) || Array("!#$&^_.+-".utf8).contains($0) }
        }
    }

    /// The handling codes `H0` to `H3`.
    static let handlingCodes: Set<String> = ["H0", "H1", "H2", "H3"]

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }
}
