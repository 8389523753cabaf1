import Foundation
import JSONSchema

/// An exported audit log (JSON lines), read back so an auditor can verify a copy with
/// ``AuditVerifier`` exactly as the live store.
public struct AuditExportFile: AuditRecordSource, Sendable {
    /// The entry rows in file order.
    public let rows: [AuditRow]
    /// The checkpoints in file order.
    public let checkpoints: [AuditCheckpoint]

    /// Reads and parses the export at `path`.
    /// - Throws: ``StoreError/invalidInput(field:reason:)`` naming the line that is not a valid
    ///   header, entry or checkpoint line; ``StoreError/cannotOpen(path:reason:)`` when unreadable.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "cannot read the file")
        }
        try self.init(bytes: [UInt8](data))
    }

    /// Parses an export held in memory.
    public init(bytes: [UInt8]) throws {
        var rows: [AuditRow] = []
        var checkpoints: [AuditCheckpoint] = []
        var lineNumber = 0
        var sawHeader = false
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNumber += 1
            func fail(_ why: String) -> StoreError { .invalidInput(field: "export line \(lineNumber)", reason: why) }
            guard line.count <= AuditExport.maxLineBytes else {
                throw fail("is longer than \(AuditExport.maxLineBytes) bytes")
            }
            guard let value = try? JSONParser.parse(Array(line)), case .object(let object) = value else {
                throw fail("is not a JSON object")
            }
            if !sawHeader {
                guard object["format"]?.stringValue == AuditExport.formatName,
                    AuditExport.integer(object["version"]) == Int64(AuditExport.version)
                else { throw fail("is not a \(AuditExport.formatName) version \(AuditExport.version) header") }
                sawHeader = true
                continue
            }
            switch object["record"]?.stringValue {
            case "entry":
                guard let row = AuditExport.row(from: object) else { throw fail("is an entry without an integer seq") }
                rows.append(row)
            case "checkpoint":
                guard let checkpoint = AuditExport.checkpoint(from: object) else {
                    throw fail("is not a valid checkpoint")
                }
                checkpoints.append(checkpoint)
            default:
                throw fail("is neither an entry nor a checkpoint")
            }
        }
        guard sawHeader else { throw StoreError.invalidInput(field: "export", reason: "is empty") }
        self.rows = rows
        self.checkpoints = checkpoints
    }

    public func auditCheckpoints() throws -> [AuditCheckpoint] { checkpoints }

    public func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws {
        for row in rows { try body(row) }
    }
}
