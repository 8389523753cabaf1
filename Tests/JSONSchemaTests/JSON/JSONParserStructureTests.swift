import JSONSchema
import Testing

/// Checks the parser on many generated shapes: nesting, large objects, duplicates at any depth.
struct JSONParserStructureTests {
    /// A small deterministic generator, so failures reproduce.
    private struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func value(depth: Int) -> JSONValue {
            switch next(depth > 3 ? 5 : 8) {
            case 0: return nil
            case 1: return .bool(next(2) == 0)
            case 2:
                return .number(
                    JSONNumber(negative: next(2) == 0, digits: String(next(1_000_000)), exponent: next(41) - 20))
            case 3: return .string(string())
            case 4: return .string(String(repeating: string(), count: 1 + next(4)))
            case 5, 6:
                var object = JSONObject()
                // Up to 30 members, so both small (scanned) and large (hashed) objects occur.
                for _ in 0..<next(next(2) == 0 ? 4 : 31) { object[string()] = value(depth: depth + 1) }
                return .object(object)
            default:
                return .array((0..<next(6)).map { _ in value(depth: depth + 1) })
            }
        }

        mutating func string() -> String {
            let pieces = [
                "a", "b", "key", "é", "e\u{301}", "😀", "\n", "\"", "\\", "\u{1}", "/", " ", "€", "long key name",
            ]
            return (0..<next(4)).map { _ in pieces[next(pieces.count)] }.joined()
        }
    }

    @Test func generatedDocumentsRoundTrip() throws {
        var generator = Generator(state: 2026)
        for _ in 0..<300 {
            let value = generator.value(depth: 0)
            for pretty in [false, true] {
                #expect(try JSONParser.parse(value.serialized(pretty: pretty)) == value)
            }
        }
    }

    @Test func findsDuplicateKeysInNestedObjectsAfterOuterMembers() {
        #expect(throws: JSONParseError(offset: 30, reason: .duplicateKey)) {
            try JSONParser.parse(#"{"a":1,"b":2,"c":{"d":1,"e":2,"d":3}}"#)
        }
        #expect(throws: JSONParseError(offset: 37, reason: .duplicateKey)) {
            try JSONParser.parse(#"{"a":1,"b":{"x":{"y":1},"z":2},"c":3,"a":4}"#)
        }
        // Same key at different levels is fine.
        #expect(throws: Never.self) { try JSONParser.parse(#"{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}"#) }
    }

    @Test(arguments: [0, 5, 11, 12, 13, 19])
    func findsDuplicateKeysInLargeObjects(duplicateOf earlier: Int) throws {
        let keys = (0..<20).map { "key\($0)" }
        let members = keys.map { "\"\($0)\":[{\"inner\":1,\"other\":2}]" }.joined(separator: ",")
        let valid = "{\(members)}"
        let object = try #require(try JSONParser.parse(valid).objectValue)
        #expect(object.count == 20)
        for (position, key) in keys.enumerated() {
            #expect(object[key] == [["inner": 1, "other": 2]], "position \(position)")
        }
        let duplicated = "{\(members),\"key\(earlier)\":0}"
        #expect(throws: JSONParseError(offset: valid.utf8.count, reason: .duplicateKey)) {
            try JSONParser.parse(duplicated)
        }
    }

    @Test func editsLargeObjectsConsistently() {
        var object = JSONObject()
        for number in 0..<40 { object["k\(number)"] = .number(JSONNumber(number)) }
        for number in stride(from: 0, to: 40, by: 3) { object["k\(number)"] = nil }
        #expect(object.count == 26)
        #expect(object["k3"] == nil)
        #expect(object["k4"] == 4)
        #expect(object["k39"] == nil)
        #expect(object["k38"] == 38)
        object["k3"] = "back"
        #expect(object.keys.last == "k3")
        #expect(object.map(\.key).count == 26 + 1)
        for number in 0..<40 where number % 3 != 0 { object["k\(number)"] = nil }
        #expect(object.keys == ["k3"])
    }

    @Test func skipsPlainRunsWithoutMissingSpecialBytesAtAnyAlignment() throws {
        for length in 0..<24 {
            for special in ["\"", "\\", "\u{1F}", "é"] {
                let prefix = String(repeating: "x", count: length)
                let text =
                    "\"" + prefix + (special == "\"" || special == "\\" ? "\\" + special : special) + "yyyyyyyyy\""
                let expected = prefix + special + "yyyyyyyyy"
                if special == "\u{1F}" {
                    #expect(throws: JSONParseError(offset: 1 + length, reason: .controlCharacterInString)) {
                        try JSONParser.parse(text)
                    }
                } else {
                    #expect(try JSONParser.parse(text) == .string(expected), "length \(length)")
                }
            }
            let unterminated = "\"" + String(repeating: "z", count: length)
            #expect(throws: JSONParseError(offset: 1 + length, reason: .unexpectedEnd)) {
                try JSONParser.parse(unterminated)
            }
        }
    }
}
