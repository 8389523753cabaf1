import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

@Suite struct PeerDirectoryTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    func importing(_ bytes: [UInt8], into keyring: Keyring, trustNew: Bool = false) throws -> PeerDirectory.ImportOutcome {
        try PeerDirectory.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { directory, ring in
            try directory.importDescriptor(bytes, trustNew: trustNew, ownAuthority: ring.authority)
        }
    }

    func descriptor(of keyring: Keyring) throws -> [UInt8] {
        try PublicDescriptor.make(from: try Keyring.open(keyring.folder, passphrase: TestKeyrings.passphrase))
    }

    func peers(of keyring: Keyring) throws -> PeerDirectory {
        try PeerDirectory.load(for: try Keyring.open(keyring.folder, passphrase: TestKeyrings.passphrase))
    }

    @Test func aFirstImportNeedsExplicitTrust() throws {
        let norway = try TestKeyrings.make("NO-CA", in: folder)
        let denmark = try TestKeyrings.make("DK-CA", in: folder)
        let bytes = try descriptor(of: denmark)
        let fingerprint = KeyFingerprint.of(publicKey: try Base64.decode(try denmark.activeKey(kind: .signing).publicKey!))
        #expect(throws: KeyringError.newPeerNeedsTrust(authority: "DK-CA", fingerprint: fingerprint)) {
            try importing(bytes, into: norway)
        }
        #expect(try peers(of: norway).peers.isEmpty)
        #expect(try importing(bytes, into: norway, trustNew: true) == .added(authority: "DK-CA", fingerprint: fingerprint))
        #expect(try importing(bytes, into: norway) == .unchanged(authority: "DK-CA"))
        #expect(try peers(of: norway).peer("DK-CA").descriptor.activeEncryptionKey?.id
            == (try denmark.activeKey(kind: .encryption).id))
    }

    @Test func updatesAfterTwoSigningRotationsFollowTheChain() throws {
        let norway = try TestKeyrings.make("NO-CA", in: folder)
        let denmark = try TestKeyrings.make("DK-CA", in: folder)
        _ = try importing(try descriptor(of: denmark), into: norway, trustNew: true)
        for _ in 0..<2 {
            try Keyring.modify(denmark.folder, passphrase: TestKeyrings.passphrase) { _ = try $0.rotate(kind: .signing) }
        }
        let newEncryption = try Keyring.modify(denmark.folder, passphrase: TestKeyrings.passphrase) {
            try $0.rotate(kind: .encryption)
        }
        let outcome = try importing(try descriptor(of: denmark), into: norway)
        #expect(outcome == .updated(authority: "DK-CA", fromGeneration: 1, toGeneration: 4))
        #expect(try peers(of: norway).peer("DK-CA").descriptor.activeEncryptionKey?.id == newEncryption.id)
    }

    @Test func aDescriptorSignedByAnUnknownKeyIsRefused() throws {
        let norway = try TestKeyrings.make("NO-CA", in: folder)
        let denmark = try TestKeyrings.make("DK-CA", in: folder)
        _ = try importing(try descriptor(of: denmark), into: norway, trustNew: true)
        let impostorFolder = try TemporaryFolder()
        let impostor = try TestKeyrings.make("DK-CA", in: impostorFolder)
        for _ in 0..<3 {
            try Keyring.modify(impostor.folder, passphrase: TestKeyrings.passphrase) { _ = try $0.rotate(kind: .vault) }
        }
        let before = try peers(of: norway).peers
        #expect {
            try importing(try descriptor(of: impostor), into: norway)
        } throws: { error in
            guard case KeyringError.untrustedDescriptor(authority: "DK-CA", _) = error else { return false }
            return true
        }
        #expect(try peers(of: norway).peers == before)
    }

    @Test func aStaleDescriptorIsRefused() throws {
        let norway = try TestKeyrings.make("NO-CA", in: folder)
        let denmark = try TestKeyrings.make("DK-CA", in: folder)
        let old = try descriptor(of: denmark)
        try Keyring.modify(denmark.folder, passphrase: TestKeyrings.passphrase) { _ = try $0.rotate(kind: .encryption) }
        _ = try importing(try descriptor(of: denmark), into: norway, trustNew: true)
        #expect(throws: KeyringError.staleDescriptor(authority: "DK-CA", held: 2, offered: 1)) {
            try importing(old, into: norway)
        }
    }

    @Test func aTamperedDescriptorIsRefused() throws {
        let norway = try TestKeyrings.make("NO-CA", in: folder)
        let denmark = try TestKeyrings.make("DK-CA", in: folder)
        var text = String(decoding: try descriptor(of: denmark), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"generation\" : 1", with: "\"generation\" : 7")
        #expect(throws: KeyringError.self) { try importing(Array(text.utf8), into: norway, trustNew: true) }
        #expect(throws: KeyringError.ownAuthority("NO-CA")) {
            try importing(try descriptor(of: norway), into: norway, trustNew: true)
        }
        #expect(throws: KeyringError.self) { try importing(Array("{\"format\": 1".utf8), into: norway, trustNew: true) }
    }

    @Test func removingAPeerForgetsIt() throws {
        let norway = try TestKeyrings.make("NO-CA", in: folder)
        let denmark = try TestKeyrings.make("DK-CA", in: folder)
        _ = try importing(try descriptor(of: denmark), into: norway, trustNew: true)
        try PeerDirectory.modify(norway.folder, passphrase: TestKeyrings.passphrase) { directory, _ in
            try directory.remove("DK-CA")
        }
        #expect(try peers(of: norway).peers.isEmpty)
        #expect(throws: KeyringError.unknownPeer("DK-CA")) {
            try PeerDirectory.modify(norway.folder, passphrase: TestKeyrings.passphrase) { directory, _ in
                try directory.remove("DK-CA")
            }
        }
    }
}
