import Foundation
import JSONSchema
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Appending to the hash-chained log, checkpoints, and verification of an untouched log.
@Suite struct AuditChainTests {
    let folder: TemporaryFolder
    let pair = SigningKeyPair.generate()
    let keyID = "NO-CA.sig.20261119-0a0b0c"

    init() throws { folder = try TemporaryFolder() }

    var signer: KeyAuditSigner { KeyAuditSigner(keyID: keyID, keyPair: pair) }
    var keys: [String: [UInt8]] { [keyID: pair.publicKey] }

    @Test func appendedEntriesChainFromTheGenesisHash() throws {
        let store = try StoreFixtures.open(folder, signer: signer)
        let entries = try store.appendAudit((1...3).map(StoreFixtures.event))
        #expect(entries.map(\.seq) == [1, 2, 3])
        #expect(entries[0].prevHash == AuditEntry.genesisHash)
        #expect(entries[1].prevHash == entries[0].hash)
        #expect(entries[2].prevHash == entries[1].hash)
        try store.append(StoreFixtures.event(4))
        var rows: [AuditRow] = []
        try store.forEachAuditRow { rows.append($0) }
        #expect(rows.compactMap(\.entry).prefix(3).map(\.hash) == entries.map(\.hash))
        #expect(rows.last?.entry?.prevHash == entries[2].hash)
    }

    @Test func theHashIsBLAKE2bOfPrevHashAndTheCanonicalEntry() throws {
        let event = AuditEvent(
            kind: "key.rotate",
            actor: "operator:test",
            subject: "NO-CA.sig.20261119-0a0b0c",
            details: ["b": "2", "a": "1"],
            time: Date(timeIntervalSince1970: 1_795_000_000.9)
        )
        let entry = try AuditEntry.make(for: event, seq: 1, prevHash: AuditEntry.genesisHash)
        let expectedJSON =
            #"{"actor":"operator:test","details":{"a":"1","b":"2"},"kind":"key.rotate","#
            + #""prevHash":"0000000000000000000000000000000000000000000000000000000000000000","#
            + #""seq":1,"subject":"NO-CA.sig.20261119-0a0b0c","time":1795000000}"#
        #expect(String(decoding: try entry.unhashedCanonicalBytes(), as: UTF8.self) == expectedJSON)
        #expect(entry.hash == GenericHash.hash(AuditEntry.genesisHash + Array(expectedJSON.utf8), outputLength: 32))
    }

    @Test func anUntouchedLogVerifiesWithCheckpointsEveryNEntries() throws {
        let store = try StoreFixtures.open(folder, signer: signer, interval: 4)
        for number in 1...10 { try store.append(StoreFixtures.event(number)) }
        #expect(try store.auditCheckpoints().map(\.seq) == [4, 8])
        let result = AuditLog(store: store).verify(publicKeys: keys)
        #expect(result.isValid)
        #expect(result.entries == 10)
        #expect(result.checkpoints == 2)
        #expect(result.lastGoodCheckpoint?.seq == 8)
        #expect(result.entriesAfterLastCheckpoint == 2)
    }

    @Test func aBatchGetsOneCheckpointAtItsEndWhenOneIsDue() throws {
        let store = try StoreFixtures.open(folder, signer: signer, interval: 3)
        try store.appendAudit((1...7).map(StoreFixtures.event))
        #expect(try store.auditCheckpoints().map(\.seq) == [7])
        #expect(AuditLog(store: store).verify(publicKeys: keys).isValid)
    }

    @Test func anOnDemandCheckpointCoversTheLastEntryAndIsNotRepeated() throws {
        let store = try StoreFixtures.open(folder, signer: signer)
        let log = AuditLog(store: store)
        #expect(try log.checkpoint(now: StoreFixtures.now) == nil)
        try log.append([StoreFixtures.event(1), StoreFixtures.event(2)])
        let checkpoint = try #require(try log.checkpoint(now: StoreFixtures.now))
        #expect(checkpoint.seq == 2)
        #expect(checkpoint.keyID == keyID)
        #expect(checkpoint.verifies(publicKey: pair.publicKey))
        #expect(try log.checkpoint(now: StoreFixtures.now.addingTimeInterval(60)) == checkpoint)
        #expect(try store.auditCheckpoints().count == 1)
    }

    @Test func withoutASignerEntriesAreStillChainedButNoCheckpointIsMade() throws {
        let store = try StoreFixtures.open(folder, interval: 1)
        try store.append(StoreFixtures.event(1))
        #expect(try store.auditCheckpoints().isEmpty)
        #expect(throws: StoreError.noAuditSigner) { try store.checkpointAudit(now: StoreFixtures.now) }
        let result = AuditLog(store: store).verify(publicKeys: [:])
        #expect(result.isValid)
        #expect(result.entriesAfterLastCheckpoint == 1)
    }

    @Test func theKeyringSignerUsesTheActiveSigningKey() throws {
        let keyring = try TestKeyrings.make("NO-CA", in: folder)
        let signer = try KeyAuditSigner(keyring: keyring)
        let key = try keyring.activeKey(kind: .signing)
        #expect(signer.keyID == key.id)
        let store = try StoreFixtures.open(folder, signer: signer, interval: 1)
        try store.append(StoreFixtures.event(1))
        let publicKey = try Base64.decode(try #require(key.publicKey))
        #expect(AuditLog(store: store).verify(publicKeys: [key.id: publicKey]).isValid)
    }

    @Test func checkpointsByAnUntrustedKeyFailVerification() throws {
        let store = try StoreFixtures.open(folder, signer: signer, interval: 2)
        try store.appendAudit((1...2).map(StoreFixtures.event))
        let result = AuditLog(store: store).verify(publicKeys: ["NO-CA.sig.other": SigningKeyPair.generate().publicKey])
        #expect(!result.isValid)
        #expect(result.firstBreak == nil)
        #expect(result.checkpointFailures == [.init(seq: 2, reason: .unknownKey(keyID))])
    }

    @Test(arguments: [
        AuditEvent(kind: "x", actor: "system", subject: "s", details: ["note": String(repeating: "a", count: 201)]),
        AuditEvent(
            kind: "x",
            actor: "system",
            subject: "s",
            details: Dictionary(uniqueKeysWithValues: (0..<17).map { ("k\($0)", "v") })
        ),
        AuditEvent(kind: "kind with spaces", actor: "system", subject: "s"),
        AuditEvent(kind: "x", actor: "", subject: "s"),
        AuditEvent(kind: "x", actor: "system", subject: "line\nbreak"),
        AuditEvent(kind: "x", actor: "system", subject: String(repeating: "s", count: 201)),
        AuditEvent(kind: "x", actor: "system", subject: "s", details: ["bad key!": "v"]),
    ])
    func oversizedOrFreeTextEventsAreRefusedAndNothingIsAppended(_ event: AuditEvent) throws {
        let store = try StoreFixtures.open(folder, signer: signer)
        #expect(throws: StoreError.self) { try store.appendAudit([StoreFixtures.event(1), event]) }
        var count = 0
        try store.forEachAuditRow { _ in count += 1 }
        #expect(count == 0)
    }

    @Test func theAuditTablesRefuseUpdatesAndDeletesThroughTheStore() throws {
        let store = try StoreFixtures.open(folder, signer: signer)
        try store.append(StoreFixtures.event(1))
        // The store has no API to change entries; the triggers stop a stray statement on the file too.
        #expect(throws: (any Error).self) {
            try StoreFixtures.tamper(folder, "DELETE FROM audit_log", dropTriggers: false)
        }
        #expect(AuditLog(store: store).verify(publicKeys: keys).entries == 1)
    }
}
