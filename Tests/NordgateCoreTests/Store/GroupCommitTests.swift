import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Concurrent writes share transactions but keep their own outcomes and the durability promise.
@Suite struct GroupCommitTests {
    let folder: TemporaryFolder
    let now = StoreFixtures.now

    init() throws { folder = try TemporaryFolder() }

    @Test func concurrentEnqueuesAllLandAndAFailingOneDoesNotTakeOthersWithIt() async throws {
        let store = try StoreFixtures.open(folder)
        let taken = (0..<10).map { _ in StoreFixtures.outbound() }
        for message in taken { _ = try await store.enqueue(message, now: now) }
        // Ten reuse a stored id with other bytes (conflicts); ninety are new.
        let conflicting = taken.map { StoreFixtures.outbound(id: $0.id) }
        let fresh = (0..<90).map { _ in StoreFixtures.outbound() }
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for message in conflicting + fresh {
                group.addTask {
                    do {
                        _ = try await store.enqueue(message, now: StoreFixtures.now)
                        return (message.id, true)
                    } catch {
                        return (message.id, false)
                    }
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(Set(results.filter { !$0.value }.keys) == Set(taken.map(\.id)))
        #expect(results.filter(\.value).count == 90)
        try store.close()

        let reopened = try StoreFixtures.open(folder)
        let stored = try await reopened.listOutbox(states: [], peer: nil, limit: 1000)
        #expect(stored.count == 100)
        for message in taken {
            #expect(try await reopened.outboxRecord(id: message.id)?.message.digest == message.digest)
        }
    }

    @Test func concurrentAuditAppendsFormOneUnbrokenChain() async throws {
        let pair = SigningKeyPair.generate()
        let signer = KeyAuditSigner(keyID: "NO-CA.sig.20261119-0a0b0c", keyPair: pair)
        let store = try StoreFixtures.open(folder, signer: signer, interval: 10)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 1...100 {
                group.addTask { try await store.appendAudit([StoreFixtures.event(number)]) }
            }
            try await group.waitForAll()
        }
        try store.append(StoreFixtures.event(101))
        let result = AuditLog(store: store).verify(publicKeys: [signer.keyID: pair.publicKey])
        #expect(result.isValid)
        #expect(result.entries == 101)
        #expect(result.checkpoints >= 1)
        var details = Set<String>()
        try store.forEachAuditRow { details.insert($0.entry?.details["n"] ?? "?") }
        #expect(details == Set((1...101).map(String.init)))
    }

    @Test func anInvalidAuditEventInABatchIsRefusedAlone() async throws {
        let store = try StoreFixtures.open(folder)
        let bad = AuditEvent(kind: "bad kind", actor: "system", subject: "s")
        await #expect(throws: StoreError.self) { try await store.appendAudit([bad]) }
        try await store.appendAudit([StoreFixtures.event(1)])
        #expect(AuditLog(store: store).verify(publicKeys: [:]).entries == 1)
    }
}
