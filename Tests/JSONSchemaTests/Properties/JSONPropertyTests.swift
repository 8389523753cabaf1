import Foundation
import JSONSchema
import Testing

/// Properties of the parser, serializer and canonical form over a few hundred random values each.
///
/// Every case has its own seed, printed when it fails; rerun one case with
/// `NORDGATE_PROPERTY_SEED=<seed> swift test --filter JSONPropertyTests`.
@Suite struct JSONPropertyTests {
    static let cases = 300

    /// The seeds to run: the one in `NORDGATE_PROPERTY_SEED`, or `cases` fixed ones.
    static func seeds(base: UInt64) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["NORDGATE_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
        return (0..<UInt64(cases)).map { base &+ $0 }
    }

    @Test func parseAfterSerializeGivesTheSameValue() throws {
        for seed in Self.seeds(base: 0x4A53_4F4E_0000) {
            var generator = JSONGenerator(seed: seed)
            let value = generator.value()
            for pretty in [false, true] {
                let parsed = try JSONParser.parse(value.serializedBytes(pretty: pretty))
                #expect(parsed == value, "seed \(seed), pretty \(pretty)")
            }
        }
    }

    @Test func canonicalFormParsesBackAndIsIdempotent() throws {
        for seed in Self.seeds(base: 0x4A43_5300_0000) {
            var generator = JSONGenerator(seed: seed, doublesOnly: true)
            let value = generator.value()
            let canonical = try value.canonicalBytes()
            let parsed = try JSONParser.parse(canonical)
            #expect(parsed == value, "seed \(seed)")
            #expect(try parsed.canonicalBytes() == canonical, "seed \(seed)")
        }
    }

    @Test func canonicalFormIgnoresKeyOrderAndSpelling() throws {
        for seed in Self.seeds(base: 0x4B45_5953_0000) {
            var generator = JSONGenerator(seed: seed, doublesOnly: true)
            let value = generator.value()
            let reordered = generator.shuffled(value)
            #expect(try reordered.canonicalBytes() == value.canonicalBytes(), "seed \(seed)")
            let pretty = try JSONParser.parse(reordered.serializedBytes(pretty: true))
            #expect(try pretty.canonicalBytes() == value.canonicalBytes(), "seed \(seed)")
        }
    }

    @Test func documentsWriteTheTextOfTheirTree() throws {
        for seed in Self.seeds(base: 0x5441_5045_0000) {
            var generator = JSONGenerator(seed: seed)
            let value = generator.value()
            // Built from the tree (strings in the tape's own bytes) and parsed (strings in the source, escaped
            // ones decoded on the side).
            let documents = [JSONDocument(value), try JSONDocument(parsing: value.serializedBytes(pretty: true))]
            for (which, document) in documents.enumerated() {
                for pretty in [false, true] {
                    #expect(
                        document.serializedBytes(pretty: pretty) == value.serializedBytes(pretty: pretty),
                        "seed \(seed), document \(which), pretty \(pretty)")
                }
                // Numbers that are not exactly doubles (the generator makes some) fail both ways.
                #expect(
                    (try? document.canonicalBytes()) == (try? value.canonicalBytes()), "seed \(seed), document \(which)")
            }
        }
    }
}
