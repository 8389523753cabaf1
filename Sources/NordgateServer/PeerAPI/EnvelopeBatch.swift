import HTTPTypes
import JSONSchema

/// The framing of `POST /v1/envelopes/batch` (`docs/relay.md`, "Batches"): envelopes as newline-delimited
/// JSON, each line exactly the bytes the single endpoint takes (canonical JSON never holds a raw line
/// feed), and an answer with one line per envelope, in order: its receipt, or its error.
enum EnvelopeBatch {
    /// The media type of both bodies.
    static let contentType = "application/x-ndjson"
    /// Most envelopes the sender puts in one batch.
    static let maxSendCount = 32
    /// Largest batch body the sender makes; bigger envelopes go alone (receivers allow 4 MiB by default).
    static let maxSendBytes = 1 << 20

    /// The envelopes of a batch body.
    /// - Throws: ``RelayError`` 400 `batch.malformed` unless the body is 1 to `maxCount` non-empty lines, each ended by a line feed.
    static func split(_ body: [UInt8], maxCount: Int) throws(RelayError) -> [[UInt8]] {
        guard body.last == newline else {
            throw .badRequest("batch.malformed", "a batch is one envelope per line, each line ended by a line feed")
        }
        let lines = body.dropLast().split(separator: newline, omittingEmptySubsequences: false)
        guard lines.count <= maxCount else {
            throw .badRequest("batch.malformed", "a batch holds at most \(maxCount) envelopes")
        }
        guard lines.allSatisfy({ !$0.isEmpty }) else {
            throw .badRequest("batch.malformed", "a batch has no empty lines")
        }
        return lines.map(Array.init)
    }

    /// A body of `lines`, each followed by a line feed.
    static func join(_ lines: [[UInt8]]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            body += line
            body.append(newline)
        }
        return body
    }

    /// The answer line of an envelope refused: `{"error": code, "message": message, "status": status}`.
    static func errorLine(_ error: RelayError) -> [UInt8] {
        let line: JSONValue = [
            "error": .string(error.code), "message": .string(error.message), "status": .number(JSONNumber(Int(error.status.code))),
        ]
        return line.serializedBytes()
    }

    private static let newline = UInt8(ascii: "\n")
}
