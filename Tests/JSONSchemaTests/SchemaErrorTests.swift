import JSONSchema
import Testing

@Suite
struct SchemaErrorTests {
    @Test
    func invalidRegexIsRejectedAtCompileTime() throws {
        #expect(throws: SchemaError.invalidRegex(keywordLocation: "/properties/a/pattern")) {
            try validator(#"{"properties": {"a": {"pattern": "(unclosed"}}}"#)
        }
    }

    @Test
    func invalidKeywordValuesNameTheirLocation() throws {
        #expect {
            try validator(#"{"items": {"minLength": -1}}"#)
        } throws: { error in
            guard case .invalidKeywordValue(let location, _)? = error as? SchemaError else { return false }
            return location == "/items/minLength"
        }
        #expect(throws: SchemaError.self) { try validator(#"{"type": "strng"}"#) }
        #expect(throws: SchemaError.self) { try validator(#"{"multipleOf": 0}"#) }
        #expect(throws: SchemaError.self) { try validator(#"[1]"#) }
    }

    @Test
    func unknownMetaSchemaIsRejected() throws {
        #expect(throws: SchemaError.unknownMetaSchema(uri: "https://example.test/unknown-meta")) {
            try validator(#"{"$schema": "https://example.test/unknown-meta"}"#)
        }
    }

    @Test
    func requiredUnknownVocabularyIsRejectedAndOptionalOneIgnored() throws {
        var registry = SchemaRegistry()
        try registry.add(
            json(
                #"""
                {"$id": "https://example.test/meta-strict", "$vocabulary": {
                  "https://json-schema.org/draft/2020-12/vocab/core": true,
                  "https://example.test/vocab/unknown": true}}
                """#))
        try registry.add(
            json(
                #"""
                {"$id": "https://example.test/meta-lenient", "$vocabulary": {
                  "https://json-schema.org/draft/2020-12/vocab/core": true,
                  "https://json-schema.org/draft/2020-12/vocab/applicator": true,
                  "https://example.test/vocab/unknown": false}}
                """#))
        #expect(throws: SchemaError.unsupportedVocabulary(uri: "https://example.test/vocab/unknown")) {
            try validator(#"{"$schema": "https://example.test/meta-strict"}"#, registry: registry)
        }
        // Without the validation vocabulary, `minimum` is only an annotation.
        let lenient = try validator(
            #"{"$schema": "https://example.test/meta-lenient", "properties": {"a": {"minimum": 5}}}"#,
            registry: registry)
        #expect(lenient.accepts(#"{"a": 1}"#))
    }

    @Test
    func formatAssertionVocabularyTurnsFormatsIntoAssertions() throws {
        var registry = SchemaRegistry()
        try registry.add(
            json(
                #"""
                {"$id": "https://example.test/meta-format", "$vocabulary": {
                  "https://json-schema.org/draft/2020-12/vocab/core": true,
                  "https://json-schema.org/draft/2020-12/vocab/format-assertion": true}}
                """#))
        let v = try validator(#"{"$schema": "https://example.test/meta-format", "format": "ipv4"}"#, registry: registry)
        #expect(!v.accepts(#""300.1.1.1""#))
    }

    @Test
    func descriptionsAreShortAndNameTheLocation() {
        let error = SchemaError.invalidKeywordValue(keywordLocation: "/minLength", expected: "a non-negative integer")
        #expect(error.description == "keyword at /minLength is invalid, expected a non-negative integer")
    }
}
