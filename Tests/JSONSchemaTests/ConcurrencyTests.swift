import JSONSchema
import Testing

@Suite
struct ConcurrencyTests {
    @Test
    func oneValidatorServesManyTasksAtOnce() async throws {
        let v = try validator(
            #"""
            {"$defs": {"node": {"$dynamicAnchor": "n", "type": "object",
               "properties": {"v": {"type": "integer"}, "tag": {"pattern": "^(x|y)+$"},
                              "kids": {"items": {"$dynamicRef": "#n"}}},
               "unevaluatedProperties": false}},
             "$ref": "#/$defs/node"}
            """#)
        let good = json(#"{"v": 1, "tag": "xyx", "kids": [{"v": 2, "tag": "y", "kids": []}]}"#)
        let bad = json(#"{"v": 1, "kids": [{"v": "x", "tag": "xz", "extra": 1}]}"#)
        let expectedBadErrors = v.validate(bad).errors
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    var ok = true
                    for _ in 0..<50 {
                        if index % 2 == 0 {
                            ok = ok && v.isValid(good) && v.validate(good).isValid
                        } else {
                            ok = ok && !v.isValid(bad) && v.validate(bad).errors == expectedBadErrors
                        }
                    }
                    return ok
                }
            }
            var all: [Bool] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 64)
        #expect(outcomes.allSatisfy { $0 })
    }
}
