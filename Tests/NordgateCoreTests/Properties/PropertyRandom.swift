import Foundation

/// The seeded generator of the property tests: SplitMix64, fully determined by its seed, so a failing
/// case (its seed is in the failure message) can be replayed with `NORDGATE_PROPERTY_SEED=<seed>`.
struct PropertyRandom: RandomNumberGenerator {
    /// Cases per property unless a seed is given.
    static let cases = 300

    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seeds to run: the one in `NORDGATE_PROPERTY_SEED`, or `count` fixed ones from `base`.
    static func seeds(base: UInt64, count: Int = cases) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["NORDGATE_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
        return (0..<UInt64(count)).map { base &+ $0 }
    }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) } }
}
