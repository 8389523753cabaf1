/// A string compared and hashed by its exact Unicode scalars, as JSON compares strings.
///
/// Swift's `String` equality uses canonical equivalence, so `"é"` (U+00E9) equals `"e\u{301}"`.
/// JSON (RFC 8259, section 8.3) and JSON Schema treat those as different strings, so object keys
/// and string values are compared through this type instead.
struct JSONStringKey: Hashable, Sendable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: JSONStringKey, rhs: JSONStringKey) -> Bool {
        JSONStringKey.utf8Equal(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        JSONStringKey.hashUTF8(string, into: &hasher)
    }

    /// Whether two strings have the same UTF-8 bytes, hence the same scalars.
    static func utf8Equal(_ lhs: String, _ rhs: String) -> Bool {
        let lhsUTF8 = lhs.utf8
        let rhsUTF8 = rhs.utf8
        guard lhsUTF8.count == rhsUTF8.count else { return false }
        let fast = lhsUTF8.withContiguousStorageIfAvailable { lhsBytes in
            rhsUTF8.withContiguousStorageIfAvailable { rhsBytes in JSONTape.bytesEqual(lhsBytes, rhsBytes) }
        }
        if let fast, let equal = fast { return equal }
        return lhsUTF8.elementsEqual(rhsUTF8)
    }

    /// Feeds the UTF-8 bytes of `string`, then its length, to `hasher`.
    static func hashUTF8(_ string: String, into hasher: inout Hasher) {
        let utf8 = string.utf8
        let done: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if done == nil {
            for byte in utf8 { hasher.combine(byte) }
        }
        hasher.combine(utf8.count)
    }
}
