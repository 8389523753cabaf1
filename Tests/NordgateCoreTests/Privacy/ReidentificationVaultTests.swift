import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// The re-identification vault and the audited re-identification.
struct ReidentificationVaultTests {
    let folder: TemporaryFolder
    let keyring: Keyring
    let storage = InMemoryVaultStorage()
    let audit = InMemoryAuditSink()
    let pseudonym: String

    init() throws {
        folder = try TemporaryFolder()
        keyring = try TestKeyrings.make("NO-CA", in: folder)
        pseudonym = PrivacyTestSupport.key().pseudonym(of: "Kari Østby", category: .personName)
        try ReidentificationVault(storage: storage).store([pseudonym: "Kari Østby"], keyring: keyring)
    }

    @Test func anEntryIsEncryptedWithThePseudonymAsAssociatedData() throws {
        let entry = try #require(try storage.vaultEntry(for: pseudonym))
        #expect(entry.keyID == (try keyring.activeKey(kind: .vault)).id)
        #expect(!String(decoding: entry.ciphertext, as: UTF8.self).contains("Kari"))
        let vaultKey = try keyring.secret(of: try keyring.activeKey(kind: .vault))
        let plain = try AEAD.open(entry.ciphertext, key: vaultKey, nonce: entry.nonce, associatedData: Array(pseudonym.utf8))
        #expect(String(decoding: plain, as: UTF8.self) == "Kari Østby")
        // Moved to another pseudonym, the entry no longer opens.
        let other = PrivacyTestSupport.key().pseudonym(of: "Ola Nordmann", category: .personName)
        var moved = entry
        moved.pseudonym = other
        storage.replace(moved)
        #expect(throws: VaultError.cannotOpen(pseudonym: other)) {
            try ReidentificationVault(storage: storage).original(of: other, keyring: keyring)
        }
    }

    @Test func storingAgainKeepsTheFirstEntry() throws {
        let first = try #require(try storage.vaultEntry(for: pseudonym))
        try ReidentificationVault(storage: storage).store([pseudonym: "KARI ØSTBY"], keyring: keyring)
        #expect(try storage.vaultEntry(for: pseudonym) == first)
        #expect(storage.count == 1)
    }

    @Test func reidentificationIsAuditedWithoutTheOriginal() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let original = try Reidentification.resolve(
            pseudonym, reason: "assistance request DK-CA 2026/77", operatorName: "kari.operator", keyring: keyring,
            vault: ReidentificationVault(storage: storage), audit: audit, now: now)
        #expect(original == "Kari Østby")
        let event = try #require(audit.events.first)
        #expect(audit.events.count == 1)
        #expect(event.kind == "reidentify")
        #expect(event.actor == "kari.operator")
        #expect(event.subject == pseudonym)
        #expect(event.details["reason"] == "assistance request DK-CA 2026/77")
        #expect(event.time == now)
        let text = String(describing: event)
        #expect(!text.contains("Kari Østby") && !text.contains("Østby"))
    }

    @Test func aWrongPassphraseNeverReachesTheVault() throws {
        #expect(throws: KeyringError.wrongPassphrase) {
            try Keyring.open(keyring.folder, passphrase: SecretBytes(copying: Array("wrong".utf8)))
        }
        try Reidentification.recordRefusal(
            pseudonym, reason: "r", operatorName: "op", cause: "wrong passphrase", audit: audit)
        #expect(audit.events.map(\.kind) == ["reidentify.refused"])
        #expect(audit.events.first?.details["cause"] == "wrong passphrase")
    }

    @Test func anUnknownPseudonymIsRefusedAndTheRefusalAudited() throws {
        let unknown = PrivacyTestSupport.key().pseudonym(of: "Nobody", category: .personName)
        #expect(throws: VaultError.unknownPseudonym(unknown)) {
            try Reidentification.resolve(
                unknown, reason: "check", operatorName: "op", keyring: keyring,
                vault: ReidentificationVault(storage: storage), audit: audit)
        }
        #expect(audit.events.map(\.kind) == ["reidentify.refused"])
        #expect(audit.events.first?.details["cause"] == "unknown pseudonym")
    }

    @Test func aReasonIsRequired() throws {
        #expect(throws: VaultError.missingReason) {
            try Reidentification.resolve(
                pseudonym, reason: "  ", operatorName: "op", keyring: keyring,
                vault: ReidentificationVault(storage: storage), audit: audit)
        }
        #expect(audit.events.isEmpty)
    }

    @Test func anotherKeyringCannotOpenTheVault() throws {
        let stranger = try TestKeyrings.make("SE-CA", in: folder)
        #expect(throws: VaultError.cannotOpen(pseudonym: pseudonym)) {
            try ReidentificationVault(storage: storage).original(of: pseudonym, keyring: stranger)
        }
    }
}
