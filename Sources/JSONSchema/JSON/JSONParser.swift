/// A strict RFC 8259 JSON parser that reads UTF-8 bytes into ``JSONValue``.
///
/// It accepts exactly the JSON grammar and rejects, with a ``JSONParseError`` giving the byte
/// offset: duplicate object keys, malformed UTF-8, unpaired surrogate escapes, a byte order mark,
/// trailing data and nesting or sizes beyond ``Options``. Numbers keep their exact decimal value.
public struct JSONParser: Sendable {
    /// Limits that protect the parser from hostile input.
    public struct Options: Sendable {
        /// The deepest nesting of arrays and objects accepted; a top-level scalar has depth 0.
        public var maxDepth = 128
        /// The largest input accepted, in bytes; checked before parsing starts.
        public var maxBytes = 16 * 1024 * 1024

        /// The default limits: depth 128, 16 MiB.
        public init() {}
    }

    /// Parses one JSON document from UTF-8 bytes.
    /// - Parameters:
    ///   - bytes: the document; it must be the whole input, with nothing after the value but whitespace.
    ///   - options: the depth and size limits.
    /// - Returns: the value.
    /// - Throws: ``JSONParseError`` naming the byte offset and the rule broken.
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, options: Options = .init()
    ) throws(JSONParseError) -> JSONValue {
        let tape = try readTape(bytes, options: options, copySource: false)
        return withExtendedLifetime(tape) { tape.view.value(at: 0) }
    }

    /// Checks the size limit and reads `bytes` into a tape.
    static func readTape(
        _ bytes: UnsafeBufferPointer<UInt8>, options: Options, copySource: Bool
    ) throws(JSONParseError) -> JSONTape {
        // Tape entries hold lengths in 32 bits, so no document may reach 4 GiB whatever the limit says.
        let limit = min(options.maxBytes, Int(UInt32.max) - 1)
        guard bytes.count <= limit else { throw JSONParseError(offset: limit, reason: .tooLarge(limit: limit)) }
        return try JSONTapeReader.read(bytes, maxDepth: options.maxDepth, copySource: copySource)
    }

    /// Parses one JSON document from raw UTF-8 bytes.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - options: the depth and size limits.
    /// - Returns: the value.
    /// - Throws: ``JSONParseError`` naming the byte offset and the rule broken.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, options: Options = .init()
    ) throws(JSONParseError) -> JSONValue {
        try parse(bytes.assumingMemoryBound(to: UInt8.self), options: options)
    }

    /// Parses one JSON document from an array of UTF-8 bytes.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - options: the depth and size limits.
    /// - Returns: the value.
    /// - Throws: ``JSONParseError`` naming the byte offset and the rule broken.
    public static func parse(_ bytes: [UInt8], options: Options = .init()) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, options: options) }
        }.get()
    }

    /// Parses one JSON document from any collection of UTF-8 bytes, such as `Data` or `ArraySlice`.
    ///
    /// Contiguous collections are read in place; others are copied into an array first.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - options: the depth and size limits.
    /// - Returns: the value.
    /// - Throws: ``JSONParseError`` naming the byte offset and the rule broken.
    public static func parse(
        _ bytes: some Collection<UInt8>, options: Options = .init()
    ) throws(JSONParseError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, options: options) }
        }
        if let result { return try result.get() }
        guard bytes.count <= options.maxBytes else {
            throw JSONParseError(offset: options.maxBytes, reason: .tooLarge(limit: options.maxBytes))
        }
        return try parse(Array(bytes), options: options)
    }

    /// Parses one JSON document from a string, reading its UTF-8 form.
    /// - Parameters:
    ///   - text: the document.
    ///   - options: the depth and size limits.
    /// - Returns: the value.
    /// - Throws: ``JSONParseError`` naming the byte offset (into the UTF-8 form) and the rule broken.
    public static func parse(_ text: String, options: Options = .init()) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, options: options) }
        }.get()
    }
}
