// Validation speed of the JSONSchema module on realistic case records: the draft 2020-12 schema in
// Benchmarks/fixtures/case-record.schema.json, compiled once, and 10,000 deterministic synthetic instances of 2-8 KB
// given as bytes (parsing is included, as for data arriving from the network). One iteration handles the whole
// corpus, so instances per second = 10,000 / (time per iteration). "parse + isValid" reads each instance's bytes
// with the parser's full strictness into the flat form the validator reads (Validator.isValid(json:)); the
// "JSONValue" lines build the JSONValue tree first, as a caller who needs the tree does. Run from Benchmarks/ (see docs/benchmarks.md), or through
// Benchmarks/scripts/validator-bench.sh for the comparison with Python's jsonschema and jsonschema-rs.
//
// Set JSONSCHEMA_BENCH_EXPORT=<dir> to also write the schema and instances there for the Python peers.
import Benchmark
import Foundation
import JSONSchema

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    let corpus = CaseRecordCorpus.instances(count: 10_000)
    if let directory = ProcessInfo.processInfo.environment["JSONSCHEMA_BENCH_EXPORT"] {
        try! CaseRecordCorpus.export(to: directory, instances: corpus)
    }
    let validator = try! Validator(schema: try! JSONParser.parse(CaseRecordCorpus.schemaBytes()))
    // Preconditions keep a broken setup from producing figures for work that was never done.
    let validCount = corpus.filter { try! validator.isValid(json: $0) }.count
    precondition(validCount == 9_000, "expected 9,000 valid instances, found \(validCount)")
    let treeValidCount = corpus.filter { validator.isValid(try! JSONParser.parse($0)) }.count
    precondition(treeValidCount == 9_000, "expected 9,000 valid instances as trees, found \(treeValidCount)")
    let parsed = ParsedCorpus()

    Benchmark("Case records x10000: parse + isValid") { benchmark in
        for _ in benchmark.scaledIterations {
            var valid = 0
            for bytes in corpus where try! validator.isValid(json: bytes) { valid += 1 }
            blackHole(valid)
        }
    }

    Benchmark("Case records x10000: parse into JSONValue + isValid") { benchmark in
        for _ in benchmark.scaledIterations {
            var valid = 0
            for bytes in corpus where validator.isValid(try! JSONParser.parse(bytes)) { valid += 1 }
            blackHole(valid)
        }
    }

    Benchmark(
        "Case records x10000: isValid on parsed values",
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                var valid = 0
                for value in parsed.values where validator.isValid(value) { valid += 1 }
                blackHole(valid)
            }
        },
        setup: { parsed.values = corpus.map { try! JSONParser.parse($0) } },
        teardown: { parsed.values = [] }
    )

    Benchmark("Case records x10000: parse + validate (all errors)") { benchmark in
        for _ in benchmark.scaledIterations {
            var errors = 0
            for bytes in corpus { errors += validator.validate(try! JSONDocument(parsing: bytes)).errors.count }
            blackHole(errors)
        }
    }

    Benchmark("Case records x10000: parse into JSONValue only") { benchmark in
        for _ in benchmark.scaledIterations {
            var members = 0
            for bytes in corpus { members += (try! JSONParser.parse(bytes)).objectValue?.count ?? 0 }
            blackHole(members)
        }
    }
}

/// The corpus parsed in advance, held only while the benchmark that needs it runs.
final class ParsedCorpus: @unchecked Sendable {
    // @unchecked: written by the setup and teardown hooks, which run before and after the measured
    // iterations on the same thread; only read while measuring.
    var values: [JSONValue] = []
}
