import JSONSchema
import Testing

/// One malformed document and the error the parser must report for it.
struct Rejection: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let offset: Int
    let reason: JSONParseError.Reason

    init(_ name: String, _ text: String, at offset: Int, _ reason: JSONParseError.Reason) {
        self.init(name, Array(text.utf8), at: offset, reason)
    }

    init(_ name: String, _ bytes: [UInt8], at offset: Int, _ reason: JSONParseError.Reason) {
        self.name = name
        self.bytes = bytes
        self.offset = offset
        self.reason = reason
    }

    var testDescription: String { name }
}

private let quote = UInt8(ascii: "\"")

struct JSONParserRejectionTests {
    static let structure: [Rejection] = [
        Rejection("empty input", "", at: 0, .unexpectedEnd),
        Rejection("whitespace only", " \n\t", at: 3, .unexpectedEnd),
        Rejection("unclosed array", "[", at: 1, .unexpectedEnd),
        Rejection("unclosed object", #"{"a":1"#, at: 6, .unexpectedEnd),
        Rejection("unclosed string", #""abc"#, at: 4, .unexpectedEnd),
        Rejection("key without value", #"{"a":"#, at: 5, .unexpectedEnd),
        Rejection("trailing comma in array", "[1,]", at: 3, .unexpectedByte),
        Rejection("trailing comma in object", #"{"a":1,}"#, at: 7, .unexpectedByte),
        Rejection("missing comma", "[1 2]", at: 3, .unexpectedByte),
        Rejection("missing colon", #"{"a" 1}"#, at: 5, .unexpectedByte),
        Rejection("unquoted key", "{a:1}", at: 1, .unexpectedByte),
        Rejection("number key", "{1:2}", at: 1, .unexpectedByte),
        Rejection("single quotes", "'a'", at: 0, .unexpectedByte),
        Rejection("truncated literal", "tru", at: 3, .unexpectedEnd),
        Rejection("misspelt literal", "nulL", at: 3, .unexpectedByte),
        Rejection("capitalised literal", "True", at: 0, .unexpectedByte),
        Rejection("NaN", "NaN", at: 0, .unexpectedByte),
        Rejection("Infinity", "Infinity", at: 0, .unexpectedByte),
        Rejection("comment", "[1]//", at: 3, .trailingData),
        Rejection("two values", "1 2", at: 2, .trailingData),
        Rejection("data after object", "{} x", at: 3, .trailingData),
        Rejection("hex number", "0x10", at: 1, .trailingData),
        Rejection("byte order mark", [0xEF, 0xBB, 0xBF] + Array("{}".utf8), at: 0, .byteOrderMark),
        Rejection("non-ASCII outside strings", [0xC3, 0xA9], at: 0, .unexpectedByte),
        Rejection("invalid byte after value", Array("[]".utf8) + [0xFF], at: 2, .trailingData),
    ]

    static let duplicates: [Rejection] = [
        Rejection("same key twice", #"{"a":1,"a":2}"#, at: 7, .duplicateKey),
        Rejection("same key after unescaping", #"{"a":1,"\u0061":2}"#, at: 7, .duplicateKey),
        Rejection("same non-ASCII key, raw and escaped", #"{"é":1, "\u00e9":2}"#, at: 9, .duplicateKey),
        Rejection("duplicate in nested object", #"[{"x":{"k":0,"k":0}}]"#, at: 13, .duplicateKey),
    ]

    static let utf8: [Rejection] = [
        Rejection("lone continuation byte", [quote, 0x80, quote], at: 1, .invalidUTF8),
        Rejection("overlong two-byte slash", [quote, 0xC0, 0xAF, quote], at: 1, .invalidUTF8),
        Rejection("overlong two-byte C1", [quote, 0xC1, 0xBF, quote], at: 1, .invalidUTF8),
        Rejection("overlong three-byte", [quote, 0xE0, 0x80, 0xAF, quote], at: 1, .invalidUTF8),
        Rejection("overlong four-byte", [quote, 0xF0, 0x8F, 0xBF, 0xBF, quote], at: 1, .invalidUTF8),
        Rejection("encoded high surrogate", [quote, 0xED, 0xA0, 0x80, quote], at: 1, .invalidUTF8),
        Rejection("encoded low surrogate", [quote, 0xED, 0xBF, 0xBF, quote], at: 1, .invalidUTF8),
        Rejection("above U+10FFFF", [quote, 0xF4, 0x90, 0x80, 0x80, quote], at: 1, .invalidUTF8),
        Rejection("lead byte F5", [quote, 0xF5, 0x80, 0x80, 0x80, quote], at: 1, .invalidUTF8),
        Rejection("byte FF", [quote, 0x61, 0xFF, quote], at: 2, .invalidUTF8),
        Rejection("sequence cut by quote", [quote, 0x61, 0xE2, 0x82, quote], at: 2, .invalidUTF8),
        Rejection("sequence cut by end", [quote, 0xE2, 0x82], at: 1, .invalidUTF8),
        Rejection("bad UTF-8 after an escape", Array(#""\n"#.utf8) + [0xC3, quote], at: 3, .invalidUTF8),
    ]

    static let escapes: [Rejection] = [
        Rejection("lone high surrogate", #""\uD800""#, at: 1, .unpairedSurrogate),
        Rejection("lone low surrogate", #""\uDC00""#, at: 1, .unpairedSurrogate),
        Rejection("high surrogate then BMP escape", #""x\uD83D\u0041""#, at: 2, .unpairedSurrogate),
        Rejection("high surrogate then other escape", #""\uD83D\n""#, at: 1, .unpairedSurrogate),
        Rejection("high surrogate then text", #""\ud83dabc""#, at: 1, .unpairedSurrogate),
        Rejection("two high surrogates", #""\uD83D\uD83D""#, at: 1, .unpairedSurrogate),
        Rejection("unknown escape", #""\x41""#, at: 1, .invalidEscape),
        Rejection("escaped single quote", #""\'""#, at: 1, .invalidEscape),
        Rejection("capital U escape", #""\U0041""#, at: 1, .invalidEscape),
        Rejection("non-hex digit", #""ab\u12G4""#, at: 3, .invalidEscape),
        Rejection("short unicode escape", #""\u12""#, at: 1, .invalidEscape),
        Rejection("escape cut by end", #""\"#, at: 2, .unexpectedEnd),
        Rejection("raw tab", "\"a\tb\"", at: 2, .controlCharacterInString),
        Rejection("raw newline", "\"\n\"", at: 1, .controlCharacterInString),
        Rejection("raw NUL", [quote, 0x00, quote], at: 1, .controlCharacterInString),
        Rejection("raw control after escape", [quote, 0x5C, 0x6E, 0x1F, quote], at: 3, .controlCharacterInString),
    ]

    static let numbers: [Rejection] = [
        Rejection("leading zero", "01", at: 1, .invalidNumber),
        Rejection("negative leading zero", "-01", at: 2, .invalidNumber),
        Rejection("leading zeros in array", "[007]", at: 2, .invalidNumber),
        Rejection("lone minus", "-", at: 1, .invalidNumber),
        Rejection("minus then space", "[- 1]", at: 2, .invalidNumber),
        Rejection("no fraction digits", "1.", at: 2, .invalidNumber),
        Rejection("no fraction digits in array", "[1.]", at: 3, .invalidNumber),
        Rejection("no integer digits", ".5", at: 0, .invalidNumber),
        Rejection("leading plus", "+1", at: 0, .invalidNumber),
        Rejection("no exponent digits", "1e", at: 2, .invalidNumber),
        Rejection("signed exponent without digits", "1E+", at: 3, .invalidNumber),
        Rejection("negative infinity", "-Infinity", at: 1, .invalidNumber),
        Rejection("exponent beyond Int", "[1e99999999999999999999]", at: 1, .numberOutOfRange),
    ]

    @Test(arguments: structure + duplicates + utf8 + escapes + numbers)
    func rejectsMalformedDocumentAtOffset(_ rejection: Rejection) {
        #expect(throws: JSONParseError(offset: rejection.offset, reason: rejection.reason)) {
            try JSONParser.parse(rejection.bytes)
        }
    }

    @Test func acceptsNestingUpToMaxDepth() throws {
        let deepest = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        let value = try JSONParser.parse(deepest)
        #expect(value.arrayValue?.count == 1)
    }

    @Test func rejectsNestingBeyondMaxDepth() {
        let tooDeep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        #expect(throws: JSONParseError(offset: 128, reason: .tooDeep(limit: 128))) {
            try JSONParser.parse(tooDeep)
        }
    }

    @Test func honoursCustomMaxDepthForObjectsAndArrays() throws {
        var options = JSONParser.Options()
        options.maxDepth = 2
        _ = try JSONParser.parse(#"{"a":[1]}"#, options: options)
        #expect(throws: JSONParseError(offset: 10, reason: .tooDeep(limit: 2))) {
            try JSONParser.parse(#"{"a":{"b":[]}}"#, options: options)
        }
        options.maxDepth = 0
        _ = try JSONParser.parse("7", options: options)
        #expect(throws: JSONParseError(offset: 0, reason: .tooDeep(limit: 0))) {
            try JSONParser.parse("{}", options: options)
        }
    }

    @Test func rejectsInputLargerThanMaxBytesBeforeParsing() throws {
        var options = JSONParser.Options()
        options.maxBytes = 4
        _ = try JSONParser.parse("1234", options: options)
        // The oversized input is not even valid JSON: the size check comes first.
        #expect(throws: JSONParseError(offset: 4, reason: .tooLarge(limit: 4))) {
            try JSONParser.parse("[[[[[", options: options)
        }
        #expect(throws: JSONParseError(offset: 4, reason: .tooLarge(limit: 4))) {
            try JSONParser.parse(Array("12345".utf8).lazy.map { $0 }, options: options)
        }
    }

    @Test func errorDescriptionNeverQuotesTheInput() throws {
        let error = try #require(throws: JSONParseError.self) {
            try JSONParser.parse(#"{"name": "Kari Nordmann", "name": 1}"#)
        }
        #expect(error == JSONParseError(offset: 26, reason: .duplicateKey))
        #expect(!error.description.contains("Kari"))
        #expect(!error.description.contains("name"))
        #expect(error.description.contains("26"))
        #expect(error.description.contains("duplicate key"))

        let controlError = try #require(throws: JSONParseError.self) {
            try JSONParser.parse("{\"patient\": \"Kari\tNordmann\"}")
        }
        #expect(controlError.reason == .controlCharacterInString)
        #expect(!controlError.description.contains("Kari"))
        #expect(!controlError.description.contains("patient"))
    }

    @Test(arguments: structure + duplicates + utf8 + escapes + numbers)
    func everyDescriptionNamesTheOffsetOnly(_ rejection: Rejection) throws {
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(rejection.bytes) }
        #expect(error.description.hasPrefix("invalid JSON at byte \(rejection.offset): "))
        let text = String(decoding: rejection.bytes, as: UTF8.self)
        if text.count >= 3 {
            #expect(!error.description.contains(text))
        }
    }
}
