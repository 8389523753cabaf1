import JSONSchema
import Testing

@Suite
struct AnnotationTests {
    static let schema = #"""
        {"type": "object", "x-privacy": "keep",
         "properties": {
           "name": {"type": "string", "x-privacy": "pseudonymise"},
           "born": {"type": "string", "x-privacy": {"generalise": "year"}},
           "persons": {"type": "array", "items": {"$ref": "#/$defs/person"}}},
         "$defs": {"person": {"type": "object", "properties": {
           "note": {"type": "string", "x-privacy": "free-text"}}}}}
        """#

    @Test
    func unknownKeywordsAreCollectedPerInstanceLocation() throws {
        let v = try validator(Self.schema)
        let annotations = v.annotations(
            for: json(#"{"name": "A", "born": "2001-02-03", "persons": [{"note": "x"}, {"note": "y"}]}"#),
            keyword: "x-privacy")
        let map = Dictionary(grouping: annotations, by: \.instanceLocation).mapValues { $0.map(\.value) }
        #expect(map[""] == ["keep"])
        #expect(map["/name"] == ["pseudonymise"])
        #expect(map["/born"] == [["generalise": "year"]])
        #expect(map["/persons/0/note"] == ["free-text"])
        #expect(map["/persons/1/note"] == ["free-text"])
        #expect(map.count == 5)
    }

    @Test
    func failedBranchesContributeNoAnnotations() throws {
        let v = try validator(
            #"""
            {"anyOf": [{"properties": {"a": {"type": "string", "x-privacy": "redact"}}},
                       {"properties": {"a": {"type": "integer", "x-privacy": "keep"}}}]}
            """#)
        let annotations = v.annotations(for: json(#"{"a": 1}"#), keyword: "x-privacy")
        #expect(annotations.map(\.instanceLocation) == ["/a"])
        #expect(annotations.map(\.value) == ["keep"])
        #expect(v.annotations(for: json(#"{"a": null}"#), keyword: "x-privacy").isEmpty)
    }

    @Test
    func walkerListsEveryPropertyWithItsAnnotation() throws {
        let properties = SchemaWalker.properties(of: json(Self.schema))
        #expect(properties.map(\.pointer) == [
            "/properties/name", "/properties/born", "/properties/persons", "/$defs/person/properties/note",
        ])
        #expect(properties.map(\.annotation) == ["pseudonymise", ["generalise": "year"], nil, "free-text"])
        #expect(properties.map(\.name) == ["name", "born", "persons", "note"])
    }
}
