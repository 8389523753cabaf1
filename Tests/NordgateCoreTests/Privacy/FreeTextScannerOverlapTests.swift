import Testing

@testable import NordgateCore

/// How overlapping candidates resolve: longest first, then earliest, then term over identity number over e-mail
/// over phone number.
struct FreeTextScannerOverlapTests {
    func found(_ text: String, terms: [String] = []) -> [(String, FreeTextScanner.Match.Kind)] {
        FreeTextScanner(terms: terms).matches(in: text).map { (String(text[$0.range]), $0.kind) }
    }

    @Test func anEmailAddressWinsOverANumberOrTermInside() {
        let result = found("skriv til 13817015667@example.no eller kari.ostby@example.no", terms: ["Kari"])
        #expect(result.map(\.1) == [.email, .email])
    }

    @Test func aLongerTermWinsOverAShorterOneAtTheSameStart() {
        #expect(found("Kari Østby kom", terms: ["Kari", "Kari Østby"]).map(\.1) == [.term(1)])
    }

    @Test func theLongestWinsWhenCandidatesOverlapPartly() {
        // "Anne Marie" (10 bytes) overlaps "Marie Hansen" (12 bytes): the longer one is kept.
        #expect(found("Anne Marie Hansen", terms: ["Anne Marie", "Marie Hansen"]).map(\.0) == ["Marie Hansen"])
    }

    @Test func theEarliestWinsBetweenEquallyLongOverlaps() {
        #expect(found("Ola Per Ola", terms: ["Ola Per", "Per Ola"]).map(\.0) == ["Ola Per"])
    }

    @Test func aTermWinsOverAnIdentifierCoveringTheSameText() {
        #expect(found("ring 912 34 567", terms: ["912 34 567"]).map(\.1) == [.term(0)])
        #expect(found("fnr 13817015667", terms: ["13817015667"]).map(\.1) == [.term(0)])
    }

    @Test func anIdentityNumberWinsOverAPhoneNumberCoveringTheSameText() {
        // 0701740605 is a valid CPR date (07.01.74) and a Swedish mobile written without separators.
        #expect(found("0701740605").map(\.1) == [.nationalID(.denmark)])
    }

    @Test func matchesNeverOverlapAndAreInTextOrder() {
        let text = "Per Hansen (13817015667, per.hansen@example.no, +47 912 34 567) og Hansen."
        let matches = FreeTextScanner(terms: ["Per Hansen", "Hansen", "Per"]).matches(in: text)
        #expect(matches.count == 5)
        for (first, second) in zip(matches, matches.dropFirst()) {
            #expect(first.utf8Range.upperBound <= second.utf8Range.lowerBound)
        }
    }
}
