/// Standard padded base64 (RFC 4648 section 4) for the envelope's public byte strings.
///
/// These values (ciphertext, nonces, sealed keys, signatures, stream headers, digests) are not secret, so a
/// plain table-driven codec is used instead of libsodium's constant-time one, which is several times slower
/// on a payload-sized ciphertext. Decoding is as strict as `Sodium.Base64`: only the one canonical text of
/// each byte string is accepted (no whitespace, padding exactly as required, unused trailing bits zero).
package enum EnvelopeBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Encodes with the standard alphabet and `=` padding.
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The base64 text.
    package static func encode(_ bytes: [UInt8]) -> String {
        let count = (bytes.count + 2) / 3 * 4
        return alphabet.withUnsafeBufferPointer { alphabet in
            bytes.withUnsafeBufferPointer { bytes in encode(bytes, count: count, alphabet: alphabet) }
        }
    }

    private static func encode(
        _ bytes: UnsafeBufferPointer<UInt8>, count: Int, alphabet: UnsafeBufferPointer<UInt8>
    ) -> String {
        String(unsafeUninitializedCapacity: count) { output in
            var out = 0
            var index = 0
            while index + 3 <= bytes.count {
                let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output[out] = alphabet[Int(value >> 18)]
                output[out + 1] = alphabet[Int(value >> 12 & 63)]
                output[out + 2] = alphabet[Int(value >> 6 & 63)]
                output[out + 3] = alphabet[Int(value & 63)]
                out += 4
                index += 3
            }
            let rest = bytes.count - index
            if rest > 0 {
                let value = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                output[out] = alphabet[Int(value >> 18)]
                output[out + 1] = alphabet[Int(value >> 12 & 63)]
                output[out + 2] = rest == 2 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "=")
                output[out + 3] = UInt8(ascii: "=")
                out += 4
            }
            return out
        }
    }

    /// Decodes canonical padded base64.
    /// - Parameter text: The base64 text.
    /// - Returns: The bytes, or `nil` for anything but the canonical encoding of some byte string.
    package static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { input in values.withUnsafeBufferPointer { decode(input, values: $0) } }
    }

    private static func decode(_ input: UnsafeBufferPointer<UInt8>, values: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        guard input.count > 0 else { return [] }
        var padding = 0
        if input[input.count - 1] == UInt8(ascii: "=") { padding = input[input.count - 2] == UInt8(ascii: "=") ? 2 : 1 }
        let outputCount = input.count / 4 * 3 - padding
        var output = [UInt8](repeating: 0, count: outputCount)
        var valid = true
        output.withUnsafeMutableBufferPointer { out in
            var written = 0
            var index = 0
            while index < input.count {
                let a = values[Int(input[index])]
                let b = values[Int(input[index + 1])]
                let isLast = index + 4 == input.count
                let c = isLast && padding == 2 ? 0 : values[Int(input[index + 2])]
                let d = isLast && padding >= 1 ? 0 : values[Int(input[index + 3])]
                if (a | b | c | d) & 0xC0 != 0 {
                    valid = false
                    return
                }
                let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                out[written] = UInt8(truncatingIfNeeded: value >> 16)
                if written + 1 < outputCount { out[written + 1] = UInt8(truncatingIfNeeded: value >> 8) }
                if written + 2 < outputCount { out[written + 2] = UInt8(truncatingIfNeeded: value) }
                // Canonical form: the bits that padding leaves unused must be zero.
                if isLast, padding == 1, value & 0xFF != 0 { valid = false }
                if isLast, padding == 2, value & 0xFFFF != 0 { valid = false }
                written += 3
                index += 4
            }
        }
        return valid ? output : nil
    }
}
