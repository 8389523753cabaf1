/// The byte-level spelling of JSON strings and numbers, shared by the serializer and the canonical form.
enum JSONTextFormat {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `string` as a quoted JSON string.
    ///
    /// Escapes `"` and `\`, writes the control characters U+0000 to U+001F as `\b \t \n \f \r` or
    /// `\u00xx` with lowercase hex, and copies every other character as UTF-8. This is the form
    /// RFC 8785 (section 3.2.2.2) prescribes, so one function serves both outputs.
    static func appendString(_ string: String, to output: JSONOutput) {
        // Cheaper than `withUTF8` on a copy, which small strings pay for dearly; every native string has
        // contiguous UTF-8.
        if string.utf8.withContiguousStorageIfAvailable({ appendString(utf8: $0, to: output) }) == nil {
            Array(string.utf8).withUnsafeBufferPointer { appendString(utf8: $0, to: output) }
        }
    }

    /// ``appendString(_:to:)`` for a string given as its UTF-8 bytes, written straight into the buffer: runs
    /// that need no escape (found eight bytes at a time) are copied whole.
    static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: JSONOutput) {
        // An escape is at most six bytes (\u00xx), so this is room for the worst case.
        output.append(atMost: 2 + 6 * bytes.count) { target in
            target[0] = UInt8(ascii: "\"")
            var written = 1
            var runStart = 0
            var position = 0
            while true {
                position = firstByteToEscape(in: bytes, from: position)
                if position > runStart, let base = bytes.baseAddress {
                    let length = position - runStart
                    if length <= 16 {
                        // Short runs (most keys and values) cost less copied byte by byte than through memcpy.
                        for index in 0..<length { target[written &+ index] = base[runStart &+ index] }
                    } else {
                        (target + written).update(from: base + runStart, count: length)
                    }
                    written += length
                }
                guard position < bytes.count else { break }
                written += writeEscape(bytes[position], to: target + written)
                position += 1
                runStart = position
            }
            target[written] = UInt8(ascii: "\"")
            return written + 1
        }
    }

    /// The offset of the first quote, backslash or control byte at or after `start`, or the count when none is.
    @inline(__always)
    private static func firstByteToEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var position = start
        guard let base = bytes.baseAddress else { return position }
        let raw = UnsafeRawPointer(base)
        // As in the parser's string scan: a zero byte after XOR is a quote or backslash, a byte below 0x20
        // borrows; the lowest flagged byte is exact (bytes of 0x80 and above are never flagged).
        @inline(__always) func flags(_ word: UInt64) -> UInt64 {
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            return (((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash))
                & highBits
        }
        while position &+ 8 <= bytes.count {
            let found = flags(UInt64(littleEndian: (raw + position).loadUnaligned(as: UInt64.self)))
            if found != 0 { return position &+ found.trailingZeroBitCount &>> 3 }
            position &+= 8
        }
        let rest = bytes.count &- position
        guard rest > 0 else { return position }
        // The last bytes, loaded in pieces of four, two and one into one word padded with spaces (which need no
        // escape), so that the tail takes one test too.
        var word: UInt64 = 0x2020_2020_2020_2020
        var filled = 0
        if rest & 4 != 0 {
            word = word & ~0xFFFF_FFFF | UInt64(UInt32(littleEndian: (raw + position).loadUnaligned(as: UInt32.self)))
            filled = 4
        }
        if rest & 2 != 0 {
            let piece = UInt64(UInt16(littleEndian: (raw + (position &+ filled)).loadUnaligned(as: UInt16.self)))
            word = word & ~(0xFFFF << UInt64(8 &* filled)) | piece << UInt64(8 &* filled)
            filled &+= 2
        }
        if rest & 1 != 0 {
            word = word & ~(0xFF << UInt64(8 &* filled)) | UInt64(base[position &+ filled]) << UInt64(8 &* filled)
        }
        let found = flags(word)
        return found != 0 ? position &+ found.trailingZeroBitCount &>> 3 : bytes.count
    }

    /// Writes the escape of `byte` at `target` and returns its length.
    private static func writeEscape(_ byte: UInt8, to target: UnsafeMutablePointer<UInt8>) -> Int {
        target[0] = UInt8(ascii: "\\")
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""): short = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): short = UInt8(ascii: "\\")
        case 0x08: short = UInt8(ascii: "b")
        case 0x09: short = UInt8(ascii: "t")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0D: short = UInt8(ascii: "r")
        default:
            target[1] = UInt8(ascii: "u")
            target[2] = UInt8(ascii: "0")
            target[3] = UInt8(ascii: "0")
            target[4] = hexDigits[Int(byte >> 4)]
            target[5] = hexDigits[Int(byte & 0x0F)]
            return 6
        }
        target[1] = short
        return 2
    }

    /// Appends `number` with its exact digits in the layout of ECMAScript `Number.prototype.toString`.
    ///
    /// With `k` significant digits and the decimal point after digit `n` (`n = exponent + k`):
    /// integers with `n <= 21` are written out with zeros, `0 < n <= 21` puts the point among
    /// the digits, `-6 < n <= 0` writes `0.000ddd`, and anything else uses `d.ddde+x` or `d.ddde-x`.
    /// - Parameters:
    ///   - number: the value to write.
    ///   - longIntegersPlain: also write whole numbers of more than 21 digits in plain form when
    ///     that adds at most three zeros, so long identifiers stay readable (the serializer does;
    ///     the canonical form must not).
    ///   - output: the buffer to append to.
    static func appendNumber(_ number: JSONNumber, longIntegersPlain: Bool, to output: JSONOutput) {
        if number.exponent == 0, longIntegersPlain || number.significand.utf8.count <= 21 {
            // A whole number of at most 21 digits is written as its digits in every layout.
            if number.negative { output.append(UInt8(ascii: "-")) }
            output.append(number.significand)
            return
        }
        let digits = Array(number.significand.utf8)
        let count = digits.count
        let exponent = number.exponent
        if number.negative { output.append(UInt8(ascii: "-")) }

        let (pointPosition, overflow) = exponent.addingReportingOverflow(count)
        if overflow {
            // Only for exponents near Int.max: the plain `digits e exponent` form is still exact JSON.
            output.append(digits)
            output.append(UInt8(ascii: "e"))
            output.append(String(exponent))
            return
        }
        if exponent >= 0, pointPosition <= 21 || (longIntegersPlain && exponent <= 3) {
            output.append(digits)
            output.append(UInt8(ascii: "0"), count: exponent)
        } else if pointPosition > 0, pointPosition <= 21 {
            output.append(digits[..<pointPosition])
            output.append(UInt8(ascii: "."))
            output.append(digits[pointPosition...])
        } else if pointPosition > -6, pointPosition <= 0 {
            output.append("0.")
            output.append(UInt8(ascii: "0"), count: -pointPosition)
            output.append(digits)
        } else {
            output.append(digits[0])
            if count > 1 {
                output.append(UInt8(ascii: "."))
                output.append(digits[1...])
            }
            let scientific = pointPosition - 1
            output.append(UInt8(ascii: "e"))
            output.append(scientific < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            output.append(String(scientific.magnitude))
        }
    }
}
