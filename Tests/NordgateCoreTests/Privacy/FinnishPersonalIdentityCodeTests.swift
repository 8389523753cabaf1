import Testing

@testable import NordgateCore

/// Synthetic codes with individual numbers 900–999 (the temporary range) unless a test says otherwise.
struct FinnishPersonalIdentityCodeTests {
    @Test(arguments: [
        ("010199+9012", 1899), ("010101-901S", 1901), ("010101Y901S", 1901), ("010101X901S", 1901),
        ("010101W901S", 1901), ("010101V901S", 1901), ("010101U901S", 1901), ("010101A901S", 2001),
        ("010101B901S", 2001), ("010101C901S", 2001), ("010101D901S", 2001), ("010101E901S", 2001),
        ("010101F901S", 2001),
    ])
    func acceptsEveryCenturySign(_ code: String, year: Int) {
        #expect(FinnishPersonalIdentityCode.validate(code))
        #expect(FinnishPersonalIdentityCode.parse(Array(code.utf8))?.year == year)
    }

    @Test(arguments: ["010101G901S", "010101T901S", "010101a901S", "010101*901S", "010101 901S"])
    func rejectsUnknownCenturySigns(_ code: String) {
        #expect(!FinnishPersonalIdentityCode.validate(code))
    }

    @Test(arguments: ["010101-901T", "100510-972A", "240509Y979A", "010101A901s"])
    func rejectsAWrongCheckCharacter(_ code: String) {
        #expect(!FinnishPersonalIdentityCode.validate(code))
    }

    @Test func acceptsTwentyNinthOfFebruaryOnlyInLeapYears() {
        #expect(FinnishPersonalIdentityCode.validate("290200A901C"))
        #expect(!FinnishPersonalIdentityCode.validate("290200-901C"))
    }

    @Test func acceptsIndividualNumbersFromTwoAndMarksTemporaryOnes() {
        #expect(!FinnishPersonalIdentityCode.validate("010101A001R"))
        #expect(FinnishPersonalIdentityCode.parse(Array("010101A002S".utf8))?.isTemporary == false)
        #expect(FinnishPersonalIdentityCode.parse(Array("010101A899P".utf8))?.isTemporary == false)
        #expect(FinnishPersonalIdentityCode.parse(Array("010101A999X".utf8))?.isTemporary == true)
    }

    @Test(arguments: ["", "010101A901", "010101A901SS", "0101O1A901S"])
    func rejectsMalformedText(_ text: String) {
        #expect(!FinnishPersonalIdentityCode.validate(text))
    }
}
