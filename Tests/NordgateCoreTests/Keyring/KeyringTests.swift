import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

@Suite struct KeyringTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    func reopen(_ keyring: Keyring) throws -> Keyring {
        try Keyring.open(keyring.folder, passphrase: TestKeyrings.passphrase)
    }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func initCreatesOneActiveKeyOfEachKindInOwnerOnlyFiles() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        #expect(keyring.keys.count == 4)
        for kind in KeyKind.allCases {
            let key = try keyring.activeKey(kind: kind, domain: kind == .pseudonym ? "local" : nil)
            #expect(key.id.hasPrefix("NO-CA.\(kind.idComponent)."))
            #expect((key.publicKey != nil) == kind.hasPublicKey)
        }
        #expect(try mode(keyring.folder) == 0o700)
        #expect(try mode(keyring.path) == 0o600)
        #expect(try reopen(keyring).keys == keyring.keys)
    }

    @Test func initRefusesAnExistingKeyringAndABadAuthority() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        #expect(throws: KeyringError.alreadyExists(path: keyring.path)) {
            try Keyring.create(in: keyring.folder, authority: "NO-CA", passphrase: TestKeyrings.passphrase, cost: .minimum)
        }
        #expect(throws: KeyringError.invalidAuthority("XX-CA")) {
            try Keyring.create(in: folder.appending("x"), authority: "XX-CA", passphrase: TestKeyrings.passphrase, cost: .minimum)
        }
    }

    @Test(arguments: [KeyKind.encryption, .pseudonym, .vault])
    func rotationLeavesThePreviousKeyDecryptOnlyForTheGracePeriod(kind: KeyKind) throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let domain = kind == .pseudonym ? "local" : nil
        let old = try keyring.activeKey(kind: kind, domain: domain)
        let now = Date()
        let new = try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
            try $0.rotate(kind: kind, grace: 86_400, now: now)
        }
        let reopened = try reopen(keyring)
        #expect(try reopened.activeKey(kind: kind, domain: domain).id == new.id)
        let superseded = try reopened.key(id: old.id)
        #expect(superseded.state == .decryptOnly)
        #expect(superseded.effectiveState(at: now.addingTimeInterval(3_600)) == .decryptOnly)
        #expect(superseded.effectiveState(at: now.addingTimeInterval(86_401)) == .retired)
        #expect(reopened.generation == keyring.generation + 1)
        if kind == .pseudonym { #expect(new.epoch == 2 && old.epoch == 1) }
    }

    @Test func signingRotationRetiresAndEndorsesTheSuccessor() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let old = try keyring.activeKey(kind: .signing)
        let new = try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
            try $0.rotate(kind: .signing)
        }
        let reopened = try reopen(keyring)
        #expect(try reopened.key(id: old.id).state == .retired)
        #expect(new.endorsement?.by == old.id)
        let oldPair = try reopened.signingKeyPair(for: try reopened.key(id: old.id))
        #expect(oldPair.publicKey == (try Base64.decode(old.publicKey!)))
    }

    @Test func oldEncryptionKeyStillOpensAfterRotation() throws {
        let keyring = try TestKeyrings.make("DK-CA", in: folder)
        let old = try keyring.activeKey(kind: .encryption)
        let sealed = try SealedBox.seal(Array("content key".utf8), to: try Base64.decode(old.publicKey!))
        try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { _ = try $0.rotate(kind: .encryption) }
        let reopened = try reopen(keyring)
        let opened = try SealedBox.open(sealed, with: try reopened.boxKeyPair(for: try reopened.key(id: old.id)))
        #expect(opened.withUnsafeBytes { Array($0) } == Array("content key".utf8))
    }

    @Test func stagedKeyIsPendingUntilPromoted() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let current = try keyring.activeKey(kind: .encryption)
        let staged = try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
            try $0.rotate(kind: .encryption, stage: true)
        }
        #expect(staged.state == .pending)
        #expect(try reopen(keyring).activeKey(kind: .encryption).id == current.id)
        #expect(throws: KeyringError.self) {
            try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
                try $0.rotate(kind: .encryption, stage: true)
            }
        }
        try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { try $0.promote(id: staged.id) }
        let reopened = try reopen(keyring)
        #expect(try reopened.activeKey(kind: .encryption).id == staged.id)
        #expect(try reopened.key(id: current.id).state == .decryptOnly)
        #expect(throws: KeyringError.invalidTransition(keyID: current.id, from: .decryptOnly, action: "promote")) {
            try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { try $0.promote(id: current.id) }
        }
    }

    @Test func revocationKeepsItsReasonAndIsFinal() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let key = try keyring.activeKey(kind: .vault)
        try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
            try $0.revoke(id: key.id, reason: "disk stolen")
        }
        let revoked = try reopen(keyring).key(id: key.id)
        #expect(revoked.state == .revoked)
        #expect(revoked.revocation?.reason == "disk stolen")
        #expect(throws: KeyringError.invalidTransition(keyID: key.id, from: .revoked, action: "revoke")) {
            try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
                try $0.revoke(id: key.id, reason: "again")
            }
        }
        #expect(throws: KeyringError.unknownKey(id: "NO-CA.vault.nope")) {
            try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
                try $0.revoke(id: "NO-CA.vault.nope", reason: "x")
            }
        }
    }

    @Test func wrongPassphraseIsRefusedAndNothingChanges() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: keyring.path))
        let wrong = SecretBytes(copying: Array("not the passphrase".utf8))
        #expect(throws: KeyringError.wrongPassphrase) { try Keyring.open(keyring.folder, passphrase: wrong) }
        #expect(throws: KeyringError.wrongPassphrase) {
            try Keyring.modify(keyring.folder, passphrase: wrong) { try $0.rotate(kind: .signing) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyring.path)) == before)
    }

    @Test func loosePermissionsAreRefused() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        chmod(keyring.path, 0o644)
        #expect(throws: KeyringError.insecurePermissions(path: keyring.path, mode: 0o644, expected: 0o600)) {
            try Keyring.open(keyring.folder, passphrase: TestKeyrings.passphrase)
        }
        chmod(keyring.path, 0o600)
        chmod(keyring.folder, 0o755)
        #expect(throws: KeyringError.insecurePermissions(path: keyring.folder, mode: 0o755, expected: 0o700)) {
            try Keyring.open(keyring.folder, passphrase: TestKeyrings.passphrase)
        }
    }

    @Test func aFileChangedOutsideNordgateIsRefused() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let key = try keyring.activeKey(kind: .encryption)
        try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) {
            try $0.revoke(id: key.id, reason: "test")
        }
        var text = try String(contentsOfFile: keyring.path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"revoked\"", with: "\"active\"")
        try text.write(toFile: keyring.path, atomically: false, encoding: .utf8)
        #expect(throws: KeyringError.tampered(path: keyring.path)) {
            try Keyring.open(keyring.folder, passphrase: TestKeyrings.passphrase)
        }
    }

    @Test func aCrashBetweenWriteAndRenameLeavesTheOldKeyringReadable() throws {
        struct Crash: Error {}
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        #expect(throws: Crash.self) {
            try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase, beforeRename: { throw Crash() }) {
                try $0.rotate(kind: .signing)
            }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: keyring.folder).filter { $0.contains(".tmp-") }
        #expect(leftovers.count == 1)
        let reopened = try reopen(keyring)
        #expect(reopened.keys == keyring.keys)
        #expect(reopened.generation == keyring.generation)
        try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { _ = try $0.rotate(kind: .signing) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: keyring.folder).filter { $0.contains(".tmp-") }.isEmpty)
        #expect(try reopen(keyring).keys.count == 5)
    }

    @Test func secretsNeverAppearInTheFileOrInDescriptions() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let file = try String(contentsOfFile: keyring.path, encoding: .utf8)
        for key in keyring.keys {
            let secret = try keyring.secret(of: key).withUnsafeBytes { Array($0) }
            for encoded in [Hex.encode(secret), Base64.encode(secret), Base64.encodeURLSafeNoPadding(secret)] {
                #expect(!file.contains(encoded))
                #expect(!String(describing: keyring).contains(encoded))
                #expect(!String(reflecting: keyring).contains(encoded))
            }
        }
    }
}
