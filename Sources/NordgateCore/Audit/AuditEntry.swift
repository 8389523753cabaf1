import JSONSchema
import Sodium

/// One link of the hash-chained audit log.
///
/// `hash` = BLAKE2b-256(`prevHash` ‖ RFC 8785 canonical JSON of the entry without `hash`);
/// the first entry's `prevHash` is 32 zero bytes. `docs/audit.md` gives the bytes exactly.
public struct AuditEntry: Sendable, Hashable {
    /// The position in the log: 1, 2, 3, … without gaps.
    public var seq: Int64
    /// When the event happened, in whole Unix seconds.
    public var time: Int64
    /// What happened, e.g. `envelope.send`.
    public var kind: String
    /// Who did it.
    public var actor: String
    /// What it was done to: an id, a pseudonym, a key id.
    public var subject: String
    /// Further facts as short codes.
    public var details: [String: String]
    /// The hash of the entry before (32 zero bytes for the first).
    public var prevHash: [UInt8]
    /// This entry's hash.
    public var hash: [UInt8]

    /// The `prevHash` of entry 1.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)
    /// The length of every hash in the chain.
    public static let hashLength = 32

    public init(
        seq: Int64,
        time: Int64,
        kind: String,
        actor: String,
        subject: String,
        details: [String: String],
        prevHash: [UInt8],
        hash: [UInt8]
    ) {
        self.seq = seq
        self.time = time
        self.kind = kind
        self.actor = actor
        self.subject = subject
        self.details = details
        self.prevHash = prevHash
        self.hash = hash
    }

    /// Makes the entry that records `event` at position `seq` after an entry whose hash is `prevHash`.
    /// - Throws: ``StoreError/invalidInput(field:reason:)`` when the event breaks ``AuditEvent``'s rules.
    public static func make(for event: AuditEvent, seq: Int64, prevHash: [UInt8]) throws -> AuditEntry {
        try event.validate()
        var entry = AuditEntry(
            seq: seq,
            time: StoreTime.seconds(event.time),
            kind: event.kind,
            actor: event.actor,
            subject: event.subject,
            details: event.details,
            prevHash: prevHash,
            hash: []
        )
        entry.hash = try entry.computedHash()
        return entry
    }

    /// The hash this entry should carry, computed from its other fields.
    /// - Throws: ``StoreError/invalidInput(field:reason:)`` when `seq` or `time` is beyond 2^53.
    public func computedHash() throws -> [UInt8] {
        GenericHash.hash(prevHash + (try unhashedCanonicalBytes()), outputLength: Self.hashLength)
    }

    /// The RFC 8785 canonical JSON of the entry without its `hash` member, as hashed.
    public func unhashedCanonicalBytes() throws -> [UInt8] {
        do { return try JSONValue.object(unhashedObject()).canonicalBytes() } catch {
            throw StoreError.invalidInput(field: "audit entry", reason: "has a number beyond 2^53")
        }
    }

    /// The entry as a JSON object without `hash`: `actor`, `details`, `kind`, `prevHash`
    /// (lowercase hex), `seq`, `subject`, `time`.
    func unhashedObject() -> JSONObject {
        var details = JSONObject()
        for (key, value) in self.details { details[key] = .string(value) }
        var object = JSONObject()
        object["seq"] = .number(JSONNumber(Int(seq)))
        object["time"] = .number(JSONNumber(Int(time)))
        object["kind"] = .string(kind)
        object["actor"] = .string(actor)
        object["subject"] = .string(subject)
        object["details"] = .object(details)
        object["prevHash"] = .string(Hex.encode(prevHash))
        return object
    }

    /// The canonical JSON of `details` alone, as the store keeps it.
    func detailsCanonicalText() -> String {
        var details = JSONObject()
        for (key, value) in self.details { details[key] = .string(value) }
        return (try? JSONValue.object(details).canonicalString()) ?? "{}"
    }

    /// Parses `details` as stored: a JSON object whose members are all strings.
    static func parseDetails(_ text: String) -> [String: String]? {
        guard let value = try? JSONParser.parse(Array(text.utf8)), case .object(let object) = value else { return nil }
        var details: [String: String] = [:]
        for (key, member) in object {
            guard case .string(let string) = member else { return nil }
            details[key] = string
        }
        return details
    }
}
