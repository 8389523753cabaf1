import JSONSchema
import Sodium

/// The JSON-lines export format of the audit log (`docs/audit.md`): a header line, then one
/// line per entry in seq order, then one line per checkpoint; each line is RFC 8785 canonical JSON.
enum AuditExport {
    static let formatName = "nordgate-audit-log"
    static let version = 1
    /// The longest line a reader accepts.
    static let maxLineBytes = 64 << 10

    static func headerLine() -> [UInt8] {
        var object = JSONObject()
        object["format"] = .string(formatName)
        object["version"] = .number(JSONNumber(version))
        return line(object)
    }

    static func line(for entry: AuditEntry) -> [UInt8] {
        var object = entry.unhashedObject()
        object["record"] = .string("entry")
        object["hash"] = .string(Hex.encode(entry.hash))
        return line(object)
    }

    static func line(for checkpoint: AuditCheckpoint) -> [UInt8] {
        var object = JSONObject()
        object["record"] = .string("checkpoint")
        object["seq"] = .number(JSONNumber(Int(checkpoint.seq)))
        object["hash"] = .string(Hex.encode(checkpoint.hash))
        object["time"] = .number(JSONNumber(Int(checkpoint.time)))
        object["keyId"] = .string(checkpoint.keyID)
        object["signature"] = .string(Base64.encode(checkpoint.signature))
        return line(object)
    }

    private static func line(_ object: JSONObject) -> [UInt8] {
        // Integers below 2^53 and strings always have a canonical form.
        ((try? JSONValue.object(object).canonicalBytes()) ?? []) + [UInt8(ascii: "\n")]
    }

    /// Reads an entry line's fields; `nil` members make the row malformed.
    static func row(from object: JSONObject) -> AuditRow? {
        guard let seq = integer(object["seq"]) else { return nil }
        func fail(_ why: String) -> AuditRow { AuditRow(seq: seq, entry: nil, problem: why) }
        guard let time = integer(object["time"]), let kind = object["kind"]?.stringValue,
            let actor = object["actor"]?.stringValue, let subject = object["subject"]?.stringValue,
            case .object(let detailsObject) = object["details"], let prevHex = object["prevHash"]?.stringValue,
            let hashHex = object["hash"]?.stringValue
        else { return fail("a member is missing or of the wrong type") }
        var details: [String: String] = [:]
        for (key, value) in detailsObject {
            guard let string = value.stringValue else { return fail("a detail is not a string") }
            details[key] = string
        }
        guard let prevHash = try? Hex.decode(prevHex), let hash = try? Hex.decode(hashHex) else {
            return fail("a hash is not hex")
        }
        let entry = AuditEntry(
            seq: seq,
            time: time,
            kind: kind,
            actor: actor,
            subject: subject,
            details: details,
            prevHash: prevHash,
            hash: hash
        )
        return AuditRow(seq: seq, entry: entry, problem: nil)
    }

    static func checkpoint(from object: JSONObject) -> AuditCheckpoint? {
        guard let seq = integer(object["seq"]), let time = integer(object["time"]),
            let hashHex = object["hash"]?.stringValue, let hash = try? Hex.decode(hashHex),
            let keyID = object["keyId"]?.stringValue, let signatureText = object["signature"]?.stringValue,
            let signature = try? Base64.decode(signatureText)
        else { return nil }
        return AuditCheckpoint(seq: seq, hash: hash, time: time, keyID: keyID, signature: signature)
    }

    static func integer(_ value: JSONValue?) -> Int64? {
        guard let number = value?.numberValue, let int = number.intValue else { return nil }
        return Int64(int)
    }
}
