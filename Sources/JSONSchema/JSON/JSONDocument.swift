/// A parsed JSON document in the compact form the validator reads, before (or instead of) a ``JSONValue`` tree.
///
/// Parsing into a document checks exactly what ``JSONParser`` checks and rejects the same input with the same
/// ``JSONParseError``, but builds no `String`s, arrays or dictionaries: the document keeps the bytes and one flat
/// list of its values. Validate it with ``Validator/isValid(_:)-(JSONDocument)`` and read ``value`` only when the
/// tree is needed:
///
/// ```swift
/// let document = try JSONDocument(parsing: bytes)
/// guard validator.isValid(document) else { ... }
/// let record = document.value
/// ```
///
/// A document is immutable and `Sendable`.
public struct JSONDocument: Sendable {
    let tape: JSONTape

    /// Parses one JSON document from UTF-8 bytes, keeping a copy of them.
    /// - Parameters:
    ///   - bytes: the document; it must be the whole input, with nothing after the value but whitespace.
    ///   - options: the depth and size limits.
    /// - Throws: ``JSONParseError`` naming the byte offset and the rule broken.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options = .init())
        throws(JSONParseError)
    {
        tape = try JSONParser.readTape(bytes, options: options, copySource: true)
    }

    /// Parses one JSON document from an array of UTF-8 bytes, keeping a copy of them.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - options: the depth and size limits.
    /// - Throws: ``JSONParseError`` naming the byte offset and the rule broken.
    public init(parsing bytes: [UInt8], options: JSONParser.Options = .init()) throws(JSONParseError) {
        tape = try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in
                try JSONParser.readTape(buffer, options: options, copySource: true)
            }
        }.get()
    }

    /// The document of a value.
    /// - Parameter value: the value; its strings are copied into the document.
    public init(_ value: JSONValue) {
        tape = JSONTape(encoding: value)
    }

    init(tape: JSONTape) {
        self.tape = tape
    }

    /// The document as a ``JSONValue`` tree, built on each call.
    public var value: JSONValue { withExtendedLifetime(tape) { tape.view.value(at: 0) } }
}
