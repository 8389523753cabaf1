extension JSONValue {
    /// The value in the JSON Canonicalization Scheme (RFC 8785) as UTF-8 bytes.
    ///
    /// No whitespace; object members sorted by the UTF-16 code units of their keys; strings with
    /// only the escapes RFC 8785 allows; numbers as ECMAScript's `Number.prototype.toString` writes
    /// the IEEE-754 double (so `1.0` becomes `1`, `1e21` becomes `1e+21`, `-0` becomes `0`).
    /// Equal values give equal bytes, whatever their key order or number spelling.
    /// - Returns: the canonical UTF-8 bytes.
    /// - Throws: ``CanonicalJSONError`` when a number is not exactly representable as a double,
    ///   for example `1e400` or `12345678901234567890123` (I-JSON, RFC 7493).
    public func canonicalBytes() throws(CanonicalJSONError) -> [UInt8] {
        let writer = CanonicalJSONWriter()
        try writer.write(self)
        return writer.output.bytes
    }

    /// The value in the JSON Canonicalization Scheme (RFC 8785) as a string.
    /// - Returns: the canonical text; its UTF-8 form is ``canonicalBytes()``.
    /// - Throws: ``CanonicalJSONError`` when a number is not exactly representable as a double.
    public func canonicalString() throws(CanonicalJSONError) -> String {
        String(decoding: try canonicalBytes(), as: UTF8.self)
    }
}
