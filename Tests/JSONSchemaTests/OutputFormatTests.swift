import JSONSchema
import Testing

@Suite
struct OutputFormatTests {
    static let schema = #"""
        {"$id": "https://example.test/person", "type": "object", "required": ["name"],
         "properties": {
           "name": {"type": "string", "minLength": 3},
           "age": {"$ref": "#/$defs/age"},
           "tags": {"type": "array", "items": {"enum": ["a", "b", "c", "d"]}}},
         "$defs": {"age": {"type": "integer", "maximum": 150}}}
        """#

    @Test
    func errorsCarryInstanceKeywordAndAbsoluteLocations() throws {
        let v = try validator(Self.schema)
        let result = v.validate(json(#"{"name": "Jo", "age": 200, "tags": ["a", "zebra"]}"#))
        #expect(!result.isValid)
        let byLocation = Dictionary(uniqueKeysWithValues: result.errors.map { ($0.instanceLocation, $0) })
        let name = try #require(byLocation["/name"])
        #expect(name.keywordLocation == "/properties/name/minLength")
        #expect(name.absoluteKeywordLocation == "https://example.test/person#/properties/name/minLength")
        #expect(name.error == "string is shorter than minLength 3")
        let age = try #require(byLocation["/age"])
        #expect(age.keywordLocation == "/properties/age/$ref/maximum")
        #expect(age.absoluteKeywordLocation == "https://example.test/person#/$defs/age/maximum")
        let tag = try #require(byLocation["/tags/1"])
        #expect(tag.keywordLocation == "/properties/tags/items/enum")
        #expect(tag.error == "value is not one of the 4 allowed values")
    }

    @Test
    func messagesNeverContainInstanceValues() throws {
        let v = try validator(Self.schema)
        let secret = "Sensitive-Person-Name-4711"
        let instance: JSONValue = [
            "name": .string(String(secret.prefix(2))), "age": 999, "tags": [.string(secret)],
            "extra": .string(secret),
        ]
        let result = v.validate(instance)
        #expect(!result.isValid)
        for error in result.errors {
            #expect(!error.error.contains("Se"))
            #expect(!error.error.contains("999"))
            #expect(!error.error.contains(secret))
        }
    }

    @Test
    func anonymousSchemasHaveNoAbsoluteLocation() throws {
        let v = try validator(#"{"minimum": 1}"#)
        let error = try #require(v.validate(0).errors.first)
        #expect(error.absoluteKeywordLocation == nil)
        #expect(error.keywordLocation == "/minimum")
        #expect(error.instanceLocation == "")
    }

    @Test
    func pointersEscapeSlashAndTilde() throws {
        let v = try validator(#"{"properties": {"a/b~c": {"type": "string"}}}"#)
        let error = try #require(v.validate(json(#"{"a/b~c": 1}"#)).errors.first)
        #expect(error.instanceLocation == "/a~1b~0c")
        #expect(error.keywordLocation == "/properties/a~1b~0c/type")
    }

    @Test
    func outputUnitIsTheBasicFormat() throws {
        let v = try validator(Self.schema)
        let invalid = v.validate(json(#"{"name": 5}"#)).outputUnit()
        #expect(invalid["valid"] == false)
        let errors = try #require(invalid["errors"]?.arrayValue)
        let first = try #require(errors.first)
        #expect(first["instanceLocation"] == "/name")
        #expect(first["keywordLocation"] == "/properties/name/type")
        #expect(first["absoluteKeywordLocation"] == "https://example.test/person#/properties/name/type")
        #expect(first["error"]?.stringValue?.isEmpty == false)
        let valid = v.validate(json(#"{"name": "Anna"}"#)).outputUnit()
        #expect(valid == ["valid": true])
    }

    @Test
    func failedBranchErrorsAreDroppedWhenTheParentSucceeds() throws {
        let v = try validator(#"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"#)
        #expect(v.validate(3).errors.isEmpty)
        let result = v.validate(true)
        #expect(result.errors.map(\.keywordLocation).contains("/anyOf"))
        #expect(result.errors.map(\.keywordLocation).contains("/anyOf/0/type"))
    }

    @Test
    func validateReportsAllErrorsAndIsValidAgrees() throws {
        let v = try validator(#"{"properties": {"a": {"type": "string"}, "b": {"type": "string"}}}"#)
        let instance = json(#"{"a": 1, "b": 2}"#)
        #expect(v.validate(instance).errors.count == 2)
        #expect(!v.isValid(instance))
    }
}
