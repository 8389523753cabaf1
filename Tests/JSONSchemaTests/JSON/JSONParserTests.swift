import JSONSchema
import Testing

/// A well-formed document and the value it must parse to.
struct ValidDocument: Sendable, CustomTestStringConvertible {
    let text: String
    let value: JSONValue
    var testDescription: String { text }
}

struct JSONParserTests {
    static let documents: [ValidDocument] = [
        ValidDocument(text: "null", value: nil),
        ValidDocument(text: "true", value: true),
        ValidDocument(text: "false", value: false),
        ValidDocument(text: "0", value: 0),
        ValidDocument(text: " \t\r\n 42 \n", value: 42),
        ValidDocument(text: "-7", value: -7),
        ValidDocument(text: #""""#, value: ""),
        ValidDocument(text: #""plain""#, value: "plain"),
        ValidDocument(text: "[]", value: []),
        ValidDocument(text: "{}", value: [:]),
        ValidDocument(text: "[ [ ] , { } ]", value: [[], [:]]),
        ValidDocument(text: #"[1,"two",null,true,false]"#, value: [1, "two", nil, true, false]),
        ValidDocument(text: #"{"a":{"b":[1,{"c":null}]}}"#, value: ["a": ["b": [1, ["c": nil]]]]),
        ValidDocument(text: #"{ "a" : 1 , "b" : 2 }"#, value: ["b": 2, "a": 1]),
        ValidDocument(text: #""\"\\\/\b\f\n\r\t""#, value: "\"\\/\u{8}\u{C}\n\r\t"),
        ValidDocument(text: #""\u00e9\u00C9""#, value: "éÉ"),
        ValidDocument(text: #""\u0000""#, value: "\u{0}"),
        ValidDocument(text: #""\ud83d\ude00 and \uD83D\uDE00""#, value: "😀 and 😀"),
        ValidDocument(text: #""\uFFFF\uE000""#, value: "\u{FFFF}\u{E000}"),
        ValidDocument(text: "\"Ærø 😀 € \u{10FFFF} \u{7F}\"", value: "Ærø 😀 € \u{10FFFF} \u{7F}"),
        ValidDocument(text: #""mixed é \n end""#, value: "mixed é \n end"),
        ValidDocument(text: #"{"":""}"#, value: ["": ""]),
        ValidDocument(text: #"{"a":1,"A":2}"#, value: ["a": 1, "A": 2]),
        ValidDocument(text: "[1E+2,100,1e2,100.0]", value: [100, 100, 100, 100]),
    ]

    @Test(arguments: documents)
    func parsesValidDocument(_ document: ValidDocument) throws {
        #expect(try JSONParser.parse(document.text) == document.value)
        #expect(try JSONParser.parse(Array(document.text.utf8)) == document.value)
    }

    @Test func readsNonContiguousAndSlicedCollections() throws {
        let bytes = Array(#"xx{"k":[1,2]}yy"#.utf8)
        let expected: JSONValue = ["k": [1, 2]]
        #expect(try JSONParser.parse(bytes[2..<13]) == expected)
        #expect(try JSONParser.parse(bytes[2..<13].lazy.map { $0 }) == expected)
        let fromRaw = try bytes[2..<13].withUnsafeBytes { raw throws in try JSONParser.parse(raw) }
        #expect(fromRaw == expected)
    }

    @Test func keepsKeyOrderOfObjects() throws {
        let value = try JSONParser.parse(#"{"zeta":1,"alpha":2,"mid":3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["zeta", "alpha", "mid"])
        #expect(object.map(\.key) == ["zeta", "alpha", "mid"])
    }

    @Test func parsesLongStringsWithAndWithoutEscapes() throws {
        let run = String(repeating: "abcdéfgh😀", count: 500)
        #expect(try JSONParser.parse("\"\(run)\"") == .string(run))
        #expect(try JSONParser.parse("\"\(run)\\n\(run)\"") == .string(run + "\n" + run))
    }

    // MARK: - Numbers

    /// A number text and the normalised parts it must parse to.
    struct NumberCase: Sendable, CustomTestStringConvertible {
        let text: String
        let negative: Bool
        let significand: String
        let exponent: Int
        var testDescription: String { text }
    }

    static let numbers: [NumberCase] = [
        NumberCase(text: "0", negative: false, significand: "0", exponent: 0),
        NumberCase(text: "-0", negative: false, significand: "0", exponent: 0),
        NumberCase(text: "-0.0e-5", negative: false, significand: "0", exponent: 0),
        NumberCase(text: "0e400", negative: false, significand: "0", exponent: 0),
        NumberCase(text: "0.000", negative: false, significand: "0", exponent: 0),
        NumberCase(text: "1", negative: false, significand: "1", exponent: 0),
        NumberCase(text: "1.0", negative: false, significand: "1", exponent: 0),
        NumberCase(text: "100", negative: false, significand: "1", exponent: 2),
        NumberCase(text: "1E2", negative: false, significand: "1", exponent: 2),
        NumberCase(text: "10.50", negative: false, significand: "105", exponent: -1),
        NumberCase(text: "-0.0012e-3", negative: true, significand: "12", exponent: -7),
        NumberCase(text: "0.1", negative: false, significand: "1", exponent: -1),
        NumberCase(text: "1e400", negative: false, significand: "1", exponent: 400),
        NumberCase(text: "-1e-400", negative: true, significand: "1", exponent: -400),
        NumberCase(text: "2.5E+3", negative: false, significand: "25", exponent: 2),
        NumberCase(text: "1002.003", negative: false, significand: "1002003", exponent: -3),
        NumberCase(
            text: "123456789012345678901234567890", negative: false,
            significand: "12345678901234567890123456789", exponent: 1),
        NumberCase(
            text: "-9223372036854775809", negative: true, significand: "9223372036854775809", exponent: 0),
        NumberCase(
            text: "0.30000000000000000000000000000001", negative: false,
            significand: "30000000000000000000000000000001", exponent: -32),
        NumberCase(
            text: "1e-9223372036854775807", negative: false, significand: "1", exponent: -9_223_372_036_854_775_807),
    ]

    @Test(arguments: numbers)
    func keepsExactNumberValue(_ number: NumberCase) throws {
        let parsed = try #require(try JSONParser.parse(number.text).numberValue)
        #expect(parsed.negative == number.negative)
        #expect(parsed.significand == number.significand)
        #expect(parsed.exponent == number.exponent)
        // The parser's fast normalisation agrees with the public initialiser.
        let reference = JSONNumber(negative: number.negative, digits: number.significand, exponent: number.exponent)
        #expect(parsed == reference)
    }

    @Test func equalNumbersCompareEqualWhateverTheirSpelling() throws {
        #expect(try JSONParser.parse("1.0") == JSONParser.parse("1"))
        #expect(try JSONParser.parse("-0") == JSONParser.parse("0"))
        #expect(try JSONParser.parse("[1e2]") == JSONParser.parse("[100.000]"))
        #expect(try JSONParser.parse("0.1") != JSONParser.parse("0.10000000000000001"))
        #expect(try JSONParser.parse("1e400") != JSONParser.parse("1e401"))
    }

    @Test func numbersConvertToIntAndDouble() throws {
        let big = try #require(try JSONParser.parse("9007199254740993").numberValue)
        #expect(big.intValue == 9_007_199_254_740_993)
        let huge = try #require(try JSONParser.parse("1e400").numberValue)
        #expect(huge.intValue == nil)
        #expect(huge.doubleValue == .infinity)
        let half = try #require(try JSONParser.parse("-5e-1").numberValue)
        #expect(half.doubleValue == -0.5)
        #expect(!half.isInteger)
    }
}
