import JSONSchema
import Testing

/// The validator finds `properties` by each name's length and first eight bytes, starting where the
/// previous member matched, and counts string lengths eight bytes at a time; these tests check that
/// those shortcuts decide exactly as the specification does.
struct PropertyLookupTests {
    private static let names = [
        "a", "ab", "abcdefgh", "abcdefgi", "abcdefghi", "abcdefghj", "personIdentifier", "personIdentifies", "é",
        "日本語の名前", "e\u{301}",
    ]

    private static var schema: String {
        let properties = names.enumerated().map { "\"\($1)\": {\"const\": \($0)}" }
        return "{\"properties\": {\(properties.joined(separator: ", "))}, \"additionalProperties\": false}"
    }

    @Test
    func everyNameMatchesOnlyItsOwnSchemaInAnyOrder() throws {
        let validator = try validator(Self.schema)
        let forward = Self.names.enumerated().map { "\"\($1)\": \($0)" }
        #expect(validator.accepts("{\(forward.joined(separator: ", "))}"))
        #expect(validator.accepts("{\(forward.reversed().joined(separator: ", "))}"))
        for (index, name) in Self.names.enumerated() {
            #expect(validator.accepts("{\"\(name)\": \(index)}"))
            #expect(!validator.accepts("{\"\(name)\": \(index + 1)}"))
        }
    }

    @Test(arguments: ["abcdefg", "abcdefghk", "personIdentifiez", "A", "abcdefgh ", "", "e"])
    func namesSharingAPrefixWithAPropertyAreAdditional(name: String) throws {
        let validator = try validator(Self.schema)
        #expect(!validator.accepts("{\"\(name)\": 0}"))
    }

    @Test
    func largeTablesFindEveryProperty() throws {
        let properties = (0..<80).map { "\"p\($0)\": {\"const\": \($0)}" }
        let validator = try validator(
            "{\"properties\": {\(properties.joined(separator: ", "))}, \"additionalProperties\": false}")
        let members = (0..<80).map { "\"p\($0)\": \($0)" }
        #expect(validator.accepts("{\(members.joined(separator: ", "))}"))
        #expect(!validator.accepts("{\"p80\": 80}"))
        #expect(!validator.accepts("{\"p7\": 8}"))
    }

    /// Lengths are counted in code points, whatever their UTF-8 length or position in a word.
    @Test(arguments: 0...20)
    func stringLengthsCountCodePoints(length: Int) throws {
        let exact = try validator("{\"minLength\": \(length), \"maxLength\": \(length)}")
        for filler in ["a", "é", "日", "😀"] {
            for prefix in ["", "a", "abc"] {
                let head = String(prefix.prefix(length))
                let text = head + String(repeating: filler, count: length - head.count)
                #expect(exact.accepts("\"\(text)\""))
                #expect(!exact.accepts("\"\(text)x\""))
            }
        }
    }

    @Test
    func unevaluatedPropertiesSeesPropertiesFromEveryBranch() throws {
        let validator = try validator(
            """
            {"allOf": [{"properties": {"a": true}}, {"properties": {"b": true}}],
             "anyOf": [{"properties": {"c": true}}, {"properties": {"d": true}}],
             "unevaluatedProperties": false}
            """)
        #expect(validator.accepts(#"{"a": 1, "b": 2, "c": 3, "d": 4}"#))
        #expect(!validator.accepts(#"{"a": 1, "e": 5}"#))
    }
}
