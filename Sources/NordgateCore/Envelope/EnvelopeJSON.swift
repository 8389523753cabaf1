import Foundation
import JSONSchema
import Sodium

/// Parsing an envelope's JSON strictly (``EnvelopeWriter`` writes it).
enum EnvelopeJSON {
    static let requiredMembers: Set<String> = [
        "version", "id", "type", "from", "to", "created", "expires", "signingKeyId", "recipients", "payload",
        "signature",
    ]
    static let optionalMembers: Set<String> = ["correlationId", "handling", "attachments"]

    // MARK: - Parsing

    static func parse(_ bytes: [UInt8]) throws(EnvelopeError) -> Envelope {
        guard bytes.count <= EnvelopeFormat.maximumEnvelopeBytes else {
            throw .malformed("it is larger than \(EnvelopeFormat.maximumEnvelopeBytes) bytes")
        }
        var options = JSONParser.Options()
        options.maxDepth = 8
        options.maxBytes = EnvelopeFormat.maximumEnvelopeBytes
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, options: options) } catch {
            throw .malformed("it is not strict JSON (\(error.description))")
        }
        guard let object = value.objectValue else { throw .malformed("it is not a JSON object") }
        if let version = object["version"]?.numberValue, version != JSONNumber(EnvelopeFormat.version) {
            throw .unknownVersion
        }
        var reader = Reader(object: object)
        var envelope = try reader.envelope(bytes: bytes)
        // Every string passed the checks above, so the direct writer gives the canonical form.
        let writer = EnvelopeWriter.writer(
            envelope.header, nonce: envelope.nonce, ciphertext: envelope.ciphertext, signature: envelope.signature)
        guard writer.bytes == bytes else { throw .malformed("it is not in RFC 8785 canonical form") }
        envelope.payloadMember = writer.payloadMember
        envelope.signatureMember = writer.signatureMember
        return envelope
    }

    /// Reads the members of the top-level object, refusing anything unexpected.
    private struct Reader {
        let object: JSONObject

        mutating func envelope(bytes: [UInt8]) throws(EnvelopeError) -> Envelope {
            try exactMembers(object, required: requiredMembers, optional: optionalMembers, what: "envelope")
            guard object["version"]?.numberValue == JSONNumber(EnvelopeFormat.version) else {
                throw .malformed("version is not the number 1")
            }
            let id = try string(object, "id")
            guard EnvelopeIdentifiers.isUUID(id) else { throw .malformed("id is not a lowercase UUID") }
            let type = try string(object, "type")
            guard EnvelopeIdentifiers.isMessageType(type) else { throw .malformed("type is not a message type id") }
            let from = try string(object, "from")
            guard AuthorityID.isValid(from) else { throw .malformed("from is not an authority id") }
            let to = try array(object, "to").map { (value) throws(EnvelopeError) -> String in
                guard let text = value.stringValue, AuthorityID.isValid(text) else {
                    throw .malformed("to holds something other than an authority id")
                }
                return text
            }
            guard (1...EnvelopeFormat.maximumRecipients).contains(to.count), Set(to).count == to.count else {
                throw .malformed("to must list 1 to \(EnvelopeFormat.maximumRecipients) distinct authorities")
            }
            let created = try time(object, "created")
            let expires = try time(object, "expires")
            let lifetime = EnvelopeTime.seconds(expires) - EnvelopeTime.seconds(created)
            guard lifetime > 0, lifetime <= EnvelopeFormat.maximumLifetime else {
                throw .malformed("expires must be after created and at most 90 days later")
            }
            var correlationId: String?
            if object.contains("correlationId") {
                let text = try string(object, "correlationId")
                guard EnvelopeIdentifiers.isUUID(text) else { throw .malformed("correlationId is not a lowercase UUID") }
                correlationId = text
            }
            var handling: String?
            if object.contains("handling") {
                let text = try string(object, "handling")
                guard EnvelopeIdentifiers.handlingCodes.contains(text) else {
                    throw .malformed("handling is not one of H0, H1, H2, H3")
                }
                handling = text
            }
            let signingKeyId = try string(object, "signingKeyId")
            guard EnvelopeIdentifiers.isKeyID(signingKeyId, authority: from, component: "sig") else {
                throw .malformed("signingKeyId is not a signing key id of the sender")
            }
            let recipients = try recipientEntries(to: to)
            let attachments = try attachmentEntries()
            guard case .object(let payload)? = object["payload"] else { throw .malformed("payload is not an object") }
            try exactMembers(payload, required: ["nonce", "ciphertext"], optional: [], what: "payload")
            let nonce = try base64(payload, "nonce", length: AEAD.nonceLength)
            let ciphertext = try base64(payload, "ciphertext", length: nil)
            guard ciphertext.count >= AEAD.tagLength, ciphertext.count - AEAD.tagLength <= EnvelopeFormat.maximumPayloadBytes
            else { throw .malformed("payload.ciphertext has an impossible length") }
            let signature = try base64(object, "signature", length: SigningKeyPair.signatureLength)
            let header = EnvelopeHeader(
                id: id, type: type, from: from, to: to, created: created, expires: expires,
                correlationId: correlationId, handling: handling, signingKeyId: signingKeyId,
                recipients: recipients, attachments: attachments)
            return Envelope(header: header, nonce: nonce, ciphertext: ciphertext, signature: signature, bytes: bytes)
        }

        private func recipientEntries(to: [String]) throws(EnvelopeError) -> [SealedContentKey] {
            let entries = try array(object, "recipients")
            guard entries.count == to.count else { throw .malformed("recipients must have one entry per authority in to") }
            var result: [SealedContentKey] = []
            for (index, entry) in entries.enumerated() {
                guard case .object(let member) = entry else { throw .malformed("a recipients entry is not an object") }
                try exactMembers(member, required: ["authority", "keyId", "sealedKey"], optional: [], what: "recipients entry")
                let authority = try string(member, "authority")
                guard authority == to[index] else {
                    throw .malformed("recipients must list the authorities of to in the same order")
                }
                let keyId = try string(member, "keyId")
                guard EnvelopeIdentifiers.isKeyID(keyId, authority: authority, component: "enc") else {
                    throw .malformed("a recipients keyId is not an encryption key id of its authority")
                }
                let sealed = try base64(member, "sealedKey", length: SealedContentKey.sealedLength)
                result.append(SealedContentKey(authority: authority, keyId: keyId, sealedKey: sealed))
            }
            return result
        }

        private func attachmentEntries() throws(EnvelopeError) -> [EnvelopeAttachment] {
            guard object.contains("attachments") else { return [] }
            let entries = try array(object, "attachments")
            guard (1...EnvelopeFormat.maximumAttachments).contains(entries.count) else {
                throw .malformed("attachments, when present, must hold 1 to \(EnvelopeFormat.maximumAttachments) entries")
            }
            var result: [EnvelopeAttachment] = []
            for entry in entries {
                guard case .object(let member) = entry else { throw .malformed("an attachments entry is not an object") }
                try exactMembers(
                    member, required: ["id", "mediaType", "size", "chunks", "header", "digest"], optional: [],
                    what: "attachments entry")
                let id = try string(member, "id")
                guard EnvelopeIdentifiers.isUUID(id) else { throw .malformed("an attachment id is not a lowercase UUID") }
                let mediaType = try string(member, "mediaType")
                guard EnvelopeIdentifiers.isMediaType(mediaType) else {
                    throw .malformed("an attachment mediaType is not a lowercase media type")
                }
                let size = try integer(member, "size", in: 0...EnvelopeFormat.maximumAttachmentBytes)
                let chunks = try integer(member, "chunks", in: 1...Int.max)
                guard chunks == EnvelopeFormat.chunkCount(forSize: size) else {
                    throw .malformed("an attachment's chunks does not match its size")
                }
                let header = try base64(member, "header", length: SecretStreamSealer.headerLength)
                let digest = try base64(member, "digest", length: 32)
                result.append(
                    EnvelopeAttachment(
                        id: id, mediaType: mediaType, size: size, chunks: chunks, header: header, digest: digest))
            }
            guard Set(result.map(\.id)).count == result.count else { throw .malformed("two attachments share an id") }
            return result
        }

        private func exactMembers(
            _ object: JSONObject, required: Set<String>, optional: Set<String>, what: String
        ) throws(EnvelopeError) {
            for key in object.keys where !required.contains(key) && !optional.contains(key) {
                throw .malformed("the \(what) has a member that version 1 does not define")
            }
            for key in required where !object.contains(key) {
                throw .malformed("the \(what) lacks its \(key) member")
            }
        }

        private func string(_ object: JSONObject, _ key: String) throws(EnvelopeError) -> String {
            guard let text = object[key]?.stringValue else { throw .malformed("\(key) is not a string") }
            return text
        }

        private func array(_ object: JSONObject, _ key: String) throws(EnvelopeError) -> [JSONValue] {
            guard let values = object[key]?.arrayValue else { throw .malformed("\(key) is not an array") }
            return values
        }

        private func integer(_ object: JSONObject, _ key: String, in range: ClosedRange<Int>) throws(EnvelopeError) -> Int {
            guard let value = object[key]?.numberValue?.intValue, range.contains(value) else {
                throw .malformed("\(key) is not a whole number in range")
            }
            return value
        }

        private func time(_ object: JSONObject, _ key: String) throws(EnvelopeError) -> Date {
            guard let date = EnvelopeTime.parse(try string(object, key)) else {
                throw .malformed("\(key) is not a time of the form YYYY-MM-DDTHH:MM:SSZ")
            }
            return date
        }

        private func base64(_ object: JSONObject, _ key: String, length: Int?) throws(EnvelopeError) -> [UInt8] {
            let text = try string(object, key)
            guard let bytes = EnvelopeBase64.decode(text) else { throw .malformed("\(key) is not canonical padded base64") }
            if let length, bytes.count != length { throw .malformed("\(key) is \(bytes.count) bytes, expected \(length)") }
            return bytes
        }
    }
}
