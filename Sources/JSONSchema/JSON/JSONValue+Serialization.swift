extension JSONValue {
    /// The value written as JSON text that parses back to an equal value.
    ///
    /// Object members keep their order. Strings escape only `"`, `\` and control characters and
    /// keep all other characters as they are. Numbers are written with their exact digits in the
    /// layout of ECMAScript's `Number.prototype.toString`: whole numbers of up to 21 digits in plain
    /// form (`100`), fractions as `0.25` or `1.5`, very large or small values as `1e+400` or
    /// `1.5e-7`; longer whole numbers stay plain when that adds at most three zeros
    /// (`123456789012345678901234567890`).
    /// - Parameter pretty: indent nested values by two spaces per level, one member or element a line.
    /// - Returns: the JSON text.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The value written as UTF-8 JSON text; the bytes of ``serialized(pretty:)``.
    /// - Parameter pretty: indent nested values by two spaces per level.
    /// - Returns: the UTF-8 bytes.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        let writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return writer.output.bytes
    }
}
