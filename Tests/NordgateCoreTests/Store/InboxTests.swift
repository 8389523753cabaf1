import Foundation
import NordgateCore
import NordgateTestSupport
import Sodium
import Synchronization
import Testing

/// Idempotent receiving: each envelope once in the inbox, the same receipt for every resend.
@Suite struct InboxTests {
    let folder: TemporaryFolder
    let now = StoreFixtures.now

    init() throws { folder = try TemporaryFolder() }

    @Test func aResendGetsTheSameReceiptAndTheInboxHoldsTheEnvelopeOnce() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.inbound()
        let first = try await store.receive(message, now: now) { [4, 5, 6] }
        #expect(first == .accepted(receipt: [4, 5, 6]))
        let second = try await store.receive(message, now: now.addingTimeInterval(9)) {
            Issue.record("a duplicate must not make a new receipt")
            return [0]
        }
        #expect(second == .duplicate(receipt: [4, 5, 6]))
        let rows = try await store.listInbox(after: 0, limit: 10)
        #expect(rows.count == 1)
        #expect(rows.first?.message == message)
        #expect(rows.first?.receipt == [4, 5, 6])
        #expect(rows.first?.receivedAt == now)
    }

    @Test func theSameIDWithOtherBytesIsAConflictAndStoresNothing() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.inbound()
        _ = try await store.receive(message, now: now) { [1] }
        let forged = StoreFixtures.inbound(id: message.id.uppercased())
        #expect(try await store.receive(forged, now: now) { [2] } == .conflict)
        #expect(try await store.inboxRecord(id: message.id)?.message.envelope == message.envelope)
        #expect(try await store.listInbox(after: 0, limit: 10).count == 1)
    }

    @Test func aFailingReceiptStoresNothing() async throws {
        struct SigningDown: Error {}
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.inbound()
        await #expect(throws: SigningDown.self) { try await store.receive(message, now: now) { throw SigningDown() } }
        #expect(try await store.inboxRecord(id: message.id) == nil)
        #expect(try await store.receive(message, now: now) { [3] } == .accepted(receipt: [3]))
    }

    @Test func manyConcurrentDeliveriesOfOneEnvelopeStoreExactlyOneRow() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.inbound()
        let receipts = ReceiptCounter()
        let outcomes = try await withThrowingTaskGroup(of: ReceiveOutcome.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    try await store.receive(message, now: StoreFixtures.now) {
                        receipts.count.withLock { $0 += 1 }
                        return [42]
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(receipts.count.withLock { $0 } == 1)
        #expect(outcomes.filter { $0 == .accepted(receipt: [42]) }.count == 1)
        #expect(outcomes.filter { $0 == .duplicate(receipt: [42]) }.count == 63)
        #expect(try await store.listInbox(after: 0, limit: 100).count == 1)
    }

    @Test func cursorsGrowAndListingResumesAfterACursor() async throws {
        let store = try StoreFixtures.open(folder)
        var ids: [String] = []
        for _ in 0..<5 {
            let message = StoreFixtures.inbound()
            ids.append(message.id)
            _ = try await store.receive(message, now: now) { [1] }
        }
        let all = try await store.listInbox(after: 0, limit: 10)
        #expect(all.map(\.id) == ids)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.cursor < $1.cursor })
        let rest = try await store.listInbox(after: all[1].cursor, limit: 2)
        #expect(rest.map(\.id) == Array(ids[2...3]))
    }

    @Test func acknowledgingIsRecordedOnceAndUnknownIDsAreRefused() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.inbound()
        _ = try await store.receive(message, now: now) { [1] }
        try await store.acknowledge(id: message.id, now: now.addingTimeInterval(10))
        try await store.acknowledge(id: message.id, now: now.addingTimeInterval(20))
        #expect(try await store.inboxRecord(id: message.id)?.ackedAt == now.addingTimeInterval(10))
        let unknown = "11111111-1111-4111-8111-111111111111"
        await #expect(throws: StoreError.notFound(id: unknown)) { try await store.acknowledge(id: unknown, now: now) }
    }

    @Test func forgetSeenDropsOnlyExpiredIDsThatLeftTheInbox() async throws {
        let store = try StoreFixtures.open(folder)
        let kept = StoreFixtures.inbound()
        let purged = StoreFixtures.inbound()
        _ = try await store.receive(kept, now: now) { [1] }
        _ = try await store.receive(purged, now: now) { [2] }
        try await store.acknowledge(id: purged.id, now: now)
        #expect(try await store.purgeInbox(acknowledgedBefore: now.addingTimeInterval(1)) == 1)
        // Still remembered until its envelope expires: a resend is a duplicate with the old receipt.
        #expect(try await store.forgetSeen(before: now) == 0)
        #expect(try await store.receive(purged, now: now) { [9] } == .duplicate(receipt: [2]))
        let afterExpiry = purged.expires.addingTimeInterval(1)
        #expect(try await store.forgetSeen(before: afterExpiry) == 1)
        #expect(try await store.receive(kept, now: now) { [9] } == .duplicate(receipt: [1]))
    }
}

/// Counts receipts made by concurrent receivers.
private final class ReceiptCounter: Sendable {
    let count = Mutex(0)
}
