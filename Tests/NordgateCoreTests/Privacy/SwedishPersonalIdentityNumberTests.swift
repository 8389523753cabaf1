import Testing

@testable import NordgateCore

/// Synthetic personnummer with early-1900s dates.
struct SwedishPersonalIdentityNumberTests {
    @Test(arguments: ["030522-7654", "0305227654", "051127+1793", "190305227654", "19030522-7654", "121212-1212"])
    func acceptsEveryLayout(_ number: String) {
        #expect(SwedishPersonalIdentityNumber.variant(of: number) == .personnummer)
    }

    @Test(arguments: ["070265+7933", "19081086-6020", "121291-1232"])
    func acceptsSamordningsnummer(_ number: String) {
        #expect(SwedishPersonalIdentityNumber.variant(of: number) == .samordningsnummer)
    }

    @Test(arguments: ["030522-7655", "051127+1794", "190305227655", "121212-1213"])
    func rejectsAFailedLuhnCheck(_ number: String) {
        #expect(!SwedishPersonalIdentityNumber.validate(number))
    }

    @Test func acceptsTwentyNinthOfFebruaryAsTheSeparatorImplies() {
        #expect(SwedishPersonalIdentityNumber.validate("000229-1235"))  // 2000
        #expect(!SwedishPersonalIdentityNumber.validate("000229+1235"))  // 1900
        #expect(SwedishPersonalIdentityNumber.validate("200002291235"))
        #expect(!SwedishPersonalIdentityNumber.validate("190002291235"))
        #expect(SwedishPersonalIdentityNumber.validate("040229+1231"))
        #expect(!SwedishPersonalIdentityNumber.validate("050229-1230"))
    }

    @Test func rejectsDaysBeyondTheMonthEvenForSamordningsnummer() {
        #expect(!SwedishPersonalIdentityNumber.validate("121292-1231"))
        #expect(!SwedishPersonalIdentityNumber.validate("121232-1234"))
    }

    @Test(arguments: ["19030522+7654", "030522 7654", "0305-227654", "03052276", "1903052276540"])
    func rejectsOtherLayouts(_ text: String) {
        #expect(!SwedishPersonalIdentityNumber.validate(text))
    }
}
