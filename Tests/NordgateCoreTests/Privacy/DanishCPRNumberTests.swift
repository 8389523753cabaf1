import Testing

@testable import NordgateCore

/// Synthetic CPR numbers with early-1900s dates; the rule has no check digit, so any valid date passes.
struct DanishCPRNumberTests {
    @Test(arguments: ["090502-0688", "240500-2606", "0104013940", "041102-3862"])
    func acceptsValidNumbersWithOrWithoutHyphen(_ number: String) {
        #expect(DanishCPRNumber.validate(number))
    }

    @Test func doesNotRequireModulusEleven() {
        // 010101-0002: weighted sum 4·0+3·1+2·0+7·1+6·0+5·1+4·0+3·0+2·0+1·2 = 17, not a multiple of 11.
        #expect(DanishCPRNumber.validate("010101-0002"))
    }

    @Test(arguments: ["320102-1234", "001002-1234", "011302-1234", "310402-1234", "000000-0000"])
    func rejectsImpossibleDates(_ number: String) {
        #expect(!DanishCPRNumber.validate(number))
    }

    @Test func appliesTheCenturyTable() {
        #expect(DanishCPRNumber.century(seventhDigit: 0, twoDigitYear: 10) == 1900)
        #expect(DanishCPRNumber.century(seventhDigit: 3, twoDigitYear: 99) == 1900)
        #expect(DanishCPRNumber.century(seventhDigit: 4, twoDigitYear: 36) == 2000)
        #expect(DanishCPRNumber.century(seventhDigit: 4, twoDigitYear: 37) == 1900)
        #expect(DanishCPRNumber.century(seventhDigit: 9, twoDigitYear: 0) == 2000)
        #expect(DanishCPRNumber.century(seventhDigit: 9, twoDigitYear: 99) == 1900)
        #expect(DanishCPRNumber.century(seventhDigit: 5, twoDigitYear: 57) == 2000)
        #expect(DanishCPRNumber.century(seventhDigit: 8, twoDigitYear: 58) == 1800)
    }

    @Test func checksTwentyNinthOfFebruaryInTheTableCentury() {
        #expect(DanishCPRNumber.validate("290200-4000"))  // 2000, leap
        #expect(!DanishCPRNumber.validate("290200-3000"))  // 1900, not leap
        #expect(DanishCPRNumber.validate("290260-5000"))  // 1860, leap
        #expect(!DanishCPRNumber.validate("290258-5000"))  // 1858, not leap
        #expect(!DanishCPRNumber.validate("290237-4000"))  // 1937, not leap
    }

    @Test(arguments: ["090502+0688", "0905020688 ", "090502-068", "09050-20688", "090502 0688"])
    func rejectsOtherLayouts(_ text: String) {
        #expect(!DanishCPRNumber.validate(text))
    }
}
