/// Writes a ``JSONValue`` in the JSON Canonicalization Scheme of RFC 8785.
struct CanonicalJSONWriter {
    /// The UTF-8 text written so far.
    let output = JSONOutput()

    /// Appends `value` in canonical form.
    /// - Throws: ``CanonicalJSONError`` for a number that is not exactly a double.
    func write(_ value: JSONValue) throws(CanonicalJSONError) {
        switch value {
        case .null:
            output.append("null")
        case .bool(let bool):
            output.append(bool ? "true" : "false")
        case .number(let number):
            try CanonicalJSONWriter.checkIsDouble(number)
            // The digits are now those of the shortest round-trip form of the double, so the
            // ECMAScript layout of them is exactly Number.prototype.toString.
            JSONTextFormat.appendNumber(number, longIntegersPlain: false, to: output)
        case .string(let string):
            JSONTextFormat.appendString(string, to: output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                try write(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            // RFC 8785 section 3.2.3: sort by the keys' UTF-16 code units.
            let members = object.sorted { CanonicalJSONWriter.utf16Precedes($0.key, $1.key) }
            for (position, member) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONTextFormat.appendString(member.key, to: output)
                output.append(UInt8(ascii: ":"))
                try write(member.value)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `lhs` sorts before `rhs` by UTF-16 code units, computed from their UTF-8 bytes.
    ///
    /// UTF-8 byte order is code point order. UTF-16 order differs only where a scalar above U+FFFF
    /// (a surrogate pair, D800–DFFF) meets one in U+E000–U+FFFF: the pair sorts first in UTF-16.
    /// In UTF-8 those are the lead bytes F0–F4 and EE–EF, so the first differing scalar decides.
    static func utf16Precedes(_ lhs: String, _ rhs: String) -> Bool {
        let result = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in utf16Precedes(left, right) }
        }
        if let result, let precedes = result { return precedes }
        return lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    static func utf16Precedes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(lhs.count, rhs.count)
        var position = 0
        while position < common, lhs[position] == rhs[position] { position += 1 }
        guard position < common else { return lhs.count < rhs.count }
        // Back up to the first byte of the scalar that differs; both strings agree up to here.
        var start = position
        while start > 0, lhs[start] & 0xC0 == 0x80 { start -= 1 }
        let left = lhs[start]
        let right = rhs[start]
        if left >= 0xF0, right == 0xEE || right == 0xEF { return true }
        if right >= 0xF0, left == 0xEE || left == 0xEF { return false }
        return lhs[position] < rhs[position]
    }

    /// Checks that `number` is exactly the shortest round-trip decimal of its nearest double.
    ///
    /// That is the I-JSON condition in the form that matters here: the number survives being
    /// stored as a double and written back, so the canonical text has the same value as the input.
    static func checkIsDouble(_ number: JSONNumber) throws(CanonicalJSONError) {
        // Fast path: any decimal of at most 15 significant digits well inside the normal double range
        // survives decimal -> double -> decimal (DBL_DIG is 15), so no other decimal of that length or
        // shorter maps to the same double: its digits are the double's shortest digits.
        let digitCount = number.significand.utf8.count
        if digitCount <= 15, number.exponent >= -290 - digitCount, number.exponent <= 290 - digitCount {
            return
        }
        let double = number.doubleValue
        guard double.isFinite else { throw CanonicalJSONError(reason: .numberOutOfDoubleRange) }
        // Swift prints the shortest digits that round-trip, choosing the closest when several do,
        // as ECMAScript does; only their layout differs, so compare normalised values.
        guard let shortest = try? JSONParser.parse(double.description).numberValue, shortest == number else {
            throw CanonicalJSONError(reason: .numberNotExactDouble)
        }
    }
}
