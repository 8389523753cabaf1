/// Writes an envelope's RFC 8785 canonical form directly.
///
/// Every string in a valid envelope is ASCII from a small set that JCS writes without escapes (ids, times,
/// authority and key ids, media types, base64), and every number is a small non-negative integer, so the
/// canonical form is the members in their fixed sorted order, concatenated. This is much faster than going
/// through a generic JSON value, and the tests check it against `JSONValue.canonicalBytes()`.
struct EnvelopeWriter {
    private(set) var bytes: [UInt8] = []
    /// Where the `payload` member and its comma were written (empty where it would go, if left out).
    private(set) var payloadMember: Range<Int> = 0..<0
    /// Where the `signature` member and its comma were written (empty where it would go, if left out).
    private(set) var signatureMember: Range<Int> = 0..<0

    /// The canonical bytes of `header` with the given optional parts: the header alone is the payload's
    /// associated data, the header and payload are what is signed, all three are the envelope.
    static func canonical(
        _ header: EnvelopeHeader, nonce: [UInt8]?, ciphertext: [UInt8]?, signature: [UInt8]?, prefix: [UInt8] = []
    ) -> [UInt8] {
        writer(header, nonce: nonce, ciphertext: ciphertext, signature: signature, prefix: prefix).bytes
    }

    /// A writer that has written the canonical bytes, for callers that also need the member positions.
    static func writer(
        _ header: EnvelopeHeader, nonce: [UInt8]?, ciphertext: [UInt8]?, signature: [UInt8]?, prefix: [UInt8] = []
    ) -> EnvelopeWriter {
        var writer = EnvelopeWriter()
        writer.bytes.reserveCapacity(prefix.count + 1024 + (ciphertext?.count ?? 0) * 4 / 3 + header.recipients.count * 200)
        writer.bytes += prefix
        writer.write(header, nonce: nonce, ciphertext: ciphertext, signature: signature)
        return writer
    }

    /// `bytes` without the members in `ranges` (ascending, not overlapping), after `prefix`.
    static func removing(_ ranges: [Range<Int>], from bytes: [UInt8], prefix: [UInt8]) -> [UInt8] {
        var result = prefix
        result.reserveCapacity(prefix.count + bytes.count)
        var start = 0
        for range in ranges {
            result += bytes[start..<range.lowerBound]
            start = range.upperBound
        }
        result += bytes[start...]
        return result
    }

    private mutating func write(_ header: EnvelopeHeader, nonce: [UInt8]?, ciphertext: [UInt8]?, signature: [UInt8]?) {
        // Members in the order RFC 8785 sorts them (all names are ASCII, so UTF-16 order is byte order).
        raw("{")
        if !header.attachments.isEmpty {
            key("attachments")
            raw("[")
            for (index, attachment) in header.attachments.enumerated() {
                if index > 0 { raw(",") }
                raw("{")
                key("chunks")
                number(attachment.chunks)
                raw(",")
                key("digest")
                base64(attachment.digest)
                raw(",")
                key("header")
                base64(attachment.header)
                raw(",")
                key("id")
                string(attachment.id)
                raw(",")
                key("mediaType")
                string(attachment.mediaType)
                raw(",")
                key("size")
                number(attachment.size)
                raw("}")
            }
            raw("],")
        }
        if let correlationId = header.correlationId {
            key("correlationId")
            string(correlationId)
            raw(",")
        }
        key("created")
        string(EnvelopeTime.format(header.created))
        raw(",")
        key("expires")
        string(EnvelopeTime.format(header.expires))
        raw(",")
        key("from")
        string(header.from)
        raw(",")
        if let handling = header.handling {
            key("handling")
            string(handling)
            raw(",")
        }
        key("id")
        string(header.id)
        raw(",")
        let payloadStart = bytes.count
        if let nonce, let ciphertext {
            key("payload")
            raw("{")
            key("ciphertext")
            base64(ciphertext)
            raw(",")
            key("nonce")
            base64(nonce)
            raw("},")
        }
        payloadMember = payloadStart..<bytes.count
        key("recipients")
        raw("[")
        for (index, entry) in header.recipients.enumerated() {
            if index > 0 { raw(",") }
            raw("{")
            key("authority")
            string(entry.authority)
            raw(",")
            key("keyId")
            string(entry.keyId)
            raw(",")
            key("sealedKey")
            base64(entry.sealedKey)
            raw("}")
        }
        raw("],")
        let signatureStart = bytes.count
        if let signature {
            key("signature")
            base64(signature)
            raw(",")
        }
        signatureMember = signatureStart..<bytes.count
        key("signingKeyId")
        string(header.signingKeyId)
        raw(",")
        key("to")
        raw("[")
        for (index, authority) in header.to.enumerated() {
            if index > 0 { raw(",") }
            string(authority)
        }
        raw("],")
        key("type")
        string(header.type)
        raw(",")
        key("version")
        number(header.version)
        raw("}")
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func key(_ name: StaticString) {
        raw("\"")
        raw(name)
        raw("\":")
    }

    /// A string known to need no escaping (checked by the parser, chosen by the sealer).
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func base64(_ data: [UInt8]) { string(EnvelopeBase64.encode(data)) }

    private mutating func number(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }
}
