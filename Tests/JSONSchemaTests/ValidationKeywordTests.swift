import JSONSchema
import Testing

@Suite
struct ValidationKeywordTests {
    @Test(arguments: [
        ("0.1", "0.3", true), ("0.01", "19.99", true), ("0.01", "19.991", false), ("3", "1e400", false),
        ("0.5", "1e400", true), ("7", "49", true), ("7", "50", false), ("1e-400", "3e-399", true),
        ("123456789012345678901234567890", "246913578024691357802469135780", true),
        ("123456789012345678901234567890", "246913578024691357802469135781", false),
        ("2", "-4", true), ("0.0001", "12.00015", false),
    ])
    func multipleOfIsExactOnDecimals(divisor: String, value: String, expected: Bool) throws {
        let v = try validator(#"{"multipleOf": \#(divisor)}"#)
        #expect(v.accepts(value) == expected)
    }

    @Test
    func boundsCompareExactly() throws {
        let v = try validator(#"{"maximum": 0.30000000000000004, "exclusiveMinimum": -1e400}"#)
        #expect(v.accepts("0.30000000000000004"))
        #expect(!v.accepts("0.30000000000000005"))
        #expect(v.accepts("-1e399"))
        #expect(!v.accepts("-1e400"))
        let big = try validator(#"{"minimum": 18446744073709551616}"#)
        #expect(big.accepts("18446744073709551616.0"))
        #expect(!big.accepts("18446744073709551615"))
    }

    @Test
    func lengthsCountCodePoints() throws {
        let v = try validator(#"{"minLength": 2, "maxLength": 2}"#)
        #expect(v.accepts(#""😀😀""#))
        #expect(!v.accepts(#""😀""#))
        #expect(!v.accepts(#""e\u0301e""#))
    }

    @Test
    func uniqueItemsUsesJSONEquality() throws {
        let v = try validator(#"{"uniqueItems": true}"#)
        #expect(!v.accepts("[1, 1.0]"))
        #expect(!v.accepts(#"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#))
        #expect(v.accepts("[1, true]"))
        #expect(v.accepts("[0, false, null, [], {}]"))
    }

    @Test
    func enumAndConstUseJSONEquality() throws {
        let v = try validator(#"{"enum": [1, "a", {"k": [1.0]}]}"#)
        #expect(v.accepts("1.0"))
        #expect(v.accepts(#"{"k": [1]}"#))
        #expect(!v.accepts("true"))
        let c = try validator(#"{"const": false}"#)
        #expect(!c.accepts("0"))
    }

    @Test
    func typeIntegerAcceptsWholeDecimals() throws {
        let v = try validator(#"{"type": "integer"}"#)
        #expect(v.accepts("1.0"))
        #expect(v.accepts("1e400"))
        #expect(!v.accepts("1.5"))
    }

    @Test
    func requiredAndDependentRequiredReportEachMissingName() throws {
        let v = try validator(#"{"required": ["a", "b"], "dependentRequired": {"a": ["c"]}}"#)
        let result = v.validate(json(#"{"a": 1}"#))
        #expect(
            Set(result.errors.map(\.error))
                == ["missing required property \"b\"", "property \"a\" requires property \"c\""])
    }

    @Test
    func patternsUseECMAScriptClasses() throws {
        let digits = try validator(#"{"pattern": "^\\d+$"}"#)
        #expect(digits.accepts(#""123""#))
        #expect(!digits.accepts(#""١٢٣""#))
        let end = try validator(#"{"pattern": "^abc$"}"#)
        #expect(!end.accepts(#""abc\n""#))
        let unanchored = try validator(#"{"pattern": "b"}"#)
        #expect(unanchored.accepts(#""abc""#))
    }
}
