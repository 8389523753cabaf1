import JSONSchema
import Testing

@Suite
struct UnevaluatedItemsTests {
    @Test
    func prefixItemsLeaveTheRestUnevaluated() throws {
        let v = try validator(#"{"prefixItems": [{"type": "string"}], "unevaluatedItems": false}"#)
        #expect(v.accepts(#"["a"]"#))
        #expect(!v.accepts(#"["a", 1]"#))
        let error = try #require(v.validate(json(#"["a", 1]"#)).errors.first)
        #expect(error.instanceLocation == "/1")
        #expect(error.keywordLocation == "/unevaluatedItems")
    }

    @Test
    func itemsEvaluateEverything() throws {
        let v = try validator(#"{"allOf": [{"items": {"type": "number"}}], "unevaluatedItems": false}"#)
        #expect(v.accepts("[1, 2, 3]"))
    }

    @Test
    func containsEvaluatesOnlyMatchingItems() throws {
        let v = try validator(#"{"contains": {"type": "string"}, "unevaluatedItems": {"type": "number"}}"#)
        #expect(v.accepts(#"["a", 1, "b"]"#))
        #expect(!v.accepts(#"["a", true]"#))
    }

    @Test
    func prefixItemsInAllOfCountAndTheLargestPrefixWins() throws {
        let v = try validator(
            #"""
            {"allOf": [{"prefixItems": [true]}, {"prefixItems": [true, true]}], "unevaluatedItems": false}
            """#)
        #expect(v.accepts("[1, 2]"))
        #expect(!v.accepts("[1, 2, 3]"))
    }

    @Test
    func failedBranchesDoNotContribute() throws {
        let v = try validator(
            #"""
            {"anyOf": [{"prefixItems": [{"const": "a"}, true]}, {"prefixItems": [true]}],
             "unevaluatedItems": false}
            """#)
        #expect(v.accepts(#"["a", 2]"#))
        #expect(!v.accepts(#"["b", 2]"#))
        #expect(v.accepts(#"["b"]"#))
    }

    @Test
    func itemsEvaluatedThroughRefCount() throws {
        let v = try validator(
            #"""
            {"$ref": "#/$defs/pair", "unevaluatedItems": false,
             "$defs": {"pair": {"prefixItems": [{"type": "string"}, {"type": "integer"}]}}}
            """#)
        #expect(v.accepts(#"["a", 1]"#))
        #expect(!v.accepts(#"["a", 1, null]"#))
    }
}
