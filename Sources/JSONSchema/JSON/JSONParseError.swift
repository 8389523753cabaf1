/// Why ``JSONParser`` rejected a document, and where.
///
/// The description names the byte offset and the rule that was broken, and never quotes the
/// input, so it is safe to log.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule a rejected document broke.
    public enum Reason: Sendable, Equatable {
        /// The input ended inside a value, or was empty.
        case unexpectedEnd
        /// A byte that cannot appear at this point, for example a missing `:` or `,`, or an unknown literal.
        case unexpectedByte
        /// The input starts with a UTF-8 byte order mark, which JSON text must not (RFC 8259, section 8.1).
        case byteOrderMark
        /// A malformed UTF-8 sequence: a stray continuation byte, an overlong form, an encoded surrogate,
        /// a code point above U+10FFFF or a truncated sequence.
        case invalidUTF8
        /// An object has the same key twice (compared after unescaping).
        case duplicateKey
        /// A `\u` escape for a high surrogate without a low surrogate escape after it, or a low surrogate alone.
        case unpairedSurrogate
        /// A backslash followed by something other than `" \ / b f n r t` or `u` and four hex digits.
        case invalidEscape
        /// An unescaped control character (U+0000 to U+001F) inside a string.
        case controlCharacterInString
        /// A number that breaks the JSON grammar: a leading zero, a lone `-`, no digit after `.` or the
        /// exponent marker, a leading `+` or `.`.
        case invalidNumber
        /// A number whose decimal exponent does not fit in `Int`.
        case numberOutOfRange
        /// Arrays and objects nest deeper than the limit.
        case tooDeep(limit: Int)
        /// The input has more bytes than the limit; checked before parsing.
        case tooLarge(limit: Int)
        /// Something other than whitespace follows the document.
        case trailingData
    }

    /// The zero-based byte offset in the input where the problem was found.
    public let offset: Int
    /// The rule the document broke.
    public let reason: Reason

    /// Makes an error.
    /// - Parameters:
    ///   - offset: the zero-based byte offset of the problem.
    ///   - reason: the rule the document broke.
    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    /// One line naming the offset and the problem, without any of the input.
    public var description: String {
        "invalid JSON at byte \(offset): \(reasonText)"
    }

    private var reasonText: String {
        switch reason {
        case .unexpectedEnd: "input ends before the value is complete"
        case .unexpectedByte: "unexpected byte for this position"
        case .byteOrderMark: "input starts with a byte order mark, which JSON text must not have"
        case .invalidUTF8: "invalid UTF-8 sequence"
        case .duplicateKey: "duplicate key in object"
        case .unpairedSurrogate: "\\u escape holds an unpaired UTF-16 surrogate"
        case .invalidEscape: "invalid escape sequence in string"
        case .controlCharacterInString: "unescaped control character in string"
        case .invalidNumber: "number does not follow the JSON number grammar"
        case .numberOutOfRange: "number exponent is too large to represent"
        case .tooDeep(let limit): "arrays and objects nest deeper than \(limit) levels"
        case .tooLarge(let limit): "input is larger than \(limit) bytes"
        case .trailingData: "unexpected data after the JSON value"
        }
    }
}
