import JSONSchema

/// Random JSON values for property tests, from a seeded generator so every case can be replayed.
struct JSONGenerator {
    /// SplitMix64: small, fast and fully determined by its seed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    var random: Random
    /// Only numbers that are the shortest decimal of a double (what the canonical form can write).
    var doublesOnly: Bool

    init(seed: UInt64, doublesOnly: Bool = false) {
        random = Random(state: seed)
        self.doublesOnly = doublesOnly
    }

    /// A value nested at most `depth` levels.
    mutating func value(depth: Int = 4) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 7 : 4), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(number())
        case 3: return .string(string())
        case 4: return .array((0..<Int.random(in: 0...5, using: &random)).map { _ in value(depth: depth - 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...6, using: &random) { object[string()] = value(depth: depth - 1) }
            return .object(object)
        }
    }

    mutating func number() -> JSONNumber {
        if doublesOnly || Bool.random(using: &random) {
            let double: Double =
                switch Int.random(in: 0..<3, using: &random) {
                case 0: Double(Int.random(in: -1_000_000...1_000_000, using: &random))
                case 1: Double.random(in: -1e6...1e6, using: &random)
                default: Double(sign: .plus, exponent: Int.random(in: -300...300, using: &random), significand: 1.5)
                }
            guard case .number(let number) = try! JSONParser.parse("\(double)") else { fatalError("not a number") }
            return number
        }
        let digits = String((0..<Int.random(in: 1...30, using: &random)).map { _ in "0123456789".randomElement(using: &random)! })
        return JSONNumber(
            negative: Bool.random(using: &random), digits: digits, exponent: Int.random(in: -40...40, using: &random))
    }

    /// A string mixing ASCII, characters that need escapes, Nordic letters, combining marks and
    /// characters outside the Basic Multilingual Plane.
    mutating func string() -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0xC0...0x17F, 0x300...0x36F, 0x1F600...0x1F64F, 0xE000...0xE0FF]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let pool = pools[Int.random(in: 0..<pools.count, using: &random)]
            scalars.append(Unicode.Scalar(UInt32.random(in: pool, using: &random))!)
        }
        if Int.random(in: 0..<8, using: &random) == 0 { scalars.append(contentsOf: "\"\\/".unicodeScalars) }
        return String(scalars)
    }

    /// `value` with the members of every object in a random order.
    mutating func shuffled(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map { shuffled($0) })
        case .object(let object):
            var members = Array(object)
            members.shuffle(using: &random)
            var result = JSONObject()
            for member in members { result[member.key] = shuffled(member.value) }
            return .object(result)
        default: return value
        }
    }
}
