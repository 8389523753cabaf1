import Testing

@testable import JSONSchema

/// The validator reads documents as a flat tape with numbers of up to 19 significant digits inline and larger
/// ones as `JSONNumber`s; these tests check that both forms, and tapes read from bytes or encoded from values,
/// decide exactly as `JSONValue` and `DecimalArithmetic` do.
struct JSONTapeTests {
    /// Numbers around the inline limits: 19 and 20 significant digits, exponents near the 32-bit bounds,
    /// trailing and leading zeros that normalise away, zero in every spelling.
    static let numbers = [
        "0", "-0", "0.0", "0e10", "1", "-1", "1.0", "10", "100e-2", "0.001", "1e-3", "-12.5", "12.50",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "9999999999999999999", "99999999999999999999", "1000000000000000000000", "1234567890123456789",
        "12345678901234567890", "1.234567890123456789", "1.2345678901234567890", "1e2147483647", "1e2147483648",
        "1e-2147483648", "1e-2147483649", "10e2147483646", "1e400", "-1e400", "0.5", "2.5", "3", "7e-1", "1.5e300",
    ]

    @Test
    func numbersKeepTheirValueThroughEveryPath() throws {
        for text in Self.numbers {
            let parsed = try JSONParser.parse(Array(text.utf8))
            let document = try JSONDocument(parsing: Array(text.utf8))
            #expect(document.value == parsed, "\(text)")
            #expect(JSONDocument(parsed).value == parsed, "\(text)")
            #expect(document.value.numberValue?.jsonText == parsed.numberValue?.jsonText, "\(text)")
        }
    }

    @Test
    func tapeEqualityMatchesValueEquality() throws {
        // uniqueItems compares items on the tape; its answer must be JSONValue's `==`.
        let unique = try validator(#"{"uniqueItems": true}"#)
        for left in Self.numbers {
            for right in Self.numbers {
                let expected = json(left) != json(right)
                #expect(unique.accepts("[\(left), \(right)]") == expected, "\(left) vs \(right)")
            }
        }
    }

    @Test
    func boundsAndMultiplesAgreeWithDecimalArithmetic() throws {
        for limitText in Self.numbers {
            let limit = try #require(json(limitText).numberValue)
            let minimum = try validator(#"{"minimum": \#(limitText)}"#)
            let exclusiveMaximum = try validator(#"{"exclusiveMaximum": \#(limitText)}"#)
            let multiple = limit.significand == "0" || limit.negative
                ? nil : try validator(#"{"multipleOf": \#(limitText)}"#)
            for text in Self.numbers {
                let number = try #require(json(text).numberValue)
                let order = DecimalArithmetic.compare(number, limit)
                #expect(minimum.accepts(text) == (order >= 0), "\(text) >= \(limitText)")
                #expect(exclusiveMaximum.accepts(text) == (order < 0), "\(text) < \(limitText)")
                if let multiple {
                    let expected = DecimalArithmetic.Divisor(limit).divides(number)
                    #expect(multiple.accepts(text) == expected, "\(text) multiple of \(limitText)")
                }
            }
        }
    }

    @Test(arguments: [1, 31, 32, 33, 40, 200])
    func duplicateKeysAreFoundInObjectsOfAnySize(members: Int) {
        // The last key repeats the first, once plainly and once spelled with an escape.
        let keys = (0..<members).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        for repeated in ["\"k0\"", "\"\\u006b0\""] {
            let text = "{\(keys),\(repeated):0}"
            let offset = text.utf8.count - repeated.utf8.count - 3
            #expect(throws: JSONParseError(offset: offset, reason: .duplicateKey)) {
                try JSONParser.parse(Array(text.utf8))
            }
            #expect(throws: JSONParseError(offset: offset, reason: .duplicateKey)) {
                try JSONDocument(parsing: Array(text.utf8))
            }
        }
        #expect((try? JSONParser.parse(Array("{\(keys),\"k\(members)\":0}".utf8))) != nil)
    }

    @Test
    func escapedStringsAndKeysValidateLikePlainOnes() throws {
        let schema = try validator(
            #"{"properties": {"née": {"const": "a\"b"}}, "required": ["née"], "additionalProperties": false}"#)
        #expect(schema.accepts(#"{"n\u00e9e": "a\u0022b"}"#))
        #expect(schema.accepts(#"{"née": "a\"b"}"#))
        #expect(!schema.accepts(#"{"ne\u0301e": "a\"b"}"#))
        #expect(!schema.accepts(#"{"née": "a\\b"}"#))
    }

    @Test
    func bytesThatAreNotJSONThrowTheParserError() throws {
        let schema = try validator("true")
        for text in ["", "{", "[1,]", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "01"] {
            var parserError: JSONParseError?
            do { _ = try JSONParser.parse(Array(text.utf8)) } catch { parserError = error }
            var validatorError: JSONParseError?
            do { _ = try schema.isValid(json: Array(text.utf8)) } catch { validatorError = error }
            #expect(parserError != nil && validatorError == parserError, "\(text)")
        }
        var options = JSONParser.Options()
        options.maxDepth = 2
        #expect(throws: JSONParseError(offset: 2, reason: .tooDeep(limit: 2))) {
            try schema.isValid(json: Array("[[[]]]".utf8), options: options)
        }
    }
}
