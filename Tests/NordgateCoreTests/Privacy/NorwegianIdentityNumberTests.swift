import Testing

@testable import NordgateCore

/// All numbers here are synthetic (month + 80, H-number month + 40 or an invalid date); none belongs to a person.
struct NorwegianIdentityNumberTests {
    @Test(arguments: ["13817015667", "21847001302", "05886002728", "19905031778", "01810078916", "26815425897"])
    func acceptsSyntheticNumbers(_ number: String) {
        #expect(NorwegianIdentityNumber.validate(number))
        #expect(NorwegianIdentityNumber.variant(of: number) == .synthetic)
    }

    @Test(arguments: ["57878026340", "56845036077", "53926137456"])
    func acceptsSyntheticDNumbers(_ number: String) {
        #expect(NorwegianIdentityNumber.variant(of: number) == .syntheticDNumber)
    }

    @Test func acceptsTheSpacedLayout() {
        #expect(NorwegianIdentityNumber.validate("138170 15667"))
        #expect(!NorwegianIdentityNumber.validate("1381 7015667"))
        #expect(!NorwegianIdentityNumber.validate("138170-15667"))
    }

    @Test(arguments: ["13817015660", "21847001305", "05886002721", "57878026343", "13817015677"])
    func rejectsWrongCheckDigits(_ number: String) {
        #expect(!NorwegianIdentityNumber.validate(number))
    }

    @Test func acceptsTwentyNinthOfFebruaryOnlyInLeapYears() throws {
        // 29.02.2000 (individual number 500: 2000s) is a leap day; 29.02.1900 (individual number 001) is not.
        let digits = try #require(DigitBuffer(digitsOf: "29820050043"))
        let leap = try #require(NorwegianIdentityNumber.parse(digits))
        #expect(leap.year == 2000 && leap.month == 2 && leap.day == 29)
        #expect(!NorwegianIdentityNumber.validate("29820000100"))
        #expect(NorwegianIdentityNumber.validate("29820400184"))
    }

    @Test func acceptsDNumberDaySeventyOneButNotSeventyTwo() {
        #expect(NorwegianIdentityNumber.variant(of: "71818500011") == .syntheticDNumber)
        #expect(!NorwegianIdentityNumber.validate("72818500050"))
    }

    @Test func acceptsSyntheticMonthNinetyTwoButNotNinetyThree() {
        #expect(NorwegianIdentityNumber.variant(of: "31928500066") == .synthetic)
        #expect(!NorwegianIdentityNumber.validate("15938500050"))
    }

    @Test func acceptsHNumbersButNotDAndHTogetherNorOtherOffsets() {
        #expect(NorwegianIdentityNumber.variant(of: "15528500088") == .hNumber)
        #expect(!NorwegianIdentityNumber.validate("55458500184"))
        #expect(!NorwegianIdentityNumber.validate("15668500096"))
    }

    @Test func derivesTheCenturyFromTheIndividualNumber() throws {
        func year(_ number: String) throws -> Int? {
            NorwegianIdentityNumber.parse(try #require(DigitBuffer(digitsOf: number)))?.year
        }
        #expect(try year("01816050088") == 1860)
        #expect(try year("01811090189") == 2010)
        #expect(try year("01814590077") == 1945)
        #expect(try year("01814575019") == nil)
        #expect(NorwegianIdentityNumber.year(twoDigitYear: 99, individual: 499) == 1999)
        #expect(NorwegianIdentityNumber.year(twoDigitYear: 53, individual: 500) == nil)
        #expect(NorwegianIdentityNumber.year(twoDigitYear: 39, individual: 999) == 2039)
    }

    @Test func rejectsEveryNumberWhoseFirstCheckDigitWouldBeTen() {
        // The weighted sum of 018185006 leaves remainder 1, so no first check digit exists.
        for suffix in 0...99 {
            let number = "018185006" + (suffix < 10 ? "0" : "") + String(suffix)
            #expect(!NorwegianIdentityNumber.validate(number))
        }
    }

    @Test func mapsCheckValueElevenToZero() {
        #expect(NorwegianIdentityNumber.validate("01818500005"))
        #expect(NorwegianIdentityNumber.validate("01818501060"))
    }

    @Test(arguments: ["", "1381701566", "138170156670", "1381701566a", "13817O15667", "１3817015667"])
    func rejectsMalformedText(_ text: String) {
        #expect(!NorwegianIdentityNumber.validate(text))
    }
}
