import Foundation

/// Reads one JSON document from a buffer of UTF-8 bytes into a ``JSONTape``; the engine behind
/// ``JSONParser`` and ``JSONDocument``.
///
/// It walks the bytes once, by recursive descent, and checks everything RFC 8259 and the limits
/// require (UTF-8, escapes, duplicate keys, depth, number grammar) as it goes, so the first error in
/// document order is the one reported. Strings without escapes become entries pointing into the
/// input; strings with escapes are decoded into the tape's own buffer. Numbers are normalised from
/// their digit bytes without going through `Double`.
struct JSONTapeReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private let tape: JSONTape
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []
    /// The keys of the objects being read, innermost last: each key's entry and a cheap fingerprint,
    /// so duplicate checks rarely compare bytes.
    private let keys = JSONReaderStack<KeyMark>(capacity: 64)
    /// The signature of the string `readString` read last.
    private var lastStringSignature: UInt64 = 0

    private struct KeyMark {
        var entry: Int
        var signature: UInt64
    }

    /// Objects with more members than this check their keys for duplicates by hashing.
    static let hashThreshold = 32

    /// Reads `bytes` as one JSON text into a new tape.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - maxDepth: the deepest nesting accepted.
    ///   - copySource: whether the tape keeps a copy of `bytes` (otherwise it points into them, and the
    ///     caller keeps them alive and unchanged while it uses the tape).
    /// - Throws: ``JSONParseError`` at the first byte that breaks RFC 8259 or a limit.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, copySource: Bool) throws(JSONParseError)
        -> JSONTape
    {
        // About one entry per six bytes in typical documents; the tape grows when that is too few.
        let tape = JSONTape(source: bytes, copySource: copySource, expectedEntries: bytes.count / 6 + 8)
        var reader = JSONTapeReader(
            bytes: copySource ? UnsafeBufferPointer(start: tape.source, count: bytes.count) : bytes,
            maxDepth: maxDepth, tape: tape)
        try reader.readDocument()
        return tape
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, tape: JSONTape) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.tape = tape
    }

    /// Reads the whole buffer as one JSON text: optional whitespace, a value, optional whitespace.
    private mutating func readDocument() throws(JSONParseError) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONParseError(offset: 0, reason: .byteOrderMark)
        }
        skipWhitespace()
        try readValue()
        skipWhitespace()
        if index != bytes.count { throw JSONParseError(offset: index, reason: .trailingData) }
    }

    // MARK: - Values

    @inline(__always)
    private func append(_ kind: JSONTape.Kind, length: UInt32 = 0, payload: UInt64 = 0, flags: UInt32 = 0) {
        tape.append(JSONTape.Entry(header: UInt32(kind.rawValue) | flags, length: length, payload: payload))
    }

    private mutating func readValue() throws(JSONParseError) {
        guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            try readString(isKey: false)
        case UInt8(ascii: "{"):
            try readObject()
        case UInt8(ascii: "["):
            try readArray()
        case UInt8(ascii: "t"):
            try readLiteral("true")
            append(.true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            append(.false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            append(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try readNumber()
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

    private mutating func readArray() throws(JSONParseError) {
        let start = tape.count
        append(.array)
        try enterContainer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            tape.close(start, count: 0)
            return
        }
        var count = 0
        while true {
            try readValue()
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
            } else if byte == UInt8(ascii: "]") {
                depth -= 1
                tape.close(start, count: count)
                return
            } else {
                throw JSONParseError(offset: index - 1, reason: .unexpectedByte)
            }
        }
    }

    private mutating func readObject() throws(JSONParseError) {
        let start = tape.count
        append(.object)
        try enterContainer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            tape.close(start, count: 0)
            return
        }
        let base = keys.count
        // Small objects are checked for duplicates by a linear scan; past the threshold, by hashing.
        var keySet: KeySet?
        var count = 0
        while true {
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: index, reason: .unexpectedByte)
            }
            let keyOffset = index
            let key = tape.count
            try readString(isKey: true)
            let signature = lastStringSignature
            if keySet != nil {
                if !keySet!.insert(key, tape) { throw JSONParseError(offset: keyOffset, reason: .duplicateKey) }
            } else {
                let keyBytes = tape.view.utf8(at: key)
                for earlier in base..<keys.count where keys[earlier].signature == signature {
                    if JSONTape.bytesEqual(tape.view.utf8(at: keys[earlier].entry), keyBytes) {
                        throw JSONParseError(offset: keyOffset, reason: .duplicateKey)
                    }
                }
                if count == Self.hashThreshold {
                    var built = KeySet(capacity: 4 * count)
                    for earlier in base..<keys.count { _ = built.insert(keys[earlier].entry, tape) }
                    _ = built.insert(key, tape)
                    keySet = built
                }
            }
            keys.push(KeyMark(entry: key, signature: signature))
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: index, reason: .unexpectedByte)
            }
            index += 1
            skipWhitespace()
            try readValue()
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(offset: index, reason: .unexpectedEnd) }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                keys.removeAbove(base)
                tape.close(start, count: count)
                return
            } else {
                throw JSONParseError(offset: index - 1, reason: .unexpectedByte)
            }
        }
    }

    /// The keys of one large object, hashed by their bytes, for the duplicate check.
    private struct KeySet {
        /// Key entry index + 1 in each slot, 0 for an empty slot; the count is a power of two.
        private var slots: [Int]
        private var used = 0

        init(capacity: Int) {
            var size = 64
            while size < capacity { size <<= 1 }
            slots = [Int](repeating: 0, count: size)
        }

        /// Adds the key at entry `key`; `false` when an equal key is already there.
        mutating func insert(_ key: Int, _ tape: JSONTape) -> Bool {
            if 2 * (used + 1) > slots.count { grow(tape) }
            let bytes = tape.view.utf8(at: key)
            let mask = slots.count - 1
            var slot = Self.hash(bytes) & mask
            while slots[slot] != 0 {
                if JSONTape.bytesEqual(tape.view.utf8(at: slots[slot] - 1), bytes) { return false }
                slot = (slot + 1) & mask
            }
            slots[slot] = key + 1
            used += 1
            return true
        }

        private mutating func grow(_ tape: JSONTape) {
            let old = slots
            slots = [Int](repeating: 0, count: old.count * 2)
            used = 0
            for entry in old where entry != 0 { _ = insert(entry - 1, tape) }
        }

        private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            return hasher.finalize()
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

    /// Reads a string whose opening quote is at `index` and appends its entry.
    /// - Parameter isKey: whether the string is an object key, whose signature goes to `lastStringSignature`.
    @inline(__always)
    private mutating func readString(isKey: Bool) throws(JSONParseError) {
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
                append(.string, length: UInt32(truncatingIfNeeded: position - start), payload: UInt64(start))
                return
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

    /// Finishes a string that has escapes, building its UTF-8 in `scratch` and then in the tape.
    private mutating func readEscapedString(start: Int, firstEscape: Int) throws(JSONParseError) {
        scratch.removeAll(keepingCapacity: true)
        let end = bytes.count
        var runStart = start
        var position = firstEscape
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                index = position + 1
                scratch.withUnsafeBufferPointer { utf8 in
                    lastStringSignature = Self.signature(of: utf8)
                    let offset = tape.appendSide(utf8)
                    append(
                        .string, length: UInt32(truncatingIfNeeded: utf8.count), payload: UInt64(offset),
                        flags: JSONTape.sideFlag)
                }
                return
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
    private mutating func readNumber() throws(JSONParseError) {
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
        try appendNumber(
            negative: negative, integer: integerStart..<integerEnd, fraction: fractionStart..<fractionEnd,
            exponent: exponent, offset: start)
    }

    /// Normalises the digits `integer` followed by `fraction`, times `10^exponent`, and appends the number:
    /// inline when it has at most 19 significant digits and a 32-bit exponent, otherwise as a ``JSONNumber``.
    private func appendNumber(
        negative: Bool, integer: Range<Int>, fraction: Range<Int>, exponent: Int, offset: Int
    ) throws(JSONParseError) {
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
            append(.number)
            return
        }
        let dropped = (integer.upperBound - integerHigh) + (fraction.upperBound - fractionHigh)
        let (shifted, overflow1) = exponent.subtractingReportingOverflow(fraction.count)
        let (normalised, overflow2) = shifted.addingReportingOverflow(dropped)
        if overflow1 || overflow2 { throw JSONParseError(offset: offset, reason: .numberOutOfRange) }

        if integerCount + fractionCount <= 19, let exponent32 = Int32(exactly: normalised) {
            var significand: UInt64 = 0
            for position in integerLow..<integerHigh { significand = significand &* 10 &+ UInt64(bytes[position] &- zero) }
            for position in fractionLow..<fractionHigh {
                significand = significand &* 10 &+ UInt64(bytes[position] &- zero)
            }
            append(
                .number, length: UInt32(bitPattern: exponent32), payload: significand,
                flags: negative ? JSONTape.negativeFlag : 0)
            return
        }
        let significand = String(unsafeUninitializedCapacity: integerCount + fractionCount) { buffer in
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
        let number = JSONNumber(normalisedNegative: negative, significand: significand, exponent: normalised)
        append(.bigNumber, payload: UInt64(tape.appendNumber(number)))
    }
}
