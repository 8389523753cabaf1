import Testing

@testable import NordgateCore

/// Scanner behaviour on identity numbers, e-mail addresses, phone numbers and decoys. All data is synthetic.
struct FreeTextScannerTests {
    let scanner = FreeTextScanner()

    /// The matched texts and kinds, in order.
    func found(_ text: String, scanner: FreeTextScanner? = nil) -> [(String, FreeTextScanner.Match.Kind)] {
        (scanner ?? self.scanner).matches(in: text).map { (String(text[$0.range]), $0.kind) }
    }

    func foundTexts(_ text: String) -> [String] { found(text).map(\.0) }

    @Test(arguments: [
        ("fnr 13817015667.", "13817015667", FreeTextScanner.Country.norway),
        ("fnr 138170 15667,", "138170 15667", .norway),
        ("CPR 090502-0688", "090502-0688", .denmark),
        ("CPR: 0905020688", "0905020688", .denmark),
        ("pnr 030522-7654", "030522-7654", .sweden),
        ("pnr 051127+1793", "051127+1793", .sweden),
        ("pnr 19030522-7654", "19030522-7654", .sweden),
        ("pnr 190305227654", "190305227654", .sweden),
        ("hetu 141110A992F", "141110A992F", .finland),
        ("hetu 190414+9004", "190414+9004", .finland),
        ("kt. 240807-7509", "240807-7509", .iceland),
        ("kt. 2408077509", "2408077509", .iceland),
    ])
    func findsValidIdentityNumbers(_ text: String, number: String, country: FreeTextScanner.Country) {
        let result = found(text)
        #expect(result.count == 1)
        #expect(result.first?.0 == number)
        #expect(result.first?.1 == .nationalID(country))
    }

    @Test(arguments: [
        "fnr 13817015660", "pnr 600313-6668", "hetu 100510-972A", "pnr 121212+1213", "CPR 320102-1234",
        "icelandic company 530798-2599", "fnr 13817015667a", "ID13817015667", "x-13817015667-y9",
    ])
    func leavesInvalidOrEmbeddedNumbersAlone(_ text: String) {
        #expect(foundTexts(text).isEmpty)
    }

    @Test(arguments: [
        "12.03.2024", "2024-03-12", "12/03/2024", "kl. 14:30", "kl 09.15", "12 500,00 kr", "NOK 1 250 000",
        "€ 1.234,50", "konto 1234.56.78903", "konto 1234 56 78903", "org.nr. 987 654 321 MVA", "orgnr 987654321",
        "sak 2024/12345", "ref 23/04567-12", "ISBN 978-82-123-4567-8", "kort 4929 1234 5678 9012",
        "SN-4455-6677", "varenr 12-34-56-78", "batch 0012345678", "postnr 0150 Oslo", "Y-tunnus 1234567-8",
        "år 2019 2020 2021", "dato 01 02 2024", "IBAN NO93 8601 1117 947", "CVR 31234567",
    ])
    func leavesDecoysAlone(_ text: String) {
        #expect(foundTexts(text).isEmpty, "\(text)")
    }

    @Test(arguments: [
        "+47 912 34 567", "+4791234567", "0047 912 34 567", "0047 91234567", "912 34 567", "91 23 45 67",
        "9123 4567", "41234567", "+46 70-174 06 05", "+46 (0)70-174 06 05", "+46 8 123 456 78",
        "070-174 06 05", "08-123 456 78", "070 174 06 05", "+45 12 34 56 78", "0045 31 23 45 67", "20 30 40 50",
        "+358 40 123 4567", "040 123 4567", "09 123 4567", "00358 40 123 4567", "+354 611 2345", "611 2345",
        "862-1234", "00354 699 1234", "+44 20 7946 0958", "+1 202 555 0143", "0044 20 7946 0958",
    ])
    func findsPhoneNumbers(_ phone: String) {
        let result = found("ring \(phone), takk")
        #expect(result.count == 1)
        #expect(result.first?.0 == phone)
        #expect(result.first?.1 == .phone)
    }

    @Test(arguments: [
        "+47 912 34 56", "+45 123 45 67", "+354 611 234", "1234 5678", "912 34 567 89", "ring 91234567 3 ganger",
        "0 40 123", "+0 12345678", "(+47)",
    ])
    func rejectsMalformedPhoneNumbers(_ text: String) {
        #expect(found(text).allSatisfy { $0.1 != .phone }, "\(text)")
    }

    @Test func reportsANumberThatFailsOneRuleButPassesALaterOneAsThatCountry() {
        // A kennitala with a wrong check digit still has a valid DDMMYY date, which is all a CPR number needs;
        // a personnummer with a wrong Luhn digit whose YYMMDD also reads as DDMMYY is likewise a CPR number.
        #expect(found("kt. 240807-7519").map(\.1) == [.nationalID(.denmark)])
        #expect(found("pnr 030522-7655").map(\.1) == [.nationalID(.denmark)])
        // A company kennitala that passes no other rule is not reported at all.
        #expect(found("530798-2599").isEmpty)
    }

    @Test func prefersTheStricterRuleWhenSeveralPass() {
        // 121212-1212 is a valid personnummer (Luhn) and a valid CPR date: Sweden is tried first.
        #expect(found("121212-1212").map(\.1) == [.nationalID(.sweden)])
        // 150309-2200 is a valid kennitala and a valid CPR date: Iceland is tried first.
        #expect(found("150309-2200").map(\.1) == [.nationalID(.iceland)])
    }

    @Test func phoneNumberMustBeAWholeRunOfGroups() {
        #expect(foundTexts("kort 4929 9123 4567 8901").isEmpty)
        #expect(foundTexts("ring 91234567 3 ganger").isEmpty)
        #expect(foundTexts("fnr 13817015667 23 år") == ["13817015667"])
    }

    @Test(arguments: [
        ("Skriv til kari.ostby@example.no.", "kari.ostby@example.no"),
        ("<post+sak@fosterhjem.example.no>", "post+sak@fosterhjem.example.no"),
        ("mailto:a.b-c_d@sub.example.co.uk;", "a.b-c_d@sub.example.co.uk"),
        ("e-post: guðrún@dæmi.is", "guðrún@dæmi.is"),
        ("(...first.last@example.org)", "first.last@example.org"),
    ])
    func findsEmailAddresses(_ text: String, email: String) {
        let result = found(text)
        #expect(result.count == 1)
        #expect(result.first?.0 == email)
        #expect(result.first?.1 == .email)
    }

    @Test(arguments: [
        "a@b", "user@localhost", "@example.no", "user@.no", "user@example.n0", "a..b@example.no",
        "user@-example.no", "user.@example.no", "kl. 12@30",
    ])
    func rejectsMalformedEmailAddresses(_ text: String) {
        #expect(found(text).allSatisfy { $0.1 != .email }, "\(text)")
    }

    @Test func rejectsAnOverlongDomainOrLocalPart() {
        #expect(found("kari@" + String(repeating: "a", count: 300) + ".no").isEmpty)
        #expect(found(String(repeating: "k", count: 65) + "@example.no").isEmpty)
        #expect(found(String(repeating: "k", count: 64) + "@example.no").map(\.1) == [.email])
    }

    @Test func reportsUTF8OffsetsAndStringIndicesForTheSameSpan() throws {
        let text = "Ærlig talt: fnr 13817015667 – ring +47 912 34 567."
        let matches = scanner.matches(in: text)
        try #require(matches.count == 2)
        let bytes = Array(text.utf8)
        for match in matches {
            let fromOffsets = String(decoding: bytes[match.utf8Range], as: UTF8.self)
            #expect(fromOffsets == String(text[match.range]))
        }
        #expect(matches[0].utf8Range == 17..<28)
    }

    @Test func respectsTheChosenDetectors() {
        let text = "fnr 13817015667, tlf 912 34 567, e-post kari@example.no"
        let onlyPhones = FreeTextScanner(detectors: .phones)
        #expect(found(text, scanner: onlyPhones).map(\.1) == [.phone])
        let onlyIDs = FreeTextScanner(detectors: .nationalIDs)
        #expect(found(text, scanner: onlyIDs).map(\.1) == [.nationalID(.norway)])
        let onlyEmails = FreeTextScanner(detectors: .emails)
        #expect(found(text, scanner: onlyEmails).map(\.1) == [.email])
        #expect(found(text, scanner: FreeTextScanner(detectors: [])).isEmpty)
    }

    @Test func redactRebuildsTheTextAroundEveryMatch() {
        let text = "Fnr 13817015667 og tlf +47 912 34 567; e-post kari@example.no. Slutt."
        let redacted = scanner.redact(text) { match in
            switch match.kind {
            case .nationalID(let country): "<id:\(country.rawValue)>"
            case .email: "<email>"
            case .phone: "<phone>"
            case .term(let index): "<term:\(index)>"
            }
        }
        #expect(redacted == "Fnr <id:NO> og tlf <phone>; e-post <email>. Slutt.")
    }

    @Test func redactReturnsTextWithoutMatchesUnchanged() {
        let text = "Ingen identifikatorer her, bare 12.03.2024 og 12 500 kr."
        #expect(scanner.redact(text) { _ in "X" } == text)
        #expect(scanner.redact("") { _ in "X" } == "")
    }

    @Test func scansTextAtBothEnds() {
        #expect(foundTexts("13817015667") == ["13817015667"])
        #expect(foundTexts("+47 912 34 567") == ["+47 912 34 567"])
        #expect(foundTexts("kari@example.no") == ["kari@example.no"])
    }
}
