import JSONSchema
import Testing

struct JSONSerializationTests {
    static let documents: [String] = [
        "null", "true", "false", "0", "-1", "[]", "{}", #""""#,
        #"{"b":1,"a":[true,null,"x"],"c":{"nested":{"deeper":[[],[{}]]}}}"#,
        #"["\u0000\u001f\u007f","\"\\\/","\b\f\n\r\t","é€😀\u2028","\ud83d\ude00"]"#,
        "[0.1,1.0,-0,1e400,-1e-400,123456789012345678901234567890,1E21,1e20,1e-7,0.000001,12.5e-1]",
        "[1234567890123456789012345e4,0.000000000000000000000000000000001,9007199254740993]",
        #"{"é":1,"e\u0301":2,"":{"":[]}}"#,
    ]

    @Test(arguments: documents)
    func serializedTextParsesBackToTheSameValue(_ document: String) throws {
        let value = try JSONParser.parse(document)
        for pretty in [false, true] {
            let text = value.serialized(pretty: pretty)
            let reparsed = try JSONParser.parse(text)
            #expect(reparsed == value)
            // Key order survives too, so a second round gives the same text.
            #expect(reparsed.serialized(pretty: pretty) == text)
            #expect(value.serializedBytes(pretty: pretty) == Array(text.utf8))
        }
    }

    @Test(arguments: documents)
    func aDocumentWritesWhatItsTreeWrites(_ text: String) throws {
        let document = try JSONDocument(parsing: Array(text.utf8))
        let value = document.value
        for pretty in [false, true] {
            #expect(document.serializedBytes(pretty: pretty) == value.serializedBytes(pretty: pretty))
        }
        #expect((try? document.canonicalBytes()) == (try? value.canonicalBytes()))
    }

    @Test func aDocumentRefusesTheCanonicalFormOfANumberThatIsNoDouble() throws {
        let document = try JSONDocument(parsing: Array(#"{"n":[1,1e400]}"#.utf8))
        #expect(throws: CanonicalJSONError.self) { try document.canonicalBytes() }
    }

    @Test func keepsKeyOrderAndWritesNoWhitespaceWhenCompact() throws {
        let value = try JSONParser.parse(#" { "b" : 1 , "a" : [ true , null , "x" ] , "c" : { } } "#)
        #expect(value.serialized() == #"{"b":1,"a":[true,null,"x"],"c":{}}"#)
    }

    @Test func indentsPrettyOutputByTwoSpaces() throws {
        let value = try JSONParser.parse(#"{"b":1,"a":[true,{"k":"v"},[]],"c":{}}"#)
        let expected = """
            {
              "b": 1,
              "a": [
                true,
                {
                  "k": "v"
                },
                []
              ],
              "c": {}
            }
            """
        #expect(value.serialized(pretty: true) == expected)
        #expect(JSONValue.array([]).serialized(pretty: true) == "[]")
        #expect(JSONValue.string("s").serialized(pretty: true) == #""s""#)
    }

    static let numberTexts: [(input: String, output: String)] = [
        ("0", "0"), ("-0", "0"), ("-0.000e5", "0"), ("100", "100"), ("1e2", "100"), ("1.50", "1.5"),
        ("12.5e-1", "1.25"), ("-3.25", "-3.25"), ("0.1", "0.1"), ("1e20", "100000000000000000000"),
        ("1e21", "1e+21"), ("1e-6", "0.000001"), ("1e-7", "1e-7"), ("-1.5e-400", "-1.5e-400"),
        ("1e400", "1e+400"), ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("1234567890123456789012345e4", "1.234567890123456789012345e+28"),
        ("12345678901234567890123.5", "1.23456789012345678901235e+22"),
        ("0.30000000000000000000000000000001", "0.30000000000000000000000000000001"),
        ("9007199254740993", "9007199254740993"),
    ]

    @Test func writesNumbersWithTheirExactDigits() throws {
        for (input, output) in Self.numberTexts {
            #expect(try JSONParser.parse(input).serialized() == output, "\(input)")
            #expect(try JSONParser.parse(output) == JSONParser.parse(input), "\(input)")
        }
    }

    @Test func writesExtremeExponentsThatStillParseBack() throws {
        let extremes = [
            JSONNumber(negative: false, digits: "12", exponent: .max),
            JSONNumber(negative: true, digits: "1", exponent: .max),
            JSONNumber(negative: false, digits: "12", exponent: .min),
            JSONNumber(negative: true, digits: "1", exponent: .min),
        ]
        for number in extremes {
            let text = JSONValue.number(number).serialized()
            #expect(try JSONParser.parse(text) == .number(number), "\(text)")
        }
    }

    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        let value = JSONValue.string("a\"b\\c/\u{0}\u{1F}\n\t\u{7F}é😀\u{2028}")
        #expect(value.serialized() == #""a\"b\\c/\u0000\u001f\n\t"# + "\u{7F}é😀\u{2028}\"")
    }
}

/// The serializer finds bytes to escape eight at a time and reads a string's last bytes as one padded word; these
/// tests put every kind of byte that needs an escape at every position of strings of every short length.
struct JSONSerializationEscapeTests {
    /// The escaping rule written byte by byte.
    static func reference(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{08}": result += "\\b"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\u{0C}": result += "\\f"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u00" + (hex.count == 1 ? "0" : "") + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    @Test(arguments: 0...20)
    func everyEscapeAtEveryPositionIsWritten(length: Int) {
        for special in ["\"", "\\", "\n", "\u{1F}", "\u{00}", "é"] {
            for position in 0...length {
                var characters = Array(repeating: "a", count: length)
                characters.insert(special, at: position)
                let text = characters.joined()
                #expect(JSONValue.string(text).serialized() == Self.reference(text), "\(text.debugDescription)")
            }
        }
        let plain = String(repeating: "z", count: length)
        #expect(JSONValue.string(plain).serialized() == "\"\(plain)\"")
    }
}
