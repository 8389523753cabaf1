import Testing

@testable import NordgateCore

/// Synthetic kennitölur.
struct IcelandicKennitalaTests {
    @Test(arguments: ["240807-7509", "1503092200", "0101012040", "0101993018"])
    func acceptsPersonalNumbers(_ number: String) {
        #expect(IcelandicKennitala.validate(number))
        #expect(IcelandicKennitala.isPersonal(number))
    }

    @Test(arguments: ["530798-2599", "4709849029", "4101993009"])
    func acceptsCompanyNumbersAsValidButNotPersonal(_ number: String) {
        #expect(IcelandicKennitala.validate(number))
        #expect(!IcelandicKennitala.isPersonal(number))
    }

    @Test func readsTheCenturyDigit() throws {
        func year(_ number: String) throws -> Int? {
            IcelandicKennitala.parse(try #require(DigitBuffer(digitsOf: number)))?.year
        }
        #expect(try year("0101993018") == 1899)
        #expect(try year("2408077509") == 1907)
        #expect(try year("0101012040") == 2001)
        #expect(!IcelandicKennitala.validate("0101012041"))  // century digit 1 does not exist
    }

    @Test func acceptsTwentyNinthOfFebruaryOnlyInLeapYears() {
        #expect(IcelandicKennitala.validate("2902002020"))  // 2000
        #expect(!IcelandicKennitala.validate("2902002109"))  // 1900
    }

    @Test func rejectsWrongAndImpossibleCheckDigits() {
        #expect(!IcelandicKennitala.validate("240807-7519"))
        for check in 0...9 {
            // The weighted sum of 01010128 leaves remainder 1: no check digit can make it valid.
            #expect(!IcelandicKennitala.validate("01010128\(check)0"))
        }
        #expect(IcelandicKennitala.validate("0101012200"))  // remainder 0: check digit 0
    }

    @Test(arguments: ["240807+7509", "240807 7509", "24080775", "240807-75090"])
    func rejectsOtherLayouts(_ text: String) {
        #expect(!IcelandicKennitala.validate(text))
    }
}
