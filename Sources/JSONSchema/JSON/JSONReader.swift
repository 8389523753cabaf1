/// Reads one JSON document from a buffer of UTF-8 bytes; the engine behind ``JSONParser``.
///
/// It walks the bytes once, by recursive descent. Strings without escapes become a `String`
/// straight from their bytes; strings with escapes are assembled in one reused scratch buffer.
/// Numbers become ``JSONNumber`` from their digit bytes without going through `Double`.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []
    /// Elements and member values of the containers being read, innermost last; each container
    /// copies its own run out in one allocation of the right size when it closes.
    private let valueStack = JSONReaderStack<JSONValue>(capacity: 64)
    /// Members of the objects being read, innermost last.
    private let memberStack = JSONReaderStack<JSONObject.Member>(capacity: 64)
    /// A cheap fingerprint of each key in `memberStack`, so duplicate checks rarely compare strings.
    private let keySignatures = JSONReaderStack<UInt64>(capacity: 64)
    /// The signature of the string `readString` returned last.
    private var lastStringSignature: UInt64 = 0

    /// Makes a reader over `bytes`, which must stay valid while it reads.
    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Reads the whole buffer as one JSON text: optional whitespace, a value, optional whitespace.
    /// - Throws: ``JSONParseError`` at the first byte that breaks RFC 8259 or a limit.
    mutating func readDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONParseError(offset: 0, reason: .byteOrderMark)
        }
        skipWhitespace()
        let value = try readValue()
        skipWhitespace()
        if index != bytes.count { throw JSONParseError(offset: index, reason: .trailingData) }
        return value
    }

    // MARK: - Values

    private mutating func readValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return .string(try readString(isKey: false))
        case UInt8(ascii: "{"):
            return try readObject()
        case UInt8(ascii: "["):
            return try readArray()
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        case UInt8(ascii: "+"), UInt8(ascii: "."):
            // Not a value start in JSON, but plainly meant as a number, so say so.
            throw JSONParseError(offset: index, reason: .invalidNumber)
        default:
            throw JSONParseError(offset: index, reason: .unexpectedByte)
        }
    }

    private mutating func readLiteral(_ literal: StaticString) throws(JSONParseError) {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        // Fast path: compare the first four bytes at once (all three literals are four or five long).
        if index &+ 4 <= bytes.count {
            let expected = UnsafeRawPointer(text.baseAddress!).loadUnaligned(as: UInt32.self)
            let actual = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt32.self)
            if expected == actual, text.count == 4 {
                index &+= 4
                return
            }
        }
        for expected in text {
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            guard bytes[index] == expected else { throw JSONParseError(offset: index, reason: .unexpectedByte) }
            index += 1
        }
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(offset: index, reason: .tooDeep(limit: maxDepth)) }
        index += 1
    }

    private mutating func readArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let base = valueStack.count
        while true {
            valueStack.push(try readValue())
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
            } else if byte == UInt8(ascii: "]") {
                depth -= 1
                return .array(valueStack.popRun(from: base))
            } else {
                throw JSONParseError(offset: index - 1, reason: .unexpectedByte)
            }
        }
    }

    private mutating func readObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject())
        }
        let base = memberStack.count
        // Small objects are checked for duplicates by a linear scan; past the threshold, by hashing.
        var keyIndex: [JSONStringKey: Int]?
        while true {
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: index, reason: .unexpectedByte)
            }
            let keyOffset = index
            let key = try readString(isKey: true)
            let signature = lastStringSignature
            let position = memberStack.count - base
            if var built = keyIndex {
                keyIndex = nil
                let previous = built.updateValue(position, forKey: JSONStringKey(key))
                keyIndex = built
                if previous != nil { throw JSONParseError(offset: keyOffset, reason: .duplicateKey) }
            } else {
                for earlier in base..<memberStack.count where keySignatures[earlier] == signature {
                    if JSONStringKey.utf8Equal(memberStack.address(of: earlier).pointee.key, key) {
                        throw JSONParseError(offset: keyOffset, reason: .duplicateKey)
                    }
                }
                if position == JSONObject.indexThreshold {
                    var built = [JSONStringKey: Int](minimumCapacity: 2 * position)
                    for earlier in base..<memberStack.count {
                        built[JSONStringKey(memberStack.address(of: earlier).pointee.key)] = earlier - base
                    }
                    built[JSONStringKey(key)] = position
                    keyIndex = built
                }
            }
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: index, reason: .unexpectedByte)
            }
            index += 1
            skipWhitespace()
            // The signature goes on its stack with the member, after nested containers have popped theirs.
            memberStack.push(JSONObject.Member(key: key, value: try readValue()))
            keySignatures.push(signature)
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                keySignatures.removeAbove(base)
                let members = memberStack.popRun(from: base)
                return .object(JSONObject(distinctMembers: members, index: keyIndex))
            } else {
                throw JSONParseError(offset: index - 1, reason: .unexpectedByte)
            }
        }
    }

    /// The UTF-8 length of a string and up to its first seven bytes; equal strings have equal signatures.
    @inline(__always)
    private static func signature(of utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var signature = UInt64(truncatingIfNeeded: utf8.count)
        for position in 0..<min(utf8.count, 7) {
            signature |= UInt64(utf8[position]) << (8 * UInt64(position + 1))
        }
        return signature
    }

    /// ``signature(of:)`` of the bytes `start..<end` of the input, with one eight-byte load when
    /// the input has eight bytes from `start` on.
    @inline(__always)
    private func signature(from start: Int, to end: Int) -> UInt64 {
        let count = end &- start
        guard start &+ 8 <= bytes.count else {
            return Self.signature(of: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self))
        let kept = UInt64(truncatingIfNeeded: Swift.min(count, 7)) &* 8
        let mask: UInt64 = kept == 0 ? 0 : (1 &<< kept) &- 1
        return UInt64(truncatingIfNeeded: count) | (word & mask) &<< 8
    }

    // MARK: - Strings

    /// Reads a string whose opening quote is at `index`.
    /// - Parameter isKey: whether the string is an object key, whose signature goes to `lastStringSignature`.
    @inline(__always)
    private mutating func readString(isKey: Bool) throws(JSONParseError) -> String {
        let start = index + 1
        var position = start
        let end = bytes.count
        while position < end {
            position = skipPlainASCII(from: position)
            guard position < end else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                if isKey { lastStringSignature = signature(from: start, to: position) }
                let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<position])
                if utf8.count <= 15 {
                    // Strings this short are stored inline; this initialiser checks an ASCII one with a
                    // single bit test instead of running the full UTF-8 validation again.
                    return String(unsafeUninitializedCapacity: utf8.count) { buffer in
                        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(utf8))
                        return utf8.count
                    }
                }
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                return try readEscapedString(start: start, firstEscape: position)
            }
            if byte < 0x20 {
                throw JSONParseError(offset: position, reason: .controlCharacterInString)
            }
            position = byte < 0x80 ? position + 1 : try endOfUTF8Sequence(at: position)
        }
        throw JSONParseError(offset: end, reason: .unexpectedEnd)
    }

    /// Skips eight bytes at a time while none is a quote, a backslash, a control character or non-ASCII.
    /// - Returns: the offset of the first such byte, or of the first of the last fewer-than-eight bytes
    ///   when none comes before them.
    @inline(__always)
    private func skipPlainASCII(from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var position = start
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while position &+ 8 <= bytes.count {
            let word = UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self))
            // Classic bit tricks: `(v - ones) & ~v` has the high bit of a byte set when that byte of v is
            // zero (or, after a borrow, only above an earlier flagged byte), so the lowest flagged byte is
            // exact. A quote or backslash is a zero byte after XOR; a control byte is below 0x20.
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let flags =
                (word | ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote)
                    | ((backslash &- ones) & ~backslash)) & highBits
            if flags != 0 { return position &+ flags.trailingZeroBitCount &>> 3 }
            position &+= 8
        }
        return position
    }

    /// Finishes a string that has escapes, building its UTF-8 in `scratch`.
    private mutating func readEscapedString(start: Int, firstEscape: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        let end = bytes.count
        var runStart = start
        var position = firstEscape
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                index = position + 1
                return scratch.withUnsafeBufferPointer { utf8 in
                    lastStringSignature = Self.signature(of: utf8)
                    return String(decoding: utf8, as: UTF8.self)
                }
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position = try readEscape(at: position)
                runStart = position
            } else if byte < 0x20 {
                throw JSONParseError(offset: position, reason: .controlCharacterInString)
            } else {
                position = byte < 0x80 ? position + 1 : try endOfUTF8Sequence(at: position)
            }
        }
        throw JSONParseError(offset: end, reason: .unexpectedEnd)
    }

    /// Decodes the escape whose backslash is at `backslash` into `scratch`.
    /// - Returns: the offset just after the escape.
    private mutating func readEscape(at backslash: Int) throws(JSONParseError) -> Int {
        guard backslash + 1 < bytes.count else {
            throw JSONParseError(offset: bytes.count, reason: .unexpectedEnd)
        }
        let decoded: UInt8
        switch bytes[backslash + 1] {
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"): return try readUnicodeEscape(at: backslash)
        default: throw JSONParseError(offset: backslash, reason: .invalidEscape)
        }
        scratch.append(decoded)
        return backslash + 2
    }

    /// Decodes `\uXXXX`, or a surrogate pair `\uXXXX\uXXXX`, into `scratch`.
    private mutating func readUnicodeEscape(at backslash: Int) throws(JSONParseError) -> Int {
        let unit = try readHex4(at: backslash + 2, escapeOffset: backslash)
        var scalar = UInt32(unit)
        var next = backslash + 6
        switch unit {
        case 0xD800..<0xDC00:
            guard next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u")
            else { throw JSONParseError(offset: backslash, reason: .unpairedSurrogate) }
            let low = try readHex4(at: next + 2, escapeOffset: next)
            guard (0xDC00..<0xE000).contains(low) else {
                throw JSONParseError(offset: backslash, reason: .unpairedSurrogate)
            }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        case 0xDC00..<0xE000:
            throw JSONParseError(offset: backslash, reason: .unpairedSurrogate)
        default:
            break
        }
        appendUTF8(scalar)
        return next
    }

    private func readHex4(at start: Int, escapeOffset: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for position in start..<start + 4 {
            guard position < bytes.count else { throw JSONParseError(offset: bytes.count, reason: .unexpectedEnd) }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: throw JSONParseError(offset: escapeOffset, reason: .invalidEscape)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Checks the multi-byte UTF-8 sequence whose lead byte is at `start` (Unicode Table 3-7).
    /// - Returns: the offset just after the sequence.
    /// - Throws: ``JSONParseError/Reason/invalidUTF8`` at `start` for a bad, overlong, surrogate,
    ///   out-of-range or truncated sequence.
    private func endOfUTF8Sequence(at start: Int) throws(JSONParseError) -> Int {
        // A zero stands in for bytes past the end; it is never a valid continuation byte.
        func byte(_ offset: Int) -> UInt8 { start + offset < bytes.count ? bytes[start + offset] : 0 }
        func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        let lead = bytes[start]
        let valid: Bool
        let length: Int
        switch lead {
        case 0xC2...0xDF:
            length = 2
            valid = isContinuation(byte(1))
        case 0xE0:
            length = 3
            valid = (0xA0...0xBF).contains(byte(1)) && isContinuation(byte(2))
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
            valid = isContinuation(byte(1)) && isContinuation(byte(2))
        case 0xED:
            length = 3
            valid = (0x80...0x9F).contains(byte(1)) && isContinuation(byte(2))
        case 0xF0:
            length = 4
            valid = (0x90...0xBF).contains(byte(1)) && isContinuation(byte(2)) && isContinuation(byte(3))
        case 0xF1...0xF3:
            length = 4
            valid = isContinuation(byte(1)) && isContinuation(byte(2)) && isContinuation(byte(3))
        case 0xF4:
            length = 4
            valid = (0x80...0x8F).contains(byte(1)) && isContinuation(byte(2)) && isContinuation(byte(3))
        default:
            length = 1
            valid = false
        }
        guard valid else { throw JSONParseError(offset: start, reason: .invalidUTF8) }
        return start + length
    }

    // MARK: - Numbers

    /// Reads a number whose first byte (`-` or a digit) is at `index`, keeping its exact value.
    private mutating func readNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        let end = bytes.count
        var position = start
        @inline(__always) func isDigit(_ at: Int) -> Bool {
            at < end && bytes[at] &- UInt8(ascii: "0") < 10
        }

        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let integerStart = position
        guard isDigit(position) else { throw JSONParseError(offset: position, reason: .invalidNumber) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if isDigit(position) { throw JSONParseError(offset: position, reason: .invalidNumber) }
        } else {
            repeat { position += 1 } while isDigit(position)
        }
        let integerEnd = position

        var fractionStart = position
        var fractionEnd = position
        if position < end, bytes[position] == UInt8(ascii: ".") {
            position += 1
            fractionStart = position
            while isDigit(position) { position += 1 }
            fractionEnd = position
            if fractionEnd == fractionStart { throw JSONParseError(offset: position, reason: .invalidNumber) }
        }

        var exponent = 0
        if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < end, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard isDigit(position) else { throw JSONParseError(offset: position, reason: .invalidNumber) }
            // Accumulate with the sign applied so that Int.min is reachable.
            let sign = exponentNegative ? -1 : 1
            var overflow = false
            repeat {
                let (times10, overflow1) = exponent.multipliedReportingOverflow(by: 10)
                let digit = sign * Int(bytes[position] &- UInt8(ascii: "0"))
                let (sum, overflow2) = times10.addingReportingOverflow(digit)
                overflow = overflow || overflow1 || overflow2
                exponent = sum
                position += 1
            } while isDigit(position)
            if overflow { throw JSONParseError(offset: start, reason: .numberOutOfRange) }
        }
        index = position
        return try makeNumber(
            negative: negative, integer: integerStart..<integerEnd, fraction: fractionStart..<fractionEnd,
            exponent: exponent, offset: start)
    }

    /// Normalises the digits `integer` followed by `fraction`, times `10^exponent`, into a ``JSONNumber``.
    private func makeNumber(
        negative: Bool, integer: Range<Int>, fraction: Range<Int>, exponent: Int, offset: Int
    ) throws(JSONParseError) -> JSONNumber {
        let zero = UInt8(ascii: "0")
        var integerLow = integer.lowerBound
        var integerHigh = integer.upperBound
        var fractionLow = fraction.lowerBound
        var fractionHigh = fraction.upperBound
        // The grammar allows one leading zero only, and only as the whole integer part.
        if bytes[integerLow] == zero {
            integerLow = integerHigh
            while fractionLow < fractionHigh, bytes[fractionLow] == zero { fractionLow += 1 }
        }
        while fractionHigh > fractionLow, bytes[fractionHigh - 1] == zero { fractionHigh -= 1 }
        if fractionHigh == fractionLow {
            while integerHigh > integerLow, bytes[integerHigh - 1] == zero { integerHigh -= 1 }
        }
        let integerCount = integerHigh - integerLow
        let fractionCount = fractionHigh - fractionLow
        if integerCount + fractionCount == 0 {
            return JSONNumber(normalisedNegative: false, significand: "0", exponent: 0)
        }
        let dropped = (integer.upperBound - integerHigh) + (fraction.upperBound - fractionHigh)
        let (shifted, overflow1) = exponent.subtractingReportingOverflow(fraction.count)
        let (normalised, overflow2) = shifted.addingReportingOverflow(dropped)
        if overflow1 || overflow2 { throw JSONParseError(offset: offset, reason: .numberOutOfRange) }

        let significand: String
        if fractionCount == 0 {
            significand = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[integerLow..<integerHigh]), as: UTF8.self)
        } else if integerCount == 0 {
            significand = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[fractionLow..<fractionHigh]), as: UTF8.self)
        } else {
            significand = String(unsafeUninitializedCapacity: integerCount + fractionCount) { buffer in
                var written = 0
                for position in integerLow..<integerHigh {
                    buffer[written] = bytes[position]
                    written += 1
                }
                for position in fractionLow..<fractionHigh {
                    buffer[written] = bytes[position]
                    written += 1
                }
                return written
            }
        }
        return JSONNumber(normalisedNegative: negative, significand: significand, exponent: normalised)
    }
}
