import Foundation
import Testing

@testable import NordgateCore

/// Precision and recall of ``FreeTextScanner`` on the labelled, synthetic, multilingual corpus in
/// `Fixtures/free-text-corpus.json`.
struct FreeTextCorpusTests {
    struct Corpus: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable {
        var id: String
        var language: String
        var text: String
        var terms: [String]
        var expected: [Span]
    }

    struct Span: Decodable, Hashable {
        var kind: String
        var start: Int
        var end: Int
    }

    /// Per-kind counts of true positives, false positives and false negatives.
    struct Tally {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0

        var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }
    }

    static func loadCorpus() throws -> Corpus {
        // Read next to this file, so the fixture needs no resource declaration in the package manifest.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/free-text-corpus.json")
        return try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: url))
    }

    static func label(_ kind: FreeTextScanner.Match.Kind) -> String {
        switch kind {
        case .nationalID(let country): "nationalID.\(country.rawValue)"
        case .email: "email"
        case .phone: "phone"
        case .term(let index): "term.\(index)"
        }
    }

    /// The table row a kind is counted under: terms are counted together.
    static func row(_ label: String) -> String {
        label.hasPrefix("term.") ? "term" : label
    }

    @Test func corpusIsLargeMultilingualAndSynthetic() throws {
        let corpus = try Self.loadCorpus()
        #expect(corpus.cases.count >= 60)
        #expect(Set(corpus.cases.map(\.language)) == ["no", "da", "sv", "fi", "is", "en"])
        for item in corpus.cases {
            for span in item.expected where span.kind == "nationalID.NO" {
                let digits = String(decoding: Array(item.text.utf8)[span.start..<span.end], as: UTF8.self)
                    .filter(\.isNumber)
                let month = Int(digits.dropFirst(2).prefix(2)) ?? 0
                #expect(month > 80, "Norwegian numbers in the corpus must be synthetic (\(item.id))")
            }
        }
    }

    @Test func redactionRemovesTheLabelledSpansAndKeepsEverythingElse() throws {
        for item in try Self.loadCorpus().cases {
            // The text as it must look after redaction: every labelled span replaced, decoys untouched.
            var expected: [UInt8] = []
            var last = 0
            let bytes = Array(item.text.utf8)
            for span in item.expected.sorted(by: { $0.start < $1.start }) {
                expected += bytes[last..<span.start] + Array("<\(Self.row(span.kind))>".utf8)
                last = span.end
            }
            expected += bytes[last...]
            let redacted = FreeTextScanner(terms: item.terms).redact(item.text) { "<\(Self.row(Self.label($0.kind)))>" }
            #expect(redacted == String(decoding: expected, as: UTF8.self), "\(item.id)")
        }
    }

    @Test func scannerFindsExactlyTheLabelledSpans() throws {
        let corpus = try Self.loadCorpus()
        var tallies: [String: Tally] = [:]
        var mismatches: [String] = []
        for item in corpus.cases {
            let scanner = FreeTextScanner(terms: item.terms)
            let found = Set(
                scanner.matches(in: item.text).map {
                    Span(kind: Self.label($0.kind), start: $0.utf8Range.lowerBound, end: $0.utf8Range.upperBound)
                }
            )
            let expected = Set(item.expected)
            for span in found.intersection(expected) {
                tallies[Self.row(span.kind), default: Tally()].truePositives += 1
            }
            for span in found.subtracting(expected) {
                tallies[Self.row(span.kind), default: Tally()].falsePositives += 1
                mismatches.append("\(item.id): unexpected \(span.kind) at \(span.start)..<\(span.end)")
            }
            for span in expected.subtracting(found) {
                tallies[Self.row(span.kind), default: Tally()].falseNegatives += 1
                mismatches.append("\(item.id): missed \(span.kind) at \(span.start)..<\(span.end)")
            }
        }

        var table = "| kind | labelled | found | correct | precision | recall |\n|---|---:|---:|---:|---:|---:|\n"
        for kind in tallies.keys.sorted() {
            let tally = tallies[kind]!
            let labelled = tally.truePositives + tally.falseNegatives
            let found = tally.truePositives + tally.falsePositives
            table +=
                "| \(kind) | \(labelled) | \(found) | \(tally.truePositives) | "
                + String(format: "%.1f%% | %.1f%% |\n", tally.precision * 100, tally.recall * 100)
        }
        print("Free-text scanner on \(corpus.cases.count) corpus cases:\n\(table)")

        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        for (kind, tally) in tallies {
            #expect(tally.precision == 1 && tally.recall == 1, "\(kind)")
        }
        #expect(tallies.keys.count == 8)
    }
}
