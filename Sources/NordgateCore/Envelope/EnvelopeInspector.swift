public import Foundation
public import JSONSchema

/// What an operator may see of an envelope without opening it: the header, never the payload.
public enum EnvelopeInspector {
    /// The result of ``inspect(_:keyring:peers:now:)``.
    public struct Inspection: Sendable, Hashable {
        /// `verified`, or the code of the first check that failed (e.g. `signature-invalid`, `expired`).
        public var verification: String
        /// Whether our authority is among the recipients.
        public var addressedToUs: Bool
        /// Ids of our encryption keys that could open it now (at most one: the key our entry names).
        public var openableWith: [String]
    }

    /// Checks the envelope against our keys and trusted peers, without decrypting anything.
    /// - Parameters:
    ///   - envelope: A parsed envelope.
    ///   - keyring: Our keyring.
    ///   - peers: The trusted peers.
    ///   - now: The current time.
    /// - Returns: Whether it verifies, and which of our keys could open it.
    public static func inspect(_ envelope: Envelope, keyring: Keyring, peers: PeerDirectory, now: Date) -> Inspection {
        let opener = EnvelopeOpener(keyring: keyring, peers: peers)
        var verification = "verified"
        do { _ = try opener.verify(envelope.bytes, now: now) } catch { verification = error.code }
        let ours = envelope.header.recipients.filter { $0.authority == keyring.authority }
        let usable = ours.filter { entry in
            guard let key = keyring.keys.first(where: { $0.id == entry.keyId && $0.kind == .encryption }) else {
                return false
            }
            let state = key.effectiveState(at: now)
            return state != .retired && state != .revoked
        }
        return Inspection(verification: verification, addressedToUs: !ours.isEmpty, openableWith: usable.map(\.keyId))
    }

    /// The header as JSON in envelope member names, without sealed keys, payload or signature.
    /// - Parameter header: The header to show.
    /// - Returns: A JSON object.
    public static func headerJSON(_ header: EnvelopeHeader) -> JSONValue {
        var object = JSONObject()
        object["version"] = .number(JSONNumber(header.version))
        object["id"] = .string(header.id)
        object["type"] = .string(header.type)
        object["from"] = .string(header.from)
        object["to"] = .array(header.to.map(JSONValue.string))
        object["created"] = .string(EnvelopeTime.format(header.created))
        object["expires"] = .string(EnvelopeTime.format(header.expires))
        if let correlationId = header.correlationId { object["correlationId"] = .string(correlationId) }
        if let handling = header.handling { object["handling"] = .string(handling) }
        object["signingKeyId"] = .string(header.signingKeyId)
        object["recipients"] = .array(
            header.recipients.map { entry in
                var member = JSONObject()
                member["authority"] = .string(entry.authority)
                member["keyId"] = .string(entry.keyId)
                return .object(member)
            })
        object["attachments"] = .array(
            header.attachments.map { attachment in
                var member = JSONObject()
                member["id"] = .string(attachment.id)
                member["mediaType"] = .string(attachment.mediaType)
                member["size"] = .number(JSONNumber(attachment.size))
                member["chunks"] = .number(JSONNumber(attachment.chunks))
                return .object(member)
            })
        return .object(object)
    }
}
