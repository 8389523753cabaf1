import JSONSchema
import Testing

struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        try JSONParser.parse(text).canonicalString()
    }

    private func double(bits: String) throws -> Double {
        Double(bitPattern: try #require(UInt64(bits, radix: 16)))
    }

    /// RFC 8785, Appendix B: IEEE-754 values and their canonical text (NaN and Infinity cannot be JSON input).
    static let appendixB: [(bits: String, text: String)] = [
        ("0000000000000000", "0"),
        ("8000000000000000", "0"),
        ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"),
        ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"),
        ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"),
        ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"),
        ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"),
        ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"),
        ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ]

    @Test func writesRFC8785AppendixBNumbers() throws {
        for (bits, text) in Self.appendixB {
            let value = try double(bits: bits)
            // From Swift's own spelling of the double, and from the expected text itself.
            #expect(try canonical(value.description) == text, "bits \(bits)")
            #expect(try canonical(text) == text, "bits \(bits)")
        }
    }

    @Test func writesNumbersAsECMAScriptDoes() throws {
        #expect(ECMAScriptNumberVectors.all.count == 120)
        for (bits, text) in ECMAScriptNumberVectors.all {
            let value = try double(bits: bits)
            #expect(try canonical(value.description) == text, "bits \(bits)")
            #expect(try JSONParser.parse(text).numberValue?.doubleValue == value, "bits \(bits)")
        }
    }

    @Test func sortsKeysByUTF16CodeUnitsAsInRFC8785Section323() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected =
            #"{"\r":"Carriage Return","1":"One","\#u{80}":"Control","ö":"Latin Small Letter O With Diaeresis","#
            + #""€":"Euro Sign","😀":"Emoji: Grinning Face","דּ":"Hebrew Letter Dalet With Dagesh"}"#
        #expect(try canonical(input) == expected)
    }

    @Test func canonicalizesRFC8785Section322ExampleWithExactNumbers() throws {
        // The RFC's first number, 333333333.33333329, is not exactly a double; see the next test.
        let input = #"""
            {
              "numbers": [333333333.3333333, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected =
            #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"#
            + #""string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
        #expect(try JSONParser.parse(input).canonicalBytes() == Array(expected.utf8))
    }

    @Test func refusesNumbersThatADoubleWouldChange() {
        let notExact = [
            "333333333.33333329", "12345678901234567890123", "9007199254740993", "0.10000000000000001",
            "1.00000000000000000001", "[1, {\"a\": 123456789012345678901234567890}]",
        ]
        for text in notExact {
            #expect(throws: CanonicalJSONError(reason: .numberNotExactDouble), "\(text)") {
                try JSONParser.parse(text).canonicalBytes()
            }
        }
        for text in ["1e400", "-1e400", "1.8e308", "[{\"x\": 2e308}]"] {
            #expect(throws: CanonicalJSONError(reason: .numberOutOfDoubleRange), "\(text)") {
                try JSONParser.parse(text).canonicalBytes()
            }
        }
    }

    @Test func acceptsNumbersThatAreExactlyTheirDouble() throws {
        #expect(
            try canonical("[0.1, 1.0, -0, 1E2, 9007199254740992, 1e-7, 123e-2, 5e-324]")
                == "[0.1,1,0,100,9007199254740992,1e-7,1.23,5e-324]")
    }

    @Test func canonicalErrorDoesNotRevealTheNumber() throws {
        let error = try #require(throws: CanonicalJSONError.self) {
            try JSONParser.parse(#"{"balance": 12345678901234567890123}"#).canonicalString()
        }
        #expect(!error.description.contains("12345"))
        #expect(!error.description.contains("balance"))
        #expect(error.description.contains("IEEE-754"))
    }

    @Test func escapesOnlyWhatRFC8785Requires() throws {
        let value = JSONValue.string("\u{0}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F} \"\\/\u{7F}\u{2028}é😀")
        #expect(try value.canonicalString() == #""\u0000\b\t\n\u000b\f\r\u001f \"\\/"# + "\u{7F}\u{2028}é😀\"")
    }

    @Test func keyOrderDoesNotChangeTheCanonicalForm() throws {
        let first = try canonical(#"{"b": [1, {"y": 2, "x": 1}], "a": "A", "c": {}}"#)
        let second = try canonical(#"{"c": {}, "a": "A", "b": [1, {"x": 1.0, "y": 20e-1}]}"#)
        #expect(first == second)
        #expect(first == #"{"a":"A","b":[1,{"x":1,"y":2}],"c":{}}"#)
    }

    @Test func canonicalFormIsIdempotentAndKeepsTheValue() throws {
        let documents = [
            #"{"z": [3.5e10, -0.0000012, true], "é": null, "e\u0301": "x", "": [[], {}]}"#,
            #"[1e21, 1e20, 0.000001, 1e-7, -5e-324, 1.7976931348623157e308]"#,
            #""\u0000\ud83d\ude00""#,
        ]
        for document in documents {
            let value = try JSONParser.parse(document)
            let once = try value.canonicalString()
            let reparsed = try JSONParser.parse(once)
            #expect(reparsed == value)
            #expect(try reparsed.canonicalString() == once)
        }
    }
}
