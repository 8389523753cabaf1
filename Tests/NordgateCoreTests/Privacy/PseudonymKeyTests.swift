import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Keyed pseudonyms: form, normalisation, domains and epochs.
struct PseudonymKeyTests {
    typealias Support = PrivacyTestSupport

    @Test func aPseudonymCarriesItsEpochAnd32Base32Characters() {
        let text = Support.key(epoch: 3).pseudonym(of: "Kari Østby", category: .personName)
        #expect(text.hasPrefix("psn:v1:3:"))
        let code = text.dropFirst("psn:v1:3:".count)
        #expect(code.count == 32)
        #expect(code.allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) })
        #expect(Pseudonym.epoch(of: text) == 3)
        #expect(Pseudonym.isPseudonym(text))
    }

    @Test(arguments: ["Kari Østby", "psn:v1::abc", "psn:v1:1:ABC", "psn:v2:1:abc", "psn:v1:x:abc", "psn:v1:1:"])
    func textsThatAreNotPseudonymsAreRecognised(text: String) {
        #expect(!Pseudonym.isPseudonym(text))
    }

    @Test func thePseudonymIsAKeyedBlake2bOverTheLengthPrefixedCategoryAndValue() throws {
        let secret = [UInt8](repeating: 7, count: 32)
        let message = [0, 0, 0, 11] + Array("person-name".utf8) + [0, 0, 0, 4] + Array("kari".utf8)
        let digest = try GenericHash.keyedHash(message, key: SecretBytes(copying: secret), outputLength: 32)
        let expected = "psn:v1:1:" + Self.base32(Array(digest.prefix(20)))
        #expect(Support.key().pseudonym(of: "KARI", category: .personName) == expected)
    }

    @Test(arguments: [
        (PseudonymCategory.personName, "  Kari\u{00A0} ØSTBY\n", "kari østby"),
        (.personName, "STRASSE", "strasse"), (.personName, "Straße", "strasse"), (.personName, " KARI \t OSTBY\n", "kari ostby"),
        (.personName, "ﬁnn", "finn"), (.address, "Prøvevej   10", "prøvevej 10"),
        (.email, " Kari.Ostby@Example.ORG ", "kari.ostby@example.org"),
        (.caseRef, " no-ca  2024/0117 ", "NO-CA 2024/0117"),
        (.nationalID, "138170 15667", "13817015667"), (.nationalID, "131052-308t", "131052308T"),
        (.nationalID, "131052Y308T", "131052308T"), (.nationalID, "010594B9038", "010594A9038"),
        (.nationalID, "010594A9038", "010594A9038"), (.nationalID, "121212+1212", "121212+1212"),
        (.nationalID, "121212-1212", "1212121212"), (.nationalID, "19121212-1212", "191212121212"),
        (.phone, "+46 (0)70-174 06 05", "+46701740605"), (.phone, "0046 70 174 06 05", "+46701740605"),
        (.phone, "070-174 06 05", "+46701740605"), (.phone, "+47 912 34 567", "+4791234567"),
    ])
    func valuesAreNormalisedPerCategory(category: PseudonymCategory, value: String, normalised: String) {
        let callingCode = value.hasPrefix("070") ? "46" : "47"
        #expect(PseudonymNormalisation.normalise(value, category: category, callingCode: callingCode) == normalised)
    }

    @Test func aNorwegianNationalPhoneNumberGetsTheSendersCallingCode() {
        #expect(PseudonymNormalisation.normalise("912 34 567", category: .phone, callingCode: "47") == "+4791234567")
        #expect(PseudonymNormalisation.callingCode(forAuthority: "FI-POL") == "358")
        #expect(PseudonymNormalisation.callingCode(forAuthority: "XX") == nil)
    }

    @Test func theSameValueInTwoCategoriesGivesTwoPseudonyms() {
        let key = Support.key()
        #expect(key.pseudonym(of: "TST000001", category: .other) != key.pseudonym(of: "TST000001", category: .caseRef))
    }

    @Test func receiverDomainsAreSeparatedAndDerivedFromTheLocalKey() throws {
        let folder = try TemporaryFolder()
        let keyring = try TestKeyrings.make("NO-POL", in: folder)
        let denmark = try PseudonymKey.active(in: keyring, for: .receiver("DK-POL", purpose: "p"))
        let sweden = try PseudonymKey.active(in: keyring, for: .receiver("SE-POL", purpose: "p"))
        let otherPurpose = try PseudonymKey.active(in: keyring, for: .receiver("DK-POL", purpose: "q"))
        let again = try PseudonymKey.active(in: keyring, for: .receiver("DK-POL", purpose: "p"))
        let value = "Kari Østby"
        let made = [denmark, sweden, otherPurpose].map { $0.pseudonym(of: value, category: .personName) }
        #expect(Set(made).count == 3)
        #expect(again.pseudonym(of: value, category: .personName) == made[0])
        // Not the local key used directly.
        let local = try keyring.activeKey(kind: .pseudonym, domain: "local")
        let direct = PseudonymKey(secret: try keyring.secret(of: local), epoch: 1, domain: .shared("local"))
        #expect(!made.contains(direct.pseudonym(of: value, category: .personName)))
    }

    @Test func rotatingTheKeyChangesEpochAndPseudonymsAndOldOnesStillResolve() throws {
        let folder = try TemporaryFolder()
        var keyring = try TestKeyrings.make("NO-POL", in: folder)
        let vault = ReidentificationVault(storage: InMemoryVaultStorage())
        let domain = PseudonymDomain.receiver("DK-POL", purpose: "p")
        let before = try PseudonymKey.active(in: keyring, for: domain).pseudonym(of: "Kari Østby", category: .personName)
        try vault.store([before: "Kari Østby"], keyring: keyring)
        keyring = try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { ring in
            try ring.rotate(kind: .pseudonym)
            try ring.rotate(kind: .vault)
            return ring
        }
        let after = try PseudonymKey.active(in: keyring, for: domain).pseudonym(of: "Kari Østby", category: .personName)
        try vault.store([after: "Kari Østby"], keyring: keyring)
        #expect(before.hasPrefix("psn:v1:1:"))
        #expect(after.hasPrefix("psn:v1:2:"))
        #expect(before.dropFirst(9) != after.dropFirst(9))
        #expect(try vault.original(of: before, keyring: keyring) == "Kari Østby")
        #expect(try vault.original(of: after, keyring: keyring) == "Kari Østby")
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var bits = bytes.flatMap { byte in (0..<8).reversed().map { (byte >> $0) & 1 } }
        while bits.count % 5 != 0 { bits.append(0) }
        return String(stride(from: 0, to: bits.count, by: 5).map { start in
            alphabet[Int(bits[start..<start + 5].reduce(0) { $0 * 2 + $1 })]
        })
    }
}
