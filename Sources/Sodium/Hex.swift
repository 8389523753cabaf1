import CSodium

/// Hexadecimal through libsodium (`sodium_bin2hex`, `sodium_hex2bin`), in constant time with respect to the data.
public enum Hex {
    /// Encodes bytes as lowercase hex.
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: Two hex digits per byte.
    public static func encode(_ bytes: [UInt8]) -> String {
        LibSodium.ensureInitialized()
        // Two characters per byte plus the terminating NUL.
        let encodedLength = bytes.count * 2 + 1
        let characters = [UInt8](sodiumOutput: encodedLength) { output in
            let written = bytes.withUnsafeBytes { b in
                withInputPointer(b) { input in
                    output.withMemoryRebound(to: CChar.self, capacity: encodedLength) { text in
                        sodium_bin2hex(text, encodedLength, input, b.count)
                    }
                }
            }
            precondition(written != nil, "sodium_bin2hex failed")
        }
        return String(decoding: characters.dropLast(), as: UTF8.self)
    }

    /// Decodes hex (either case) with no separators.
    /// - Parameter text: An even number of hex digits.
    /// - Returns: The decoded bytes.
    /// - Throws: ``SodiumError/invalidEncoding(what:)`` for an odd length or any non-hex character.
    public static func decode(_ text: String) throws -> [UInt8] {
        LibSodium.ensureInitialized()
        let characters = Array(text.utf8)
        guard !characters.isEmpty else { return [] }
        guard characters.count % 2 == 0 else { throw SodiumError.invalidEncoding(what: "hex") }
        let capacity = characters.count / 2
        var decodedLength = 0
        let decoded = try [UInt8](sodiumOutput: capacity) { output in
            let result = characters.withUnsafeBytes { c in
                // A NULL end pointer makes libsodium fail unless the whole input was consumed.
                sodium_hex2bin(
                    output, capacity,
                    c.baseAddress!.assumingMemoryBound(to: CChar.self), c.count,
                    nil, &decodedLength, nil
                )
            }
            try LibSodium.check(result, or: .invalidEncoding(what: "hex"))
        }
        guard decodedLength == capacity else { throw SodiumError.invalidEncoding(what: "hex") }
        return decoded
    }
}
