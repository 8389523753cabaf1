import Testing

@testable import JSONSchema

/// Documents built from appended values and copied subtrees read back as the tree they describe.
struct JSONDocumentBuilderTests {
    @Test
    func copiedSubtreesKeepEscapedStringsBigNumbersAndNesting() throws {
        let text = #"{"a": {"b\u00e9": ["x\ny", 1e400, 12345678901234567890123, {"c": []}], "d": -0.5}, "e": "plain", "f": [true, null]}"#
        let source = try JSONDocument(parsing: Array(text.utf8))
        let builder = JSONDocumentBuilder(copyingFrom: source)
        let root = builder.beginContainer(object: true)
        // "a" copied whole, "e" replaced, "f" rebuilt with one element dropped, one member dropped after its key.
        let a = source.firstChild(of: JSONDocument.rootIndex) + 1
        let e = source.index(after: a) + 1
        let f = source.index(after: e) + 1
        builder.appendKey("a")
        builder.appendCopy(ofValueAt: a)
        builder.appendKey("e")
        builder.append("replaced")
        let mark = builder.count
        builder.appendKey("dropped")
        builder.truncate(to: mark)
        builder.appendKey("f")
        let array = builder.beginContainer(object: false)
        builder.appendCopy(ofValueAt: source.firstChild(of: f))
        builder.endContainer(array, count: 1)
        builder.endContainer(root, count: 3)

        let expected: JSONValue = [
            "a": try JSONParser.parse(Array(#"{"b\u00e9": ["x\ny", 1e400, 12345678901234567890123, {"c": []}], "d": -0.5}"#.utf8)),
            "e": "replaced", "f": [true],
        ]
        #expect(builder.document.value == expected)
        #expect(builder.document.value.serialized() == expected.serialized())
        // The copy validates as the value does.
        let schema = try validator(#"{"properties": {"a": {"properties": {"bé": {"prefixItems": [{"const": "x\ny"}]}}}}}"#)
        #expect(schema.isValid(builder.document))
    }
}
