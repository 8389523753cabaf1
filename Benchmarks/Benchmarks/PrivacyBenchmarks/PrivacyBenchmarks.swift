// Pseudonymisation speed: 10,000 deterministic synthetic records of about 4 KB (20 values under pseudonymise,
// generalise, redact or drop, about 1 KB of free text each; see PrivacyCorpus.swift), each given as bytes and taken
// through RecordPseudonymiser as the CLI does: parse, validate against the schema, apply the policy (keyed BLAKE2b
// pseudonyms, generalisation, free-text scanning), check against the derived output schema, serialise. Each
// measured iteration handles the next 1,000 records of the corpus in turn (scaling factor kilo), so the figures are
// per record: throughput is records per second. A second benchmark times the input validation alone (on records
// parsed into JSONDocuments in advance, the form the pseudonymiser validates), to show how much of the work it is.
//
// Run from Benchmarks/ (see docs/benchmarks.md), or through Benchmarks/scripts/pseudonymise-bench.sh, which also runs
// the Python baseline (pseudonymise_baseline.py) on the same records and prints the ratio.
// Set PSEUDONYMISE_BENCH_EXPORT=<dir> to write the schema, records and key there for the Python baseline.
import Benchmark
import Foundation
import JSONSchema
import NordgateCore
import Sodium

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 1,
        scalingFactor: .kilo,
        maxDuration: .seconds(30),
        maxIterations: 30
    )

    let records = PrivacyCorpus.records(count: 10_000)
    if let directory = ProcessInfo.processInfo.environment["PSEUDONYMISE_BENCH_EXPORT"] {
        try! PrivacyCorpus.export(to: directory, records: records)
    }
    let schema = try! JSONParser.parse(PrivacyCorpus.schemaText)
    let pseudonymiser = try! RecordPseudonymiser(schema: schema)
    let validator = try! Validator(schema: schema)
    let key = PseudonymKey(
        secret: SecretBytes(copying: PrivacyCorpus.keyBytes), epoch: 1, domain: .receiver("DK-POL", purpose: "bench"))
    // Preconditions keep a broken setup from producing figures for work that was never done.
    let sample = try! pseudonymiser.pseudonymise(recordBytes: records[0], key: key, callingCode: "47")
    precondition(sample.originals.count >= 14, "expected at least 14 pseudonyms in the first record")
    let parsed = records.map { try! JSONDocument(parsing: $0) }

    let cursor = Cursor()

    Benchmark("Pseudonymise a 4 KB record: parse, validate, policy, output check, serialise") { benchmark in
        var bytes = 0
        for _ in benchmark.scaledIterations {
            let result = try! pseudonymiser.pseudonymise(recordBytes: records[cursor.next()], key: key, callingCode: "47")
            bytes += result.document.serializedBytes().count
        }
        blackHole(bytes)
    }

    Benchmark("Validate a 4 KB record (Validator.isValid on a parsed document, part of the above)") { benchmark in
        var valid = 0
        for _ in benchmark.scaledIterations where validator.isValid(parsed[cursor.next()]) { valid += 1 }
        blackHole(valid)
    }
}

/// Walks the corpus in turn across iterations.
final class Cursor: @unchecked Sendable {
    // @unchecked: the benchmark harness runs one benchmark at a time on one thread.
    private var position = 0

    func next() -> Int {
        defer { position = (position + 1) % 10_000 }
        return position
    }
}
