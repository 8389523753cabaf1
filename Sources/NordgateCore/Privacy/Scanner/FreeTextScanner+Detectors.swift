extension FreeTextScanner {
    /// Which built-in detectors a scanner runs (caller-supplied terms are always matched).
    public struct Detectors: OptionSet, Sendable, Hashable {
        /// The set as bits: one per detector.
        public let rawValue: UInt8

        /// Creates a set from its raw bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Nordic national identity numbers, each validated by its country's rule.
        public static let nationalIDs = Detectors(rawValue: 1 << 0)
        /// E-mail addresses.
        public static let emails = Detectors(rawValue: 1 << 1)
        /// Telephone numbers.
        public static let phones = Detectors(rawValue: 1 << 2)
        /// Every built-in detector.
        public static let all: Detectors = [.nationalIDs, .emails, .phones]
    }
}
