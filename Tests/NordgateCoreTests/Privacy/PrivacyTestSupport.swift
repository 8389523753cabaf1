import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Schemas, example records, keys and in-memory stores for the privacy tests.
enum PrivacyTestSupport {
    static let baseURI = "https://nordgate.invalid/schemas/"

    /// The repository's `Schemas/` folder.
    static let schemasFolder: String = {
        var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("Schemas").path
            let marker = (candidate as NSString).appendingPathComponent("common.v1.json")
            if FileManager.default.fileExists(atPath: marker) { return candidate }
            folder.deleteLastPathComponent()
        }
        return "Schemas"
    }()

    static func json(_ path: String) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: (schemasFolder as NSString).appendingPathComponent(path)))
        return try JSONParser.parse([UInt8](data))
    }

    static func references() throws -> SchemaSet {
        var set = SchemaSet()
        try set.addDirectory(schemasFolder, baseURI: baseURI)
        return set
    }

    /// The pseudonymiser of a schema under `Schemas/`, e.g. `police/trafficking-intelligence-report.v1.json`.
    static func pseudonymiser(_ schemaPath: String, tightening: PolicyTightening = PolicyTightening()) throws
        -> RecordPseudonymiser
    {
        try RecordPseudonymiser(schema: try json(schemaPath), references: try references(), tightening: tightening)
    }

    static let report = "police/trafficking-intelligence-report.v1.json"
    static let minorVictimReport = "examples/police/trafficking-intelligence-report/valid-minor-victim-with-route.json"

    /// A fixed pseudonym key (synthetic secret).
    static func key(_ byte: UInt8 = 7, epoch: Int = 1, domain: PseudonymDomain = .receiver("DK-POL", purpose: "test"))
        -> PseudonymKey
    {
        PseudonymKey(secret: SecretBytes(copying: [UInt8](repeating: byte, count: 32)), epoch: epoch, domain: domain)
    }

    /// Sets `value` at `path` (object keys and array indices) inside `json`.
    static func setting(_ json: JSONValue, _ path: [String], to value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        switch json {
        case .object(var object):
            object[first] = setting(object[first] ?? .null, Array(path.dropFirst()), to: value)
            return .object(object)
        case .array(var array):
            let index = Int(first)!
            array[index] = setting(array[index], Array(path.dropFirst()), to: value)
            return .array(array)
        default:
            return json
        }
    }

    /// Every string anywhere in a JSON value.
    static func strings(in json: JSONValue) -> [String] {
        switch json {
        case .string(let text): [text]
        case .array(let elements): elements.flatMap(strings(in:))
        case .object(let object): object.flatMap { strings(in: $0.value) }
        default: []
        }
    }
}

/// A vault storage in memory.
final class InMemoryVaultStorage: VaultStorage, @unchecked Sendable {
    // @unchecked: every access to `entries` holds `lock`.
    private let lock = NSLock()
    private var entries: [String: VaultEntry] = [:]

    var count: Int { lock.withLock { entries.count } }

    func storeVaultEntries(_ entries: [VaultEntry]) throws {
        lock.withLock {
            for entry in entries where self.entries[entry.pseudonym] == nil { self.entries[entry.pseudonym] = entry }
        }
    }

    func vaultEntry(for pseudonym: String) throws -> VaultEntry? { lock.withLock { entries[pseudonym] } }

    func replace(_ entry: VaultEntry) { lock.withLock { entries[entry.pseudonym] = entry } }
}

/// An audit sink in memory.
final class InMemoryAuditSink: AuditSink, @unchecked Sendable {
    // @unchecked: every access to `events` holds `lock`.
    private let lock = NSLock()
    private var stored: [AuditEvent] = []

    var events: [AuditEvent] { lock.withLock { stored } }

    func append(_ event: AuditEvent) throws { lock.withLock { stored.append(event) } }
}
