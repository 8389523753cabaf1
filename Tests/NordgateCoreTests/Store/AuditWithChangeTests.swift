import Foundation
import NordgateCore
import NordgateTestSupport
import Testing

/// Audit events passed with a change commit in its transaction, and only when the change happened.
@Suite struct AuditWithChangeTests {
    let folder: TemporaryFolder
    let now = StoreFixtures.now

    init() throws { folder = try TemporaryFolder() }

    @Test func anEnqueueAppendsItsEventOnceAndNotForTheSameMessageAgain() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        let event = AuditEvent(kind: "message.submit", actor: "caseworker", subject: message.id, time: now)
        #expect(try await store.enqueue(message, now: now, audit: [event]) == .stored)
        #expect(try await store.enqueue(message, now: now, audit: [event]) == .alreadyStored(.queued))
        #expect(try StoreFixtures.auditKinds(store) == ["message.submit"])
    }

    @Test func aMarkDeliveredAppendsItsEventOnlyWhenTheStateChanges() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        _ = try await store.enqueue(message, now: now)
        _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 1)
        let event = AuditEvent(kind: "message.deliver", actor: "system", subject: message.id, time: now)
        try await store.markDelivered(id: message.id, receipt: [1], now: now, audit: [event])
        try await store.markDelivered(id: message.id, receipt: [2], now: now, audit: [event])
        #expect(try StoreFixtures.auditKinds(store) == ["message.deliver"])
    }

    @Test func aReceiveAppendsItsEventForANewEnvelopeOnly() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.inbound()
        let event = AuditEvent(kind: "envelope.receive", actor: "NO-CA", subject: message.id, time: now)
        #expect(try await store.receive(message, now: now, audit: [event]) { [7] } == .accepted(receipt: [7]))
        #expect(try await store.receive(message, now: now, audit: [event]) { [8] } == .duplicate(receipt: [7]))
        var conflicting = message
        conflicting.digest = Array(repeating: 9, count: 32)
        #expect(try await store.receive(conflicting, now: now, audit: [event]) { [8] } == .conflict)
        #expect(try StoreFixtures.auditKinds(store) == ["envelope.receive"])
    }

    @Test func aBadEventRefusesTheWholeChangeBeforeAnythingIsWritten() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        let bad = AuditEvent(kind: "message submit", actor: "caseworker", subject: message.id, time: now)
        await #expect(throws: StoreError.self) { try await store.enqueue(message, now: now, audit: [bad]) }
        #expect(try await store.outboxRecord(id: message.id) == nil)
        #expect(try StoreFixtures.auditKinds(store).isEmpty)
    }

    @Test func aControlCharacterInAnEventIsRefusedAndOtherTextIsKept() async throws {
        let store = try StoreFixtures.open(folder)
        for control in ["\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}"] {
            let event = AuditEvent(kind: "k", actor: "a\(control)", subject: "s", time: now)
            #expect(throws: StoreError.self) { try event.validate() }
        }
        for kept in ["\u{A0}", "Ødegård", "\u{2028}", "é"] {
            try AuditEvent(kind: "k", actor: "a\(kept)", subject: "s", time: now).validate()
        }
    }
}
