import JSONSchema
import Testing

@Suite
struct UnevaluatedPropertiesTests {
    @Test
    func adjacentPropertiesAreEvaluated() throws {
        let v = try validator(#"{"properties": {"foo": {}}, "unevaluatedProperties": false}"#)
        #expect(v.accepts(#"{"foo": 1}"#))
        #expect(!v.accepts(#"{"foo": 1, "bar": 2}"#))
        let error = try #require(v.validate(json(#"{"foo": 1, "bar": 2}"#)).errors.first)
        #expect(error.instanceLocation == "/bar")
        #expect(error.keywordLocation == "/unevaluatedProperties")
    }

    @Test
    func propertiesEvaluatedInAllOfCount() throws {
        let v = try validator(
            #"{"allOf": [{"properties": {"foo": {}}}, {"properties": {"bar": {}}}], "unevaluatedProperties": false}"#)
        #expect(v.accepts(#"{"foo": 1, "bar": 2}"#))
        #expect(!v.accepts(#"{"foo": 1, "baz": 2}"#))
    }

    @Test
    func propertiesEvaluatedThroughRefCount() throws {
        let v = try validator(
            #"""
            {"$ref": "#/$defs/base", "properties": {"extra": {}}, "unevaluatedProperties": false,
             "$defs": {"base": {"properties": {"id": {"type": "string"}}}}}
            """#)
        #expect(v.accepts(#"{"id": "a", "extra": true}"#))
        #expect(!v.accepts(#"{"id": "a", "other": true}"#))
    }

    @Test
    func ifThenElseContributeOnlyTheTakenBranchAndAPassingCondition() throws {
        let v = try validator(
            #"""
            {"if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
             "then": {"properties": {"a": {}}},
             "else": {"properties": {"b": {}}},
             "unevaluatedProperties": false}
            """#)
        #expect(v.accepts(#"{"kind": "a", "a": 1}"#))
        #expect(!v.accepts(#"{"kind": "a", "b": 1}"#))
        // The condition fails, so its annotation for "kind" is dropped and "kind" stays unevaluated.
        #expect(!v.accepts(#"{"kind": "x", "b": 1}"#))
        #expect(v.accepts(#"{"b": 1}"#))
    }

    @Test
    func failedAnyOfBranchesDoNotContribute() throws {
        let v = try validator(
            #"""
            {"anyOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]},
                       {"properties": {"b": {}}, "required": ["b"]}],
             "unevaluatedProperties": false}
            """#)
        #expect(v.accepts(#"{"a": "x", "b": 1}"#))
        #expect(!v.accepts(#"{"a": 1, "b": 1}"#))
    }

    @Test
    func oneOfContributesOnlyTheMatchingBranch() throws {
        let v = try validator(
            #"""
            {"oneOf": [{"properties": {"a": {"const": 1}}, "required": ["a"]},
                       {"properties": {"b": {"const": 1}}, "required": ["b"]}],
             "unevaluatedProperties": false}
            """#)
        #expect(v.accepts(#"{"a": 1}"#))
        #expect(!v.accepts(#"{"a": 1, "b": 2}"#))
    }

    @Test
    func notNeverContributes() throws {
        let v = try validator(#"{"not": {"not": {"properties": {"foo": {}}}}, "unevaluatedProperties": false}"#)
        #expect(!v.accepts(#"{"foo": 1}"#))
        #expect(v.accepts(#"{}"#))
    }

    @Test
    func dependentSchemasContributeWhenTriggered() throws {
        let v = try validator(
            #"""
            {"properties": {"card": {}}, "dependentSchemas": {"card": {"properties": {"billing": {}}}},
             "unevaluatedProperties": false}
            """#)
        #expect(v.accepts(#"{"card": 1, "billing": 2}"#))
        #expect(!v.accepts(#"{"billing": 2}"#))
    }

    @Test
    func additionalAndPatternPropertiesCount() throws {
        let patterns = try validator(
            #"{"patternProperties": {"^x-": {}}, "unevaluatedProperties": false}"#)
        #expect(patterns.accepts(#"{"x-a": 1}"#))
        #expect(!patterns.accepts(#"{"y": 1}"#))
        let additional = try validator(
            #"{"allOf": [{"additionalProperties": true}], "unevaluatedProperties": false}"#)
        #expect(additional.accepts(#"{"anything": 1}"#))
    }

    @Test
    func nestedUnevaluatedPropertiesSeesOuterSiblingsOnlyThroughItsOwnScope() throws {
        let v = try validator(
            #"""
            {"properties": {"foo": {}},
             "allOf": [{"unevaluatedProperties": true}],
             "unevaluatedProperties": false}
            """#)
        // The inner `unevaluatedProperties: true` evaluates every property, so the outer one sees none left.
        #expect(v.accepts(#"{"foo": 1, "bar": 2}"#))
        let strictInner = try validator(
            #"{"properties": {"foo": {}}, "allOf": [{"unevaluatedProperties": false}]}"#)
        // The inner schema cannot see the sibling `properties` of its parent.
        #expect(!strictInner.accepts(#"{"foo": 1}"#))
    }

    @Test
    func unevaluatedPropertiesSchemaIsAppliedToTheRest() throws {
        let v = try validator(#"{"properties": {"id": {}}, "unevaluatedProperties": {"type": "string"}}"#)
        #expect(v.accepts(#"{"id": 1, "name": "x"}"#))
        #expect(!v.accepts(#"{"id": 1, "name": 2}"#))
    }

    @Test
    func propertiesEvaluatedInsideNestedObjectsDoNotLeakUpwards() throws {
        let v = try validator(
            #"{"properties": {"inner": {"properties": {"bar": {}}}}, "unevaluatedProperties": false}"#)
        #expect(v.accepts(#"{"inner": {"bar": 1}}"#))
        #expect(!v.accepts(#"{"inner": {}, "bar": 1}"#))
    }
}
