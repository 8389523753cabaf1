import JSONSchema
import Testing

@Suite
struct ApplicatorTests {
    @Test
    func minContainsZeroAcceptsArraysWithoutMatches() throws {
        let v = try validator(#"{"contains": {"type": "string"}, "minContains": 0}"#)
        #expect(v.accepts("[]"))
        #expect(v.accepts("[1, 2]"))
    }

    @Test
    func minAndMaxContainsBoundTheNumberOfMatches() throws {
        let v = try validator(#"{"contains": {"const": 1}, "minContains": 2, "maxContains": 3}"#)
        #expect(!v.accepts("[1, 2]"))
        #expect(v.accepts("[1, 1, 2]"))
        #expect(v.accepts("[1, 1, 1]"))
        #expect(!v.accepts("[1, 1, 1, 1]"))
        let errors = v.validate(json("[1]")).errors
        #expect(errors.map(\.keywordLocation) == ["/minContains"])
    }

    @Test
    func minAndMaxContainsWithoutContainsAreIgnored() throws {
        let v = try validator(#"{"minContains": 2, "maxContains": 0}"#)
        #expect(v.accepts("[1]"))
    }

    @Test
    func containsRequiresAMatchByDefault() throws {
        let v = try validator(#"{"contains": {"minimum": 5}}"#)
        #expect(v.accepts("[3, 6]"))
        #expect(!v.accepts("[3, 4]"))
        #expect(!v.accepts("[]"))
        #expect(v.accepts(#"{"not": "an array"}"#))
    }

    @Test
    func dependentSchemasApplyWhenThePropertyIsPresent() throws {
        let v = try validator(#"{"dependentSchemas": {"bar": {"required": ["foo"]}}}"#)
        #expect(v.accepts(#"{"foo": 1, "bar": 2}"#))
        #expect(!v.accepts(#"{"bar": 2}"#))
        #expect(v.accepts(#"{"baz": 2}"#))
        let error = try #require(v.validate(json(#"{"bar": 2}"#)).errors.first)
        #expect(error.keywordLocation == "/dependentSchemas/bar/required")
    }

    @Test
    func anchorsResolveLocationIndependently() throws {
        let v = try validator(
            #"""
            {"$id": "https://example.test/root", "$ref": "#positive",
             "$defs": {"n": {"$anchor": "positive", "type": "integer", "exclusiveMinimum": 0}}}
            """#)
        #expect(v.accepts("3"))
        #expect(!v.accepts("0"))
        let nested = try validator(
            #"""
            {"$id": "https://example.test/root", "$ref": "other#name",
             "$defs": {"o": {"$id": "other", "$defs": {"x": {"$anchor": "name", "type": "string"}}}}}
            """#)
        #expect(nested.accepts(#""s""#))
        #expect(!nested.accepts("1"))
    }

    @Test
    func recursiveReferencesTerminate() throws {
        let v = try validator(
            #"""
            {"type": "object", "properties": {"name": {"type": "string"},
             "children": {"type": "array", "items": {"$ref": "#"}}}}
            """#)
        #expect(v.accepts(#"{"name": "a", "children": [{"name": "b", "children": []}]}"#))
        #expect(!v.accepts(#"{"name": "a", "children": [{"name": 1}]}"#))
        let loop = try validator(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)
        #expect(!loop.accepts("1"))
    }

    @Test
    func propertyNamesCheckEveryKey() throws {
        let v = try validator(#"{"propertyNames": {"maxLength": 3}}"#)
        #expect(v.accepts(#"{"abc": 1}"#))
        #expect(!v.accepts(#"{"abcd": 1}"#))
        let error = try #require(v.validate(json(#"{"abcd": 1}"#)).errors.first)
        #expect(error.keywordLocation == "/propertyNames/maxLength")
        #expect(error.instanceLocation == "/abcd")
    }

    @Test
    func booleanSchemasAcceptOrRejectEverything() throws {
        #expect(try validator("true").accepts(#"{"a": [1]}"#))
        #expect(try !validator("false").accepts("null"))
        let error = try #require(validator("false").validate(.null).errors.first)
        #expect(error.keywordLocation == "")
    }
}
