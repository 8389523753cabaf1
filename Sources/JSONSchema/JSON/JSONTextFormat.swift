/// The byte-level spelling of JSON strings and numbers, shared by the serializer and the canonical form.
enum JSONTextFormat {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `string` as a quoted JSON string.
    ///
    /// Escapes `"` and `\`, writes the control characters U+0000 to U+001F as `\b \t \n \f \r` or
    /// `\u00xx` with lowercase hex, and copies every other character as UTF-8. This is the form
    /// RFC 8785 (section 3.2.2.2) prescribes, so one function serves both outputs.
    static func appendString(_ string: String, to output: JSONOutput) {
        var string = string
        string.withUTF8 { appendString(utf8: $0, to: output) }
    }

    /// ``appendString(_:to:)`` for a string given as its UTF-8 bytes. Runs that need no escape are copied whole.
    static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: JSONOutput) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var position = 0
        while true {
            position = firstByteToEscape(in: bytes, from: position)
            guard position < bytes.count else { break }
            if position > runStart { output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
            appendEscape(bytes[position], to: output)
            position += 1
            runStart = position
        }
        if bytes.count > runStart { output.append(UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        output.append(UInt8(ascii: "\""))
    }

    /// The offset of the first quote, backslash or control byte at or after `start`, or the count when none is.
    @inline(__always)
    private static func firstByteToEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var position = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while position &+ 8 <= bytes.count {
                // As in the parser's string scan: a zero byte after XOR is a quote or backslash, a byte below
                // 0x20 borrows; the lowest flagged byte is exact (bytes of 0x80 and above are never flagged).
                let word = UInt64(littleEndian: (raw + position).loadUnaligned(as: UInt64.self))
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let flags =
                    (((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash))
                    & highBits
                if flags != 0 { return position &+ flags.trailingZeroBitCount &>> 3 }
                position &+= 8
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return position }
            position &+= 1
        }
        return position
    }

    private static func appendEscape(_ byte: UInt8, to output: JSONOutput) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x09: output.append(UInt8(ascii: "t"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        default:
            output.append("u00")
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
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
