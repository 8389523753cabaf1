import CSodium

/// Base64 through libsodium (`sodium_bin2base64`, `sodium_base642bin`), in constant time with respect to the data.
///
/// Decoding is strict: no whitespace or other characters, padding exactly as required, and unused trailing
/// bits must be zero, so every byte string has exactly one accepted encoding.
public enum Base64 {
    /// Encodes with the standard alphabet and `=` padding (RFC 4648 section 4).
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The base64 text.
    public static func encode(_ bytes: [UInt8]) -> String {
        encode(bytes, variant: sodium_base64_VARIANT_ORIGINAL)
    }

    /// Decodes standard-alphabet, padded base64.
    /// - Parameter text: The base64 text.
    /// - Returns: The decoded bytes.
    /// - Throws: ``SodiumError/invalidEncoding(what:)`` for anything but canonical padded base64.
    public static func decode(_ text: String) throws -> [UInt8] {
        try decode(text, variant: sodium_base64_VARIANT_ORIGINAL)
    }

    /// Encodes with the URL-safe alphabet (`-`, `_`) and no padding (RFC 4648 section 5).
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The base64url text.
    public static func encodeURLSafeNoPadding(_ bytes: [UInt8]) -> String {
        encode(bytes, variant: sodium_base64_VARIANT_URLSAFE_NO_PADDING)
    }

    /// Decodes URL-safe base64 without padding.
    /// - Parameter text: The base64url text.
    /// - Returns: The decoded bytes.
    /// - Throws: ``SodiumError/invalidEncoding(what:)`` for anything but canonical unpadded base64url.
    public static func decodeURLSafeNoPadding(_ text: String) throws -> [UInt8] {
        try decode(text, variant: sodium_base64_VARIANT_URLSAFE_NO_PADDING)
    }

    private static func encode(_ bytes: [UInt8], variant: Int32) -> String {
        LibSodium.ensureInitialized()
        // The encoded length includes the terminating NUL.
        let encodedLength = sodium_base64_encoded_len(bytes.count, variant)
        let characters = [UInt8](sodiumOutput: encodedLength) { output in
            let written = bytes.withUnsafeBytes { b in
                withInputPointer(b) { input in
                    output.withMemoryRebound(to: CChar.self, capacity: encodedLength) { text in
                        sodium_bin2base64(text, encodedLength, input, b.count, variant)
                    }
                }
            }
            precondition(written != nil, "sodium_bin2base64 failed")
        }
        return String(decoding: characters.dropLast(), as: UTF8.self)
    }

    private static func decode(_ text: String, variant: Int32) throws -> [UInt8] {
        LibSodium.ensureInitialized()
        let what = variant == sodium_base64_VARIANT_ORIGINAL ? "base64" : "base64url"
        let characters = Array(text.utf8)
        guard !characters.isEmpty else { return [] }
        let capacity = characters.count / 4 * 3 + 3
        var decodedLength = 0
        var decoded = try [UInt8](sodiumOutput: capacity) { output in
            let result = characters.withUnsafeBytes { c in
                // A NULL end pointer makes libsodium fail unless the whole input was consumed.
                sodium_base642bin(
                    output, capacity,
                    c.baseAddress!.assumingMemoryBound(to: CChar.self), c.count,
                    nil, &decodedLength, nil,
                    variant
                )
            }
            try LibSodium.check(result, or: .invalidEncoding(what: what))
        }
        decoded.removeLast(decoded.count - decodedLength)
        return decoded
    }
}
