/// Exact comparisons and divisibility on ``JSONNumber`` decimals, without rounding through `Double`.
enum DecimalArithmetic {
    /// A normalised decimal of at most 19 significant digits, as tapes hold numbers inline:
    /// `(negative ? -1 : 1) × significand × 10^exponent`, zero as significand 0.
    struct Inline: Sendable {
        var negative: Bool
        var significand: UInt64
        var exponent: Int

        init(negative: Bool, significand: UInt64, exponent: Int) {
            self.negative = negative
            self.significand = significand
            self.exponent = exponent
        }

        /// The parts of `number`, when its significand has at most 19 digits and its exponent fits in 32 bits
        /// (the form tapes hold inline).
        init?(_ number: JSONNumber) {
            let digits = number.significand.utf8
            guard digits.count <= 19, Int32(exactly: number.exponent) != nil else { return nil }
            var value: UInt64 = 0
            for digit in digits { value = value &* 10 &+ UInt64(digit &- UInt8(ascii: "0")) }
            self.init(negative: number.negative, significand: value, exponent: number.exponent)
        }
    }

    /// 10^0 ... 10^19.
    private static let powersOfTen: [UInt64] = (0...19).map { (0..<$0).reduce(1) { value, _ in value * 10 } }

    /// The number of decimal digits of a non-zero `value`.
    @inline(__always)
    private static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        while count < 20, value >= powersOfTen[count] { count += 1 }
        return count
    }

    /// Orders two inline numbers: negative when `a < b`, zero when equal, positive when `a > b`.
    static func compare(_ a: Inline, _ b: Inline) -> Int {
        let aSign = a.significand == 0 ? 0 : (a.negative ? -1 : 1)
        let bSign = b.significand == 0 ? 0 : (b.negative ? -1 : 1)
        if aSign != bSign { return aSign < bSign ? -1 : 1 }
        if aSign == 0 { return 0 }
        let aDigits = digitCount(a.significand)
        let bDigits = digitCount(b.significand)
        // The position of the leading digit decides first; then the digits, padded to the same length
        // (at most 19, so the padded values still fit in 64 bits).
        let aOrder = aDigits + a.exponent
        let bOrder = bDigits + b.exponent
        var magnitude: Int
        if aOrder != bOrder {
            magnitude = aOrder < bOrder ? -1 : 1
        } else {
            let width = max(aDigits, bDigits)
            let left = a.significand * powersOfTen[width - aDigits]
            let right = b.significand * powersOfTen[width - bDigits]
            magnitude = left == right ? 0 : (left < right ? -1 : 1)
        }
        return aSign < 0 ? -magnitude : magnitude
    }
    /// Orders two numbers: negative when `a < b`, zero when equal, positive when `a > b`.
    static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        let aZero = a.significand == "0"
        let bZero = b.significand == "0"
        if aZero && bZero { return 0 }
        let aSign = aZero ? 0 : (a.negative ? -1 : 1)
        let bSign = bZero ? 0 : (b.negative ? -1 : 1)
        if aSign != bSign { return aSign < bSign ? -1 : 1 }
        let magnitude = compareMagnitude(a, b)
        return aSign < 0 ? -magnitude : magnitude
    }

    /// Orders the absolute values of two non-zero numbers.
    private static func compareMagnitude(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        let aDigits = a.significand.utf8
        let bDigits = b.significand.utf8
        // The position of the leading digit: value is in [10^(n-1+e), 10^(n+e)).
        let aOrder = aDigits.count + a.exponent
        let bOrder = bDigits.count + b.exponent
        if aOrder != bOrder { return aOrder < bOrder ? -1 : 1 }
        var aIterator = aDigits.makeIterator()
        var bIterator = bDigits.makeIterator()
        while true {
            let x = aIterator.next()
            let y = bIterator.next()
            switch (x, y) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// A `multipleOf` divisor prepared once: `digits × 10^exponent` with `digits` split into
    /// `2^twos × 5^fives × coprime` so that huge instance exponents cost nothing.
    struct Divisor: Sendable {
        let exponent: Int
        let digits: [UInt8]
        let small: UInt64?
        let twos: Int
        let fives: Int
        let coprime: [UInt8]
        let coprimeSmall: UInt64?

        init(_ number: JSONNumber) {
            exponent = number.exponent
            digits = number.significand.utf8.map { $0 - 48 }
            small = Self.smallValue(digits)
            var rest = digits
            var twos = 0
            var fives = 0
            while let (quotient, remainder) = Optional(Self.divide(rest, by: 2)), remainder == 0, rest != [1] {
                rest = quotient
                twos += 1
            }
            while let (quotient, remainder) = Optional(Self.divide(rest, by: 5)), remainder == 0, rest != [1] {
                rest = quotient
                fives += 1
            }
            self.twos = twos
            self.fives = fives
            coprime = rest
            coprimeSmall = Self.smallValue(rest)
        }

        /// Whether `significand × 10^exponent` (normalised: no trailing zeros) is an integer multiple of
        /// this divisor; the sign does not matter.
        func divides(significand: UInt64, exponent valueExponent: Int) -> Bool {
            if significand == 0 { return true }
            let shift = valueExponent - exponent
            if shift < 0 { return false }
            if shift >= max(twos, fives), let coprimeSmall { return significand % coprimeSmall == 0 }
            if shift < max(twos, fives), let small {
                // small has at most 18 digits, so the remainder times ten still fits in 64 bits.
                var remainder = significand % small
                var count = shift
                while count > 0 && remainder != 0 {
                    remainder = (remainder * 10) % small
                    count -= 1
                }
                return remainder == 0
            }
            return divides(
                JSONNumber(normalisedNegative: false, significand: String(significand), exponent: valueExponent))
        }

        /// Whether `value` is an integer multiple of this divisor.
        func divides(_ value: JSONNumber) -> Bool {
            if value.significand == "0" { return true }
            // value = a × 10^e1, divisor = b × 10^e2; a has no trailing zeros.
            let shift = value.exponent - exponent
            if shift < 0 { return false }
            let a = value.significand.utf8.map { $0 - 48 }
            if shift >= max(twos, fives) {
                // 2^twos × 5^fives divides 10^shift, and coprime is coprime with 10.
                if let coprimeSmall { return Self.remainder(a, zeros: 0, modulo: coprimeSmall) == 0 }
                return DecimalArithmetic.isZero(Self.remainder(a, zeros: 0, modulo: coprime))
            }
            if let small { return Self.remainder(a, zeros: shift, modulo: small) == 0 }
            return DecimalArithmetic.isZero(Self.remainder(a, zeros: shift, modulo: digits))
        }

        private static func smallValue(_ digits: [UInt8]) -> UInt64? {
            guard digits.count <= 18 else { return nil }
            return digits.reduce(0) { $0 * 10 + UInt64($1) }
        }

        private static func divide(_ digits: [UInt8], by divisor: UInt8) -> ([UInt8], UInt8) {
            var quotient: [UInt8] = []
            var remainder = 0
            for digit in digits {
                let current = remainder * 10 + Int(digit)
                let q = current / Int(divisor)
                remainder = current % Int(divisor)
                if !(quotient.isEmpty && q == 0) { quotient.append(UInt8(q)) }
            }
            return (quotient.isEmpty ? [0] : quotient, UInt8(remainder))
        }

        private static func remainder(_ digits: [UInt8], zeros: Int, modulo m: UInt64) -> UInt64 {
            if m == 1 { return 0 }
            var r: UInt64 = 0
            for digit in digits { r = (r * 10 + UInt64(digit)) % m }
            var count = zeros
            while count > 0 && r != 0 {
                r = (r * 10) % m
                count -= 1
            }
            return r
        }

        private static func remainder(_ digits: [UInt8], zeros: Int, modulo m: [UInt8]) -> [UInt8] {
            var r: [UInt8] = [0]
            func push(_ digit: UInt8) {
                r = r == [0] ? [digit] : r + [digit]
                while DecimalArithmetic.compareDigits(r, m) >= 0 { r = DecimalArithmetic.subtract(r, m) }
            }
            for digit in digits { push(digit) }
            var count = zeros
            while count > 0 && !DecimalArithmetic.isZero(r) {
                push(0)
                count -= 1
            }
            return r
        }
    }

    fileprivate static func isZero(_ digits: [UInt8]) -> Bool { digits.allSatisfy { $0 == 0 } }

    fileprivate static func compareDigits(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let a = a.drop { $0 == 0 }
        let b = b.drop { $0 == 0 }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    /// `a - b` for `a >= b`, as digits without leading zeros.
    fileprivate static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = a
        var borrow = 0
        var j = b.count - 1
        for i in stride(from: result.count - 1, through: 0, by: -1) {
            var digit = Int(result[i]) - borrow - (j >= 0 ? Int(b[j]) : 0)
            j -= 1
            if digit < 0 {
                digit += 10
                borrow = 1
            } else {
                borrow = 0
            }
            result[i] = UInt8(digit)
        }
        let trimmed = Array(result.drop { $0 == 0 })
        return trimmed.isEmpty ? [0] : trimmed
    }
}
