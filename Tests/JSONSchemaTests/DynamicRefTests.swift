import JSONSchema
import Testing

@Suite
struct DynamicRefTests {
    /// A generic tree whose nodes are extended by a stricter schema through `$dynamicAnchor`.
    static let tree = #"""
        {"$id": "https://example.test/tree", "$dynamicAnchor": "node", "type": "object",
         "properties": {"data": true, "children": {"type": "array", "items": {"$dynamicRef": "#node"}}}}
        """#
    static let strictTree = #"""
        {"$id": "https://example.test/strict-tree", "$dynamicAnchor": "node",
         "$ref": "tree", "unevaluatedProperties": false}
        """#

    @Test
    func extendingATreeSchemaAppliesTheExtensionAtEveryLevel() throws {
        var registry = SchemaRegistry()
        try registry.add(json(Self.tree))
        let strict = try validator(Self.strictTree, registry: registry)
        #expect(strict.accepts(#"{"children": [{"data": 1}]}"#))
        // A misspelt property deep in the tree is caught because `#node` resolves to the strict tree.
        #expect(!strict.accepts(#"{"children": [{"daat": 1}]}"#))
        let plain = try validator(Self.tree)
        #expect(plain.accepts(#"{"children": [{"daat": 1}]}"#))
    }

    @Test
    func errorLocationsFollowTheDynamicReference() throws {
        var registry = SchemaRegistry()
        try registry.add(json(Self.tree))
        let strict = try validator(Self.strictTree, registry: registry)
        let result = strict.validate(json(#"{"children": [{"daat": 1}]}"#))
        #expect(!result.isValid)
        #expect(result.errors.contains { $0.instanceLocation == "/children/0/daat" })
        #expect(
            result.errors.contains {
                $0.keywordLocation == "/$ref/properties/children/items/$dynamicRef/unevaluatedProperties"
            })
    }

    @Test
    func withoutABookendTheDynamicRefIsAPlainRef() throws {
        let v = try validator(
            #"""
            {"$id": "https://example.test/root", "$ref": "list",
             "$defs": {
               "foo": {"$dynamicAnchor": "items", "type": "string"},
               "list": {"$id": "list", "type": "array", "items": {"$dynamicRef": "#items"},
                        "$defs": {"items": {"$anchor": "items"}}}}}
            """#)
        #expect(v.accepts(#"["a", 42]"#))
    }

    @Test
    func theOutermostDynamicAnchorInScopeWins() throws {
        let v = try validator(
            #"""
            {"$id": "https://example.test/root", "$ref": "list",
             "$defs": {
               "foo": {"$dynamicAnchor": "items", "type": "string"},
               "list": {"$id": "list", "type": "array", "items": {"$dynamicRef": "#items"},
                        "$defs": {"items": {"$dynamicAnchor": "items"}}}}}
            """#)
        #expect(v.accepts(#"["a", "b"]"#))
        #expect(!v.accepts(#"["a", 42]"#))
    }

    @Test
    func theScopeDependsOnThePathTaken() throws {
        let v = try validator(
            #"""
            {"$id": "https://example.test/main",
             "if": {"properties": {"kind": {"const": "numbers"}}, "required": ["kind"]},
             "then": {"$ref": "numberList"}, "else": {"$ref": "stringList"},
             "$defs": {
               "genericList": {"$id": "genericList",
                 "properties": {"list": {"items": {"$dynamicRef": "#itemType"}}},
                 "$defs": {"default": {"$dynamicAnchor": "itemType"}}},
               "numberList": {"$id": "numberList", "$ref": "genericList",
                 "$defs": {"itemType": {"$dynamicAnchor": "itemType", "type": "number"}}},
               "stringList": {"$id": "stringList", "$ref": "genericList",
                 "$defs": {"itemType": {"$dynamicAnchor": "itemType", "type": "string"}}}}}
            """#)
        #expect(v.accepts(#"{"kind": "numbers", "list": [1.5]}"#))
        #expect(!v.accepts(#"{"kind": "numbers", "list": ["x"]}"#))
        #expect(v.accepts(#"{"kind": "strings", "list": ["x"]}"#))
        #expect(!v.accepts(#"{"kind": "strings", "list": [1]}"#))
    }

    @Test
    func theMetaSchemaValidatesSchemasThroughItsDynamicReferences() throws {
        let meta = try validator(#"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"#)
        #expect(meta.accepts(#"{"type": "string", "properties": {"a": {"minLength": 1}}}"#))
        #expect(!meta.accepts(#"{"properties": {"a": {"minLength": -1}}}"#))
        #expect(!meta.accepts(#"{"$defs": {"a": {"type": "strng"}}}"#))
    }
}
