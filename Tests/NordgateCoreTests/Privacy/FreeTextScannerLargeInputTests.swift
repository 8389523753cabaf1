import Testing

@testable import NordgateCore

/// Inputs that would take quadratic time with naive matchers (each candidate position re-reading the rest of a
/// long run). These finish only because every matcher reads a bounded window per position; the tests check the
/// results, not the time.
struct FreeTextScannerLargeInputTests {
    static let size = 1 << 20

    @Test func aMegabyteOfDigitsHoldsNoMatch() {
        let text = String(repeating: "1234567890", count: Self.size / 10)
        #expect(FreeTextScanner().matches(in: text).isEmpty)
    }

    @Test func aMegabyteOfSpaceSeparatedDigitsHoldsNoMatch() {
        let text = String(repeating: "1 ", count: Self.size / 2)
        #expect(FreeTextScanner().matches(in: text).isEmpty)
        let pairs = String(repeating: "12 ", count: Self.size / 3)
        #expect(FreeTextScanner().matches(in: pairs).isEmpty)
    }

    @Test func aMegabyteOfAtSignsAndDotsHoldsNoMatch() {
        #expect(FreeTextScanner().matches(in: String(repeating: "a@", count: Self.size / 2)).isEmpty)
        #expect(FreeTextScanner().matches(in: String(repeating: "a.", count: Self.size / 2) + "@").isEmpty)
        #expect(FreeTextScanner().matches(in: "@" + String(repeating: "a", count: Self.size)).isEmpty)
        #expect(FreeTextScanner().matches(in: String(repeating: "+", count: Self.size)).isEmpty)
    }

    @Test func aMegabyteOfNearMissesForATermHoldsNoMatch() {
        let scanner = FreeTextScanner(terms: [String(repeating: "a ", count: 50) + "b"], detectors: [])
        #expect(scanner.matches(in: String(repeating: "a ", count: Self.size / 2)).isEmpty)
    }

    @Test func findsEveryIdentifierInAMegabyteOfThem() {
        let unit = "fnr 13817015667, tlf 912 34 567, kari@example.no; "
        let count = Self.size / unit.utf8.count
        let matches = FreeTextScanner().matches(in: String(repeating: unit, count: count))
        #expect(matches.count == 3 * count)
    }

    @Test func findsEveryTermInAMegabyteOfThem() {
        let unit = "Kari Østby og KARI  ØSTBY. "
        let count = Self.size / unit.utf8.count
        let scanner = FreeTextScanner(terms: ["Kari Østby"], detectors: [])
        #expect(scanner.matches(in: String(repeating: unit, count: count)).count == 2 * count)
    }
}
