import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Shared linkage domains: the coordinator's sealed, signed package and its import.
struct SharedDomainPackageTests {
    let folder: TemporaryFolder
    let coordinator: Keyring
    let member: Keyring
    let outsider: Keyring

    init() throws {
        folder = try TemporaryFolder()
        var coordinator = try TestKeyrings.make("NO-POL", in: folder)
        coordinator = try Keyring.modify(coordinator.folder, passphrase: TestKeyrings.passphrase) { ring in
            try ring.rotate(kind: .pseudonym, domain: "nordic-police")
            return ring
        }
        self.coordinator = coordinator
        member = try TestKeyrings.make("DK-POL", in: folder)
        outsider = try TestKeyrings.make("SE-POL", in: folder)
        try Self.introduce(member, to: coordinator)
        try Self.introduce(outsider, to: coordinator)
        try Self.introduce(coordinator, to: member)
    }

    static func introduce(_ peer: Keyring, to keyring: Keyring) throws {
        let descriptor = try PublicDescriptor.make(from: peer)
        _ = try PeerDirectory.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { directory, ring in
            try directory.importDescriptor(descriptor, trustNew: true, ownAuthority: ring.authority)
        }
    }

    func package(to recipients: [String] = ["DK-POL"]) throws -> SharedDomainPackage {
        try SharedDomainPackage.make(
            domain: "nordic-police", recipients: recipients, keyring: coordinator,
            peers: try PeerDirectory.load(for: coordinator))
    }

    func importing(_ package: SharedDomainPackage, into keyring: Keyring) throws -> SharedDomainPackage.ImportOutcome {
        try Keyring.modify(keyring.folder, passphrase: TestKeyrings.passphrase) { ring in
            let secret = try package.open(domain: "nordic-police", keyring: ring, peers: try PeerDirectory.load(for: ring))
            return try package.install(secret, into: &ring)
        }
    }

    @Test func sharedDomainPseudonymsAreEqualAcrossTwoKeyrings() throws {
        let bytes = try package().encoded()
        #expect(try importing(try SharedDomainPackage(bytes: bytes), into: member) == .added(epoch: 1))
        let memberRing = try Keyring.open(member.folder, passphrase: TestKeyrings.passphrase)
        let shared = PseudonymDomain.shared("nordic-police")
        let here = try PseudonymKey.active(in: coordinator, for: shared)
        let there = try PseudonymKey.active(in: memberRing, for: shared)
        for (value, category) in [("Kari Østby", PseudonymCategory.personName), ("+46701740611", .phone)] {
            #expect(here.pseudonym(of: value, category: category) == there.pseudonym(of: value, category: category))
        }
        // Their own receiver domains still differ.
        let receiver = PseudonymDomain.receiver("FI-POL", purpose: "p")
        #expect(
            try PseudonymKey.active(in: coordinator, for: receiver).pseudonym(of: "Kari Østby", category: .personName)
                != PseudonymKey.active(in: memberRing, for: receiver).pseudonym(of: "Kari Østby", category: .personName))
        #expect(!String(decoding: bytes, as: UTF8.self).contains(Base64.encode(
            try coordinator.secret(of: try coordinator.activeKey(kind: .pseudonym, domain: "nordic-police"))
                .withUnsafeBytes { [UInt8]($0) })))
    }

    @Test func importingTheSameEpochAgainChangesNothing() throws {
        let package = try package()
        #expect(try importing(package, into: member) == .added(epoch: 1))
        #expect(try importing(package, into: member) == .unchanged(epoch: 1))
    }

    @Test func aLowerEpochOrAnotherSecretForTheSameEpochIsRefused() throws {
        let first = try package()
        // The member already made its own key for the domain: same epoch, other secret.
        _ = try Keyring.modify(member.folder, passphrase: TestKeyrings.passphrase) { ring in
            try ring.rotate(kind: .pseudonym, domain: "nordic-police")
        }
        #expect(throws: SharedDomainError.conflictingSecret(domain: "nordic-police", epoch: 1)) {
            try importing(first, into: member)
        }
        _ = try Keyring.modify(member.folder, passphrase: TestKeyrings.passphrase) { ring in
            try ring.rotate(kind: .pseudonym, domain: "nordic-police")
        }
        #expect(throws: SharedDomainError.staleEpoch(domain: "nordic-police", held: 2, offered: 1)) {
            try importing(first, into: member)
        }
    }

    @Test func aTamperedPackageIsRefused() throws {
        var package = try package()
        package.epoch = 5
        #expect(throws: SharedDomainError.badSignature(coordinator: "NO-POL")) { try importing(package, into: member) }
    }

    @Test func aPackageFromAnUntrustedCoordinatorIsRefused() throws {
        let package = try package(to: ["SE-POL"])
        // SE-POL never imported NO-POL's descriptor.
        #expect(throws: KeyringError.unknownPeer("NO-POL")) { try importing(package, into: outsider) }
    }

    @Test func aMemberNotAddressedCannotImport() throws {
        let package = try package(to: ["SE-POL"])
        #expect(throws: SharedDomainError.notARecipient("DK-POL")) { try importing(package, into: member) }
    }

    @Test func aPackageForAnotherDomainIsRefused() throws {
        let package = try package()
        #expect(throws: SharedDomainError.wrongDomain(expected: "other", found: "nordic-police")) {
            try package.open(domain: "other", keyring: member, peers: try PeerDirectory.load(for: member))
        }
    }

    @Test func theLocalDomainIsNeverShared() throws {
        #expect(throws: SharedDomainError.reservedDomain("local")) {
            try SharedDomainPackage.make(
                domain: "local", recipients: ["DK-POL"], keyring: coordinator,
                peers: try PeerDirectory.load(for: coordinator))
        }
    }

    @Test func garbageIsNotAPackage() {
        for text in ["", "{}", "[1]", #"{"format": "x"}"#] {
            #expect(throws: SharedDomainError.self) { try SharedDomainPackage(bytes: Array(text.utf8)) }
        }
    }
}
