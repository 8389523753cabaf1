import JSONSchema
import Testing

struct JSONValueEqualityTests {
    private let composed = "\u{E9}"
    private let decomposed = "e\u{301}"

    @Test func canonicallyEquivalentStringsAreDifferentJSONStrings() {
        // Swift's String calls these equal; JSON compares code points.
        #expect(composed == decomposed)
        #expect(JSONValue.string(composed) != JSONValue.string(decomposed))
        #expect(Set<JSONValue>([.string(composed), .string(decomposed)]).count == 2)
        #expect(JSONValue.string(composed) == JSONValue.string("\u{E9}"))
    }

    @Test func canonicallyEquivalentKeysAreDistinctMembers() throws {
        let value = try JSONParser.parse(#"{"\u00e9":1,"e\u0301":2}"#)
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(object[composed] == 1)
        #expect(object[decomposed] == 2)

        var edited = object
        edited[decomposed] = nil
        #expect(edited.keys == [composed])
        #expect(edited[composed] == 1)
        #expect(!edited.contains(decomposed))
    }

    @Test func objectEqualityIgnoresKeyOrderButNotValues() {
        let ab: JSONValue = ["a": 1, "b": [true, nil]]
        let ba: JSONValue = ["b": [true, nil], "a": 1]
        #expect(ab == ba)
        #expect(ab.hashValue == ba.hashValue)
        #expect(ab != ["a": 1, "b": [true]])
        #expect(ab != ["a": 1])
    }

    @Test func valuesOfDifferentKindsAreNeverEqual() {
        let values: [JSONValue] = [nil, false, 0, "", [], [:]]
        for (leftIndex, left) in values.enumerated() {
            for (rightIndex, right) in values.enumerated() {
                #expect((left == right) == (leftIndex == rightIndex))
            }
        }
    }

    @Test func iterationFollowsInsertionOrder() {
        var object = JSONObject()
        object["z"] = 1
        object["a"] = 2
        object["m"] = 3
        object["a"] = 4
        #expect(object.map(\.key) == ["z", "a", "m"])
        #expect(object.map(\.value) == [1, 4, 3])
    }
}
