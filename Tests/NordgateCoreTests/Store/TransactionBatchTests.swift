import Foundation
import NordgateCore
import NordgateTestSupport
import Testing

/// The store's changes that take several rows at once: a whole submission (its messages, their
/// vault entries and audit events) and a batch of receipts, each all or nothing.
@Suite struct TransactionBatchTests {
    let folder: TemporaryFolder
    let now = StoreFixtures.now

    init() throws { folder = try TemporaryFolder() }

    private func vaultEntry(_ pseudonym: String) -> VaultEntry {
        VaultEntry(
            pseudonym: pseudonym, keyID: "NO-CA.vault.20261119-0a0b0c", nonce: [UInt8](repeating: 3, count: 24),
            ciphertext: [UInt8](repeating: 4, count: 40), created: now)
    }

    private func submission(_ message: OutboxMessage) -> OutboxSubmission {
        OutboxSubmission(message, audit: [AuditEvent(kind: "message.submit", actor: "caseworker", subject: message.id, time: now)])
    }

    @Test func aSubmissionStoresItsMessagesVaultEntriesAndEventsTogether() async throws {
        let store = try StoreFixtures.open(folder)
        let (first, second) = (StoreFixtures.outbound(), StoreFixtures.outbound(peer: "SE-CA"))
        let outcomes = try await store.enqueue(
            [submission(first), submission(second)], vault: [vaultEntry("psn:v1:1:AAAA")], now: now)
        #expect(outcomes == [.stored, .stored])
        #expect(try await store.outboxRecord(id: first.id)?.state == .queued)
        #expect(try await store.outboxRecord(id: second.id)?.message.peer == "SE-CA")
        #expect(try store.vaultEntry(for: "psn:v1:1:AAAA") != nil)
        #expect(try StoreFixtures.auditKinds(store) == ["message.submit", "message.submit"])
        // The same submission again changes nothing and says so per message.
        #expect(try await store.enqueue([submission(first), submission(second)], vault: [], now: now)
            == [.alreadyStored(.queued), .alreadyStored(.queued)])
        #expect(try StoreFixtures.auditKinds(store).count == 2)
    }

    @Test func aRefusedMessageLeavesNothingOfItsSubmission() async throws {
        let store = try StoreFixtures.open(folder)
        let taken = StoreFixtures.outbound()
        _ = try await store.enqueue(taken, now: now)
        var conflicting = StoreFixtures.outbound(id: taken.id)
        conflicting.digest = Array(repeating: 7, count: 32)
        let fresh = StoreFixtures.outbound()
        await #expect(throws: StoreError.conflict(id: taken.id)) {
            try await store.enqueue(
                [submission(fresh), submission(conflicting)], vault: [vaultEntry("psn:v1:1:BBBB")], now: now)
        }
        #expect(try await store.outboxRecord(id: fresh.id) == nil)
        #expect(try store.vaultEntry(for: "psn:v1:1:BBBB") == nil)
        #expect(try StoreFixtures.auditKinds(store).isEmpty)
    }

    @Test func aBadVaultEntryIsRefusedBeforeAnythingIsWritten() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        await #expect(throws: StoreError.self) {
            try await store.enqueue([submission(message)], vault: [vaultEntry("not a pseudonym")], now: now)
        }
        #expect(try await store.outboxRecord(id: message.id) == nil)
        #expect(try StoreFixtures.auditKinds(store).isEmpty)
    }

    @Test func receiptsInOneBatchAreStoredAndAuditedOncePerChangedMessage() async throws {
        let store = try StoreFixtures.open(folder)
        let messages = (0..<3).map { _ in StoreFixtures.outbound() }
        for message in messages { _ = try await store.enqueue(message, now: now) }
        _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 3)
        try await store.markDelivered(id: messages[0].id, receipt: [1], now: now)
        let deliveries = messages.enumerated().map { index, message in
            OutboxDelivery(
                id: message.id.uppercased(), receipt: [UInt8(10 + index)],
                audit: [AuditEvent(kind: "message.deliver", actor: "system", subject: message.id, time: now)])
        }
        try await store.markDelivered(deliveries, now: now)
        // The first kept its earlier receipt and got no second event.
        #expect(try await store.outboxRecord(id: messages[0].id)?.receipt == [1])
        #expect(try await store.outboxRecord(id: messages[1].id)?.receipt == [11])
        #expect(try await store.outboxRecord(id: messages[2].id)?.state == .delivered)
        #expect(try StoreFixtures.auditKinds(store) == ["message.deliver", "message.deliver"])
    }

    @Test func aBatchOfReceiptsWithAnUnknownMessageChangesNothing() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        _ = try await store.enqueue(message, now: now)
        _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 1)
        let unknown = StoreFixtures.outbound()
        let event = AuditEvent(kind: "message.deliver", actor: "system", subject: message.id, time: now)
        await #expect(throws: StoreError.notFound(id: unknown.id)) {
            try await store.markDelivered(
                [OutboxDelivery(id: message.id, receipt: [1], audit: [event]), OutboxDelivery(id: unknown.id, receipt: [2])],
                now: now)
        }
        #expect(try await store.outboxRecord(id: message.id)?.state == .delivering)
        #expect(try StoreFixtures.auditKinds(store).isEmpty)
        await #expect(throws: StoreError.self) {
            try await store.markDelivered([OutboxDelivery(id: message.id, receipt: [])], now: now)
        }
        #expect(try await store.outboxRecord(id: message.id)?.state == .delivering)
    }
}
