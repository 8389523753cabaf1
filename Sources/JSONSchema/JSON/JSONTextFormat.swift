/// The byte-level spelling of JSON strings and numbers, shared by the serializer and the canonical form.
enum JSONTextFormat {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `string` as a quoted JSON string.
    ///
    /// Escapes `"` and `\`, writes the control characters U+0000 to U+001F as `\b \t \n \f \r` or
    /// `\u00xx` with lowercase hex, and copies every other character as UTF-8. This is the form
    /// RFC 8785 (section 3.2.2.2) prescribes, so one function serves both outputs.
    static func appendString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            appendEscaped(bytes, to: &output)
        }
        if done == nil {
            appendEscaped(Array(string.utf8), to: &output)
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) {
        for byte in bytes {
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                output.append(byte)
                continue
            }
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
                output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
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
    static func appendNumber(_ number: JSONNumber, longIntegersPlain: Bool, to output: inout [UInt8]) {
        let digits = Array(number.significand.utf8)
        let count = digits.count
        let exponent = number.exponent
        if number.negative { output.append(UInt8(ascii: "-")) }

        let (pointPosition, overflow) = exponent.addingReportingOverflow(count)
        if overflow {
            // Only for exponents near Int.max: the plain `digits e exponent` form is still exact JSON.
            output.append(contentsOf: digits)
            output.append(UInt8(ascii: "e"))
            output.append(contentsOf: String(exponent).utf8)
            return
        }
        if exponent >= 0, pointPosition <= 21 || (longIntegersPlain && exponent <= 3) {
            output.append(contentsOf: digits)
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        } else if pointPosition > 0, pointPosition <= 21 {
            output.append(contentsOf: digits[..<pointPosition])
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: digits[pointPosition...])
        } else if pointPosition > -6, pointPosition <= 0 {
            output.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -pointPosition))
            output.append(contentsOf: digits)
        } else {
            output.append(digits[0])
            if count > 1 {
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: digits[1...])
            }
            let scientific = pointPosition - 1
            output.append(UInt8(ascii: "e"))
            output.append(scientific < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            output.append(contentsOf: String(scientific.magnitude).utf8)
        }
    }
}
