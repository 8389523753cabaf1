/// An exact decimal number: `(negative ? -1 : 1) × significand × 10^exponent`.
///
/// The form is normalised, so `1`, `1.0` and `10e-1` are the same value and compare equal:
/// `significand` holds ASCII digits with no leading or trailing zeros, and zero is
/// `"0"` with exponent 0 and `negative == false`. No value is ever rounded or turned into
/// infinity: `1e400` stays `1e400`.
public struct JSONNumber: Sendable, Hashable {
    // Declared sign last so the struct packs into 25 bytes and a JSONValue fits in 32.
    /// The significant decimal digits, without leading or trailing zeros ("0" for zero).
    public let significand: String
    /// The power of ten the significand is multiplied by.
    public let exponent: Int
    /// Whether the number is below zero.
    public let negative: Bool

    /// Makes a number from its parts and normalises it.
    /// - Parameters:
    ///   - negative: whether the number is below zero (ignored for zero).
    ///   - digits: ASCII decimal digits, possibly with leading or trailing zeros.
    ///   - exponent: the power of ten `digits` is multiplied by.
    public init(negative: Bool, digits: some StringProtocol, exponent: Int) {
        var utf8 = Array(digits.utf8)
        var start = 0
        while start < utf8.count - 1, utf8[start] == UInt8(ascii: "0") { start += 1 }
        var end = utf8.count
        var exponent = exponent
        while end - 1 > start, utf8[end - 1] == UInt8(ascii: "0") {
            end -= 1
            exponent += 1
        }
        utf8 = Array(utf8[start..<end])
        if utf8.isEmpty || utf8 == [UInt8(ascii: "0")] {
            self.negative = false
            self.significand = "0"
            self.exponent = 0
        } else {
            self.negative = negative
            self.significand = String(decoding: utf8, as: UTF8.self)
            self.exponent = exponent
        }
    }

    /// Makes a number from parts that are already normalised, without checking them.
    ///
    /// The parser uses this after it has stripped leading and trailing zeros itself.
    /// - Parameters:
    ///   - negative: whether the number is below zero; `false` for zero.
    ///   - significand: digits with no leading or trailing zeros, or `"0"` for zero.
    ///   - exponent: the power of ten; 0 for zero.
    init(normalisedNegative negative: Bool, significand: String, exponent: Int) {
        self.negative = negative
        self.significand = significand
        self.exponent = exponent
    }

    /// Makes a number from an integer.
    public init(_ value: Int) {
        self.init(negative: value < 0, digits: String(value.magnitude), exponent: 0)
    }

    /// Whether the value is a whole number (`1.0` is).
    public var isInteger: Bool { exponent >= 0 }

    /// The value as `Int`, when it is a whole number that fits.
    public var intValue: Int? {
        guard exponent >= 0, significand.utf8.count + exponent <= 19 else { return nil }
        guard var magnitude = Int(significand) else { return nil }
        for _ in 0..<exponent {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            magnitude = product
        }
        return negative ? -magnitude : magnitude
    }

    /// The nearest `Double` (may round, and may be infinite for huge exponents).
    public var doubleValue: Double {
        Double("\(negative ? "-" : "")\(significand)e\(exponent)") ?? .nan
    }

    /// The number written as JSON in plain exponent form, for example `-12e3` or `5e-1`.
    public var jsonText: String {
        let sign = negative ? "-" : ""
        if exponent == 0 { return sign + significand }
        return "\(sign)\(significand)e\(exponent)"
    }
}
