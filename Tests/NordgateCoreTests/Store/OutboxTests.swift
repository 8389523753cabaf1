import Foundation
import NordgateCore
import NordgateTestSupport
import Testing

/// The outbox's state machine on a real SQLite file.
@Suite struct OutboxTests {
    let folder: TemporaryFolder
    let now = StoreFixtures.now

    init() throws { folder = try TemporaryFolder() }

    @Test func enqueuedMessageIsClaimedOnceAndDeliveredWithItsReceipt() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        #expect(try await store.enqueue(message, now: now) == .stored)

        let claim = try await store.claimDue(peer: "DK-CA", now: now, limit: 10)
        #expect(claim.messages.map(\.id) == [message.id])
        #expect(claim.messages.first?.state == .delivering)
        #expect(claim.messages.first?.message.envelope == message.envelope)
        #expect(try await store.claimDue(peer: "DK-CA", now: now, limit: 10).messages.isEmpty)

        try await store.markDelivered(id: message.id, receipt: [1, 2, 3], now: now)
        let record = try #require(try await store.outboxRecord(id: message.id))
        #expect(record.state == .delivered)
        #expect(record.receipt == [1, 2, 3])
        // A late second receipt does not replace the first.
        try await store.markDelivered(id: message.id, receipt: [9], now: now)
        #expect(try await store.outboxRecord(id: message.id)?.receipt == [1, 2, 3])
    }

    @Test func acceptanceAndDeliveryTimesAreKeptToTheMillisecond() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        let accepted = now.addingTimeInterval(0.125)
        _ = try await store.enqueue(message, now: accepted)
        #expect(try await store.outboxRecord(id: message.id)?.deliveredAt == nil)
        _ = try await store.claimDue(peer: "DK-CA", now: accepted, limit: 1)
        try await store.markDelivered(id: message.id, receipt: [1], now: accepted.addingTimeInterval(0.250))
        let record = try #require(try await store.outboxRecord(id: message.id))
        let acceptedAt = try #require(record.acceptedAt)
        let deliveredAt = try #require(record.deliveredAt)
        #expect(abs(acceptedAt.timeIntervalSince(accepted)) < 0.001)
        #expect(abs(deliveredAt.timeIntervalSince(acceptedAt) - 0.250) < 0.002)
    }

    @Test func enqueueIsIdempotentOnIDAndRefusesOtherBytesUnderTheSameID() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        #expect(try await store.enqueue(message, now: now) == .stored)
        #expect(try await store.enqueue(message, now: now) == .alreadyStored(.queued))
        var other = StoreFixtures.outbound(id: message.id)
        other.id = message.id.uppercased()
        await #expect(throws: StoreError.conflict(id: message.id)) { try await store.enqueue(other, now: now) }
        #expect(try await store.listOutbox(states: [], peer: nil, limit: 10).count == 1)
    }

    @Test func claimTakesOnlyThePeersDueMessagesInDueOrderUpToTheLimit() async throws {
        let store = try StoreFixtures.open(folder)
        let first = StoreFixtures.outbound(created: now.addingTimeInterval(-20))
        let second = StoreFixtures.outbound(created: now.addingTimeInterval(-10))
        let third = StoreFixtures.outbound()
        let otherPeer = StoreFixtures.outbound(peer: "SE-CA")
        for message in [third, first, second, otherPeer] {
            _ = try await store.enqueue(message, now: message.created)
        }
        let claim = try await store.claimDue(peer: "DK-CA", now: now, limit: 2)
        #expect(claim.messages.map(\.id) == [first.id, second.id])
        #expect(try await store.outboxRecord(id: third.id)?.state == .queued)
        #expect(try await store.outboxRecord(id: otherPeer.id)?.state == .queued)
    }

    @Test func failedAttemptWaitsForItsNextAttemptAndCountsAttempts() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        _ = try await store.enqueue(message, now: now)
        _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 1)
        let state = try await store.markFailed(
            id: message.id,
            error: "peer.unreachable",
            nextAttempt: now.addingTimeInterval(60),
            now: now
        )
        #expect(state == .failed)
        #expect(try await store.nextDue(peer: "DK-CA") == now.addingTimeInterval(60))
        #expect(try await store.claimDue(peer: "DK-CA", now: now.addingTimeInterval(59), limit: 5).messages.isEmpty)
        let later = try await store.claimDue(peer: "DK-CA", now: now.addingTimeInterval(60), limit: 5)
        #expect(later.messages.map(\.id) == [message.id])
        #expect(later.messages.first?.attempts == 1)
        #expect(later.messages.first?.lastError == "peer.unreachable")
    }

    @Test func retriesAndNewMessagesAreClaimedTogetherInDueOrderAndTheEarliestIsNextDue() async throws {
        let store = try StoreFixtures.open(folder)
        #expect(try await store.nextDue(peer: "DK-CA") == nil)
        let retried = StoreFixtures.outbound(created: now.addingTimeInterval(-30))
        _ = try await store.enqueue(retried, now: retried.created)
        _ = try await store.claimDue(peer: "DK-CA", now: retried.created, limit: 1)
        _ = try await store.markFailed(id: retried.id, error: "peer.unreachable", nextAttempt: now.addingTimeInterval(-5), now: now)
        let early = StoreFixtures.outbound(created: now.addingTimeInterval(-10))
        let late = StoreFixtures.outbound(created: now.addingTimeInterval(-1))
        for message in [late, early] { _ = try await store.enqueue(message, now: message.created) }
        // Queued at -10 and -1, failed and due again at -5: the earliest of either state is next.
        #expect(try await store.nextDue(peer: "DK-CA") == now.addingTimeInterval(-10))
        let claim = try await store.claimDue(peer: "DK-CA", now: now, limit: 2)
        #expect(claim.messages.map(\.id) == [early.id, retried.id])
        #expect(try await store.nextDue(peer: "DK-CA") == now.addingTimeInterval(-1))
        #expect(try await store.claimDue(peer: "DK-CA", now: now, limit: 5).messages.map(\.id) == [late.id])
    }

    @Test func markFailedWithoutNextAttemptMakesADeadLetter() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        _ = try await store.enqueue(message, now: now)
        _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 1)
        #expect(try await store.markFailed(id: message.id, error: "peer.refused", nextAttempt: nil, now: now) == .dead)
        #expect(try await store.listOutbox(states: [.dead], peer: nil, limit: 10).map(\.id) == [message.id])
        #expect(try await store.claimDue(peer: "DK-CA", now: now.addingTimeInterval(1), limit: 5).messages.isEmpty)
    }

    @Test func markFailedRefusesAMessageThatIsNotInFlight() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        _ = try await store.enqueue(message, now: now)
        await #expect(throws: StoreError.invalidState(id: message.id, state: "queued", operation: "mark as failed")) {
            try await store.markFailed(id: message.id, error: "x", nextAttempt: nil, now: now)
        }
    }

    @Test func messagesPastTheirExpiryBecomeExpiredInsteadOfBeingClaimed() async throws {
        let store = try StoreFixtures.open(folder)
        let stale = StoreFixtures.outbound(lifetime: 60)
        let fresh = StoreFixtures.outbound(lifetime: 3600)
        _ = try await store.enqueue(stale, now: now)
        _ = try await store.enqueue(fresh, now: now)
        let claim = try await store.claimDue(peer: "DK-CA", now: now.addingTimeInterval(60), limit: 10)
        #expect(claim.messages.map(\.id) == [fresh.id])
        #expect(claim.expired == [stale.id])
        #expect(try await store.outboxRecord(id: stale.id)?.state == .expired)
    }

    @Test func inFlightMessagesGoBackToQueuedAfterACrash() async throws {
        let message = StoreFixtures.outbound()
        do {
            let store = try StoreFixtures.open(folder)
            _ = try await store.enqueue(message, now: now)
            _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 1)
            // No close(): the process "dies" with the row in flight.
        }
        let reopened = try StoreFixtures.open(folder)
        #expect(try await reopened.outboxRecord(id: message.id)?.state == .delivering)
        #expect(try await reopened.recoverInFlight(now: now.addingTimeInterval(5)) == 1)
        let record = try #require(try await reopened.outboxRecord(id: message.id))
        #expect(record.state == .queued)
        #expect(record.attempts == 0)
        #expect(
            try await reopened.claimDue(peer: "DK-CA", now: now.addingTimeInterval(5), limit: 1).messages.count == 1
        )
    }

    @Test func retryRequeuesDeadAndFailedMessagesButNotExpiredOnesOrInFlightOnes() async throws {
        let store = try StoreFixtures.open(folder)
        let dead = StoreFixtures.outbound(created: now.addingTimeInterval(-2))
        let expired = StoreFixtures.outbound(created: now.addingTimeInterval(-1), lifetime: 10)
        let queued = StoreFixtures.outbound()
        for message in [dead, expired] { _ = try await store.enqueue(message, now: now) }
        #expect(try await store.claimDue(peer: "DK-CA", now: now, limit: 1).messages.map(\.id) == [dead.id])
        try await store.markFailed(id: dead.id, error: "peer.refused", nextAttempt: nil, now: now)
        _ = try await store.claimDue(peer: "DK-CA", now: now.addingTimeInterval(20), limit: 5)
        _ = try await store.enqueue(queued, now: now)

        try await store.retry(id: dead.id, now: now.addingTimeInterval(30))
        let record = try #require(try await store.outboxRecord(id: dead.id))
        #expect(record.state == .queued)
        #expect(record.nextAttempt == now.addingTimeInterval(30))
        await #expect(throws: StoreError.self) {
            try await store.retry(id: expired.id, now: now.addingTimeInterval(30))
        }
        await #expect(throws: StoreError.invalidState(id: queued.id, state: "queued", operation: "retry")) {
            try await store.retry(id: queued.id, now: now)
        }
        let unknown = "00000000-0000-4000-8000-000000000000"
        await #expect(throws: StoreError.notFound(id: unknown)) { try await store.retry(id: unknown, now: now) }
    }

    @Test func purgeDeletesOnlyFinishedMessages() async throws {
        let store = try StoreFixtures.open(folder)
        let delivered = StoreFixtures.outbound(created: now.addingTimeInterval(-2))
        let expiring = StoreFixtures.outbound(created: now.addingTimeInterval(-1), lifetime: 10)
        let inFlight = StoreFixtures.outbound(created: now)
        for message in [delivered, expiring, inFlight] { _ = try await store.enqueue(message, now: now) }
        #expect(try await store.claimDue(peer: "DK-CA", now: now, limit: 1).messages.map(\.id) == [delivered.id])
        try await store.markDelivered(id: delivered.id, receipt: [7], now: now)
        let later = now.addingTimeInterval(100)
        let claim = try await store.claimDue(peer: "DK-CA", now: later, limit: 1)
        #expect(claim.expired == [expiring.id])
        #expect(claim.messages.map(\.id) == [inFlight.id])

        await #expect(throws: StoreError.invalidState(id: inFlight.id, state: "delivering", operation: "purge")) {
            try await store.purge(id: inFlight.id)
        }
        try await store.purge(id: delivered.id)
        #expect(try await store.outboxRecord(id: delivered.id) == nil)
        // Older-than keeps rows changed more recently and never touches unfinished ones.
        #expect(try await store.purge(olderThan: later) == 0)
        #expect(try await store.purge(olderThan: later.addingTimeInterval(1)) == 1)
        #expect(try await store.listOutbox(states: [], peer: nil, limit: 10).map(\.id) == [inFlight.id])
    }

    @Test func countsGivePerPeerQueueDepth() async throws {
        let store = try StoreFixtures.open(folder)
        for peer in ["DK-CA", "DK-CA", "SE-CA"] {
            _ = try await store.enqueue(StoreFixtures.outbound(peer: peer), now: now)
        }
        _ = try await store.claimDue(peer: "SE-CA", now: now, limit: 5)
        let counts = try await store.outboxCounts()
        #expect(
            counts == [
                OutboxCount(peer: "DK-CA", state: .queued, count: 2),
                OutboxCount(peer: "SE-CA", state: .delivering, count: 1),
            ]
        )
    }

    @Test func listingFiltersByStateAndPeer() async throws {
        let store = try StoreFixtures.open(folder)
        let dk = StoreFixtures.outbound(peer: "DK-CA")
        let se = StoreFixtures.outbound(peer: "SE-CA", created: now.addingTimeInterval(1))
        _ = try await store.enqueue(dk, now: now)
        _ = try await store.enqueue(se, now: now)
        #expect(try await store.listOutbox(states: [], peer: nil, limit: 10).map(\.id) == [dk.id, se.id])
        #expect(try await store.listOutbox(states: [], peer: "SE-CA", limit: 10).map(\.id) == [se.id])
        #expect(try await store.listOutbox(states: [.dead], peer: nil, limit: 10).isEmpty)
        #expect(try await store.listOutbox(states: [.queued, .dead], peer: nil, limit: 1).map(\.id) == [dk.id])
    }
}
