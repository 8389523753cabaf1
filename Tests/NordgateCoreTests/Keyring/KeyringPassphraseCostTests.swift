import Foundation
@testable import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Guessing a keyring's passphrase costs one full Argon2id run at the cost stored in the file, per
/// guess: the file holds no cheaper check, the salt is random per keyring, and changing the stored
/// cost makes even the right passphrase fail. Asserted on the parameters, never on timing.
@Suite struct KeyringPassphraseCostTests {
    let folder: TemporaryFolder
    static let cost = PasswordHash.Cost.interactive

    init() throws { folder = try TemporaryFolder(prefix: "nordgate-kdf") }

    func make(_ authority: String, cost: PasswordHash.Cost = Self.cost) throws -> Keyring {
        try Keyring.create(
            in: folder.appending(authority), authority: authority, passphrase: TestKeyrings.passphrase, cost: cost)
    }

    func document(_ keyring: Keyring) throws -> KeyringDocument {
        let data = try Data(contentsOf: URL(fileURLWithPath: Keyring.path(in: keyring.folder)))
        return try KeyringJSON.decoder().decode(KeyringDocument.self, from: data)
    }

    @Test func operatorKeyringsDefaultToLibsodiumsModerateArgon2idCost() {
        // crypto_pwhash_argon2id_OPSLIMIT_MODERATE and _MEMLIMIT_MODERATE; the CLI's --kdf-cost default.
        #expect(PasswordHash.Cost.moderate.opsLimit == 3)
        #expect(PasswordHash.Cost.moderate.memLimit == 256 << 20)
        #expect(PasswordHash.Cost.interactive.opsLimit == 2)
        #expect(PasswordHash.Cost.interactive.memLimit == 64 << 20)
    }

    @Test func theFileRecordsTheConfiguredArgon2idCostAndAFreshSalt() throws {
        let first = try document(try make("NO-CA"))
        let second = try document(try make("DK-CA"))
        for document in [first, second] {
            #expect(document.kdf.algorithm == KDFParameters.argon2id)
            #expect(document.kdf.opsLimit == Self.cost.opsLimit)
            #expect(document.kdf.memLimit == Self.cost.memLimit)
            #expect(try Base64.decode(document.kdf.salt).count == PasswordHash.saltLength)
        }
        // A different salt per keyring: no table computed once serves two keyrings.
        #expect(first.kdf.salt != second.kdf.salt)
    }

    @Test func aWrongPassphraseIsRefused() throws {
        let keyring = try make("NO-CA")
        #expect(throws: KeyringError.wrongPassphrase) {
            try Keyring.open(keyring.folder, passphrase: SecretBytes(copying: Array("not the passphrase".utf8)))
        }
    }

    @Test func theCheckValueNeedsArgon2idAtTheStoredCost() throws {
        let stored = try document(try make("NO-CA"))
        let right = try KeyringSecrets(passphrase: TestKeyrings.passphrase, parameters: stored.kdf).check()
        #expect(right == stored.check)
        // Any cheaper run of Argon2id gives another value, so a guess cannot be checked with less work.
        var fewerPasses = stored.kdf
        fewerPasses.opsLimit -= 1
        var lessMemory = stored.kdf
        lessMemory.memLimit /= 2
        for cheaper in [fewerPasses, lessMemory] {
            #expect(try KeyringSecrets(passphrase: TestKeyrings.passphrase, parameters: cheaper).check() != stored.check)
        }
        // And nothing in the file is a plain hash of the passphrase.
        let file = try Data(contentsOf: URL(fileURLWithPath: Keyring.path(in: folder.appending("NO-CA"))))
        let plainHash = Base64.encode(GenericHash.hash(Array(TestKeyrings.passphraseText.utf8)))
        #expect(!String(decoding: file, as: UTF8.self).contains(plainHash))
    }

    @Test func loweringTheStoredCostMakesEvenTheRightPassphraseFail() throws {
        let keyring = try make("NO-CA")
        let path = Keyring.path(in: keyring.folder)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let cheaper = text.replacingOccurrences(
            of: "\"opsLimit\" : \(Self.cost.opsLimit)", with: "\"opsLimit\" : \(PasswordHash.Cost.minimum.opsLimit)")
        #expect(cheaper != text)
        try cheaper.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: KeyringError.self) { try Keyring.open(keyring.folder, passphrase: TestKeyrings.passphrase) }
    }
}
