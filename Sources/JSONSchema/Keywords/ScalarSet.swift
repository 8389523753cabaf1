/// A set of Unicode scalar values, kept as sorted, disjoint, non-adjacent ranges.
///
/// Character classes of ``RegexSyntax`` are built from these, and ``RegexAutomaton`` splits the scalar range
/// into the pieces that no class boundary cuts.
struct ScalarSet: Hashable, Sendable {
    /// The largest scalar value (surrogates included, as the ranges are plain numbers).
    static let maximum: UInt32 = 0x10FFFF

    /// The ranges, sorted, with gaps between them.
    private(set) var ranges: [ClosedRange<UInt32>] = []

    /// The empty set.
    init() {}

    /// The set of one scalar value.
    init(_ value: UInt32) {
        ranges = [value...value]
    }

    /// The set of the values in `ranges`, which may overlap or come in any order.
    init(_ ranges: [ClosedRange<UInt32>]) {
        for range in ranges { insert(range) }
    }

    /// Every scalar value.
    static let all = ScalarSet([0...maximum])

    /// ECMA-262 `\d`.
    static let digits = ScalarSet([0x30...0x39])

    /// ECMA-262 `\w`: ASCII letters, digits and `_`.
    static let wordCharacters = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])

    /// ECMA-262 `\s`: its white space and line terminators.
    static let whitespace = ScalarSet([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])

    /// What ECMA-262 `.` matches without the `s` flag: everything but its four line terminators.
    static let notLineTerminator = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]).complement

    /// Whether the set is empty.
    var isEmpty: Bool { ranges.isEmpty }

    /// Adds the values in `range`.
    mutating func insert(_ range: ClosedRange<UInt32>) {
        var merged = range
        var kept: [ClosedRange<UInt32>] = []
        kept.reserveCapacity(ranges.count + 1)
        var placed = false
        for existing in ranges {
            if existing.upperBound &+ 1 < merged.lowerBound {
                kept.append(existing)
            } else if merged.upperBound &+ 1 < existing.lowerBound {
                if !placed {
                    kept.append(merged)
                    placed = true
                }
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        if !placed { kept.append(merged) }
        ranges = kept
    }

    /// Adds every value of `other`.
    mutating func formUnion(_ other: ScalarSet) {
        for range in other.ranges { insert(range) }
    }

    /// Every scalar value not in this set.
    var complement: ScalarSet {
        var result = ScalarSet()
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.ranges.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
        }
        if next <= Self.maximum, ranges.last?.upperBound != Self.maximum { result.ranges.append(next...Self.maximum) }
        return result
    }

    /// Whether `value` is in the set.
    func contains(_ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value {
                low = middle + 1
            } else if ranges[middle].lowerBound > value {
                high = middle
            } else {
                return true
            }
        }
        return false
    }
}
