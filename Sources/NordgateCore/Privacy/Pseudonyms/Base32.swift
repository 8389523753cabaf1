/// RFC 4648 base32 in lower case without padding, as pseudonyms use it (`a`–`z`, `2`–`7`).
enum Base32 {
    private static let alphabet: StaticString = "abcdefghijklmnopqrstuvwxyz234567"

    /// Encodes `bytes`; 20 bytes give 32 characters.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, after: "")
    }

    /// `prefix` followed by the encoding of `bytes`, built in one buffer.
    static func encode(_ bytes: some Collection<UInt8>, after prefix: String) -> String {
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode($0, after: prefix) }) { return encoded }
        return Array(bytes).withUnsafeBufferPointer { encode($0, after: prefix) }
    }

    private static func encode(_ bytes: UnsafeBufferPointer<UInt8>, after prefix: String) -> String {
        let head = prefix.utf8
        let capacity = head.count + (bytes.count * 8 + 4) / 5
        return String(unsafeUninitializedCapacity: capacity) { output in
            var position = head.withContiguousStorageIfAvailable { head in
                if let source = head.baseAddress { output.baseAddress!.initialize(from: source, count: head.count) }
                return head.count
            } ?? output.initialize(fromContentsOf: head)
            alphabet.withUTF8Buffer { letters in
                // Five bytes make eight letters exactly; a pseudonym's 20 bytes are four such groups.
                var start = 0
                while start + 5 <= bytes.count {
                    var group: UInt64 = 0
                    for index in start..<(start + 5) { group = group << 8 | UInt64(bytes[index]) }
                    for letter in 0..<8 {
                        output[position &+ letter] = letters[Int(truncatingIfNeeded: (group >> UInt64(35 &- 5 &* letter)) & 31)]
                    }
                    position &+= 8
                    start += 5
                }
                var buffer: UInt32 = 0
                var bits = 0
                for byte in bytes[start...] {
                    buffer = (buffer << 8) | UInt32(byte)
                    bits += 8
                    while bits >= 5 {
                        bits -= 5
                        output[position] = letters[Int((buffer >> UInt32(bits)) & 31)]
                        position += 1
                    }
                }
                if bits > 0 {
                    output[position] = letters[Int((buffer << UInt32(5 - bits)) & 31)]
                    position += 1
                }
            }
            return position
        }
    }
}
