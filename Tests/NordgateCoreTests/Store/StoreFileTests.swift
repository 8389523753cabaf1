import Foundation
import GRDB
@testable import NordgateCore
import NordgateTestSupport
import Testing

/// The store's files, durability across reopening, migrations and hostile input.
@Suite struct StoreFileTests {
    let folder: TemporaryFolder
    let now = StoreFixtures.now

    init() throws { folder = try TemporaryFolder() }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test func theFolderIsOwnerOnlyAndEveryDatabaseFileIs0600() async throws {
        let store = try StoreFixtures.open(folder)
        _ = try await store.enqueue(StoreFixtures.outbound(), now: now)
        let data = StoreFixtures.dataFolder(folder)
        #expect(try mode(data) == 0o700)
        #expect(store.path == (data as NSString).appendingPathComponent("nordgate.sqlite"))
        let names = try FileManager.default.contentsOfDirectory(atPath: data)
        #expect(names.contains("nordgate.sqlite"))
        for name in names { #expect(try mode((data as NSString).appendingPathComponent(name)) == 0o600, "\(name)") }
    }

    @Test func everyCommitIsFsyncedBecauseTheWriterRunsWithSynchronousFull() throws {
        // GRDB's WAL set-up lowers `synchronous` to NORMAL; the store must raise it again on the
        // connection that commits, or an acknowledged message can vanish on power loss.
        let store = try StoreFixtures.open(folder)
        #expect(try store.synchronousLevel() == 2)
        try store.close()
        #expect(try StoreFixtures.open(folder).synchronousLevel() == 2)
    }

    @Test func aStoreOpenToOtherUsersIsRefused() throws {
        _ = try StoreFixtures.open(folder)
        let path = (StoreFixtures.dataFolder(folder) as NSString).appendingPathComponent(SQLiteGatewayStore.fileName)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: StoreError.self) { try StoreFixtures.open(folder) }
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let data = StoreFixtures.dataFolder(folder)
        try FileManager.default.createDirectory(
            atPath: data,
            withIntermediateDirectories: false,
            attributes: [.posixPermissions: 0o700]
        )
        let path = (data as NSString).appendingPathComponent(SQLiteGatewayStore.fileName)
        _ = FileManager.default.createFile(
            atPath: path,
            contents: Data(repeating: 0x41, count: 4096),
            attributes: [.posixPermissions: 0o600]
        )
        #expect(throws: StoreError.self) { try StoreFixtures.open(folder) }
    }

    @Test func aMissingStoreIsNotCreatedWhenCreationIsOff() throws {
        let data = folder.appending("Nowhere")
        #expect(throws: StoreError.missing(path: data)) {
            try SQLiteGatewayStore(folder: data, options: .init(createIfMissing: false))
        }
        #expect(!FileManager.default.fileExists(atPath: data))
    }

    @Test func migrationsAreNamedAndAppliedOnce() throws {
        let names = ["v1-outbox", "v1-inbox", "v1-vault", "v1-audit", "v2-outbox-timing", "v3-outbox-claim-indexes",
            "v4-outbox-envelopes",
        ]
        #expect(try StoreFixtures.open(folder).appliedMigrations() == names)
        #expect(try StoreFixtures.open(folder).appliedMigrations() == names)
    }

    @Test func outboxRowsWrittenBeforeTheEnvelopeTableMoveIntoIt() async throws {
        let data = StoreFixtures.dataFolder(folder)
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = (data as NSString).appendingPathComponent(SQLiteGatewayStore.fileName)
        do {
            // The store as the releases before `v4-outbox-envelopes` left it, with one queued message.
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator().migrate(queue, upTo: "v3-outbox-claim-indexes")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO outbox (id, peer, recipients, type, envelope, digest, created, expires, state,
                                            attempts, next_attempt, updated, accepted_ms)
                        VALUES ('0b7c1f52-8f0e-4d7a-9a35-2f3f0c6a1b11', 'DK-CA', 'DK-CA', 'test.type.v1', X'7B7D',
                                zeroblob(32), 1795000000, 1795600000, 'queued', 0, 1795000000, 1795000000, 1795000000000)
                        """)
            }
            try queue.close()
        }
        chmod(path, 0o600)
        let store = try SQLiteGatewayStore(folder: data)
        let record = try #require(try await store.outboxRecord(id: "0b7c1f52-8f0e-4d7a-9a35-2f3f0c6a1b11"))
        #expect(record.message.envelope == Array("{}".utf8))
        #expect(record.state == .queued)
        let claim = try await store.claimDue(peer: "DK-CA", now: now, limit: 10)
        #expect(claim.messages.map(\.message.envelope) == [Array("{}".utf8)])
        try await store.markDelivered(id: record.id, receipt: [1], now: now)
        try await store.purge(id: record.id)
        let left = try await DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_envelope") }
        #expect(left == 0)
    }

    @Test func anEnvelopeIsKeptOnceWhileItsRowLivesAndGoesWithIt() async throws {
        let store = try StoreFixtures.open(folder)
        let message = StoreFixtures.outbound()
        var other = StoreFixtures.outbound(id: message.id)
        other.digest = Array(repeating: 7, count: 32)
        _ = try await store.enqueue(message, now: now)
        _ = try await store.enqueue(message, now: now)
        await #expect(throws: StoreError.self) { try await store.enqueue(other, now: now) }
        let path = (StoreFixtures.dataFolder(folder) as NSString).appendingPathComponent(SQLiteGatewayStore.fileName)
        let count = { try await DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_envelope") } }
        #expect(try await count() == 1)
        _ = try await store.claimDue(peer: "DK-CA", now: now, limit: 1)
        try await store.markDelivered(id: message.id, receipt: [1], now: now)
        #expect(try await store.outboxRecord(id: message.id)?.message.envelope == message.envelope)
        #expect(try await store.purge(olderThan: now.addingTimeInterval(60)) == 1)
        #expect(try await count() == 0)
    }

    @Test func everythingCommittedIsThereAfterReopening() async throws {
        let outbound = StoreFixtures.outbound()
        let inbound = StoreFixtures.inbound()
        do {
            let store = try StoreFixtures.open(folder)
            _ = try await store.enqueue(outbound, now: now)
            _ = try await store.receive(inbound, now: now) { [8] }
            try store.append(StoreFixtures.event(1))
            try store.close()
        }
        let store = try StoreFixtures.open(folder)
        #expect(try await store.outboxRecord(id: outbound.id)?.message == outbound)
        #expect(try await store.inboxRecord(id: inbound.id)?.receipt == [8])
        var rows: [AuditRow] = []
        try store.forEachAuditRow { rows.append($0) }
        #expect(rows.map(\.seq) == [1])
    }

    @Test(arguments: [
        "not-a-uuid", "3f2b8c1e00004000800000000000000000001", "3f2b8c1e-0000-4000-8000-00000000000g", "",
    ])
    func nonUUIDIDsAreRefused(_ id: String) async throws {
        let store = try StoreFixtures.open(folder)
        await #expect(throws: StoreError.invalidInput(field: "id", reason: "is not a UUID")) {
            try await store.enqueue(StoreFixtures.outbound(id: id), now: now)
        }
        await #expect(throws: StoreError.self) {
            try await store.receive(StoreFixtures.inbound(id: id), now: now) { [1] }
        }
        await #expect(throws: StoreError.self) { try await store.retry(id: id, now: now) }
        #expect(try await store.listOutbox(states: [], peer: nil, limit: 10).isEmpty)
    }

    @Test func hostileOutboxFieldsAreRefused() async throws {
        let store = try StoreFixtures.open(folder)
        var badPeer = StoreFixtures.outbound()
        badPeer.peer = "XX-CA"
        var badType = StoreFixtures.outbound()
        badType.type = "type with spaces\n"
        var noDigest = StoreFixtures.outbound()
        noDigest.digest = []
        var noRecipients = StoreFixtures.outbound()
        noRecipients.recipients = []
        for message in [badPeer, badType, noDigest, noRecipients] {
            await #expect(throws: StoreError.self) { try await store.enqueue(message, now: now) }
        }
        await #expect(throws: StoreError.self) { try await store.claimDue(peer: "DK-CA", now: now, limit: 0) }
        #expect(try await store.listOutbox(states: [], peer: nil, limit: 10).isEmpty)
    }

    @Test func anOversizedEnvelopeIsRefusedBeforeTouchingTheDatabase() async throws {
        let store = try StoreFixtures.open(folder)
        let huge = StoreFixtures.outbound(size: StoreLimits.maxEnvelopeBytes + 1)
        await #expect(throws: StoreError.self) { try await store.enqueue(huge, now: now) }
    }

    @Test func errorDescriptionsNameIDsButNeverContents() async throws {
        let store = try StoreFixtures.open(folder)
        let secret = "Synthetic Person Name"
        var message = StoreFixtures.outbound()
        message.type = secret
        do {
            _ = try await store.enqueue(message, now: now)
            Issue.record("expected a refusal")
        } catch {
            #expect(!String(describing: error).contains("Synthetic"))
        }
    }
}
