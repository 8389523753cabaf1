import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Sodium
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real `nordgate serve` processes killed with SIGKILL while a thousand messages are in flight:
/// after a restart every accepted message is in the receiver's inbox exactly once and every
/// sender row ends delivered with a receipt that verifies.
struct KillRecoveryTests {
    static let count = 1_000

    @Test(arguments: ["receiver", "sender"])
    func aGatewayKilledWithAThousandMessagesInFlightLosesAndDuplicatesNothing(victim: String) async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let executable = try CommandRunner().executable
        let no = network["NO-CA"]
        let dk = network["DK-CA"]
        var sender = try await ServeProcess(executable: executable, node: no)
        var receiver = try await ServeProcess(executable: executable, node: dk)
        let http = HTTPTestClient()
        let record = try Records.locateChild()

        // The receiver is paused while sixteen case-system clients submit, so that all thousand
        // messages are queued or in flight when it resumes; the victim is killed soon after.
        await receiver.stop(signal: SIGSTOP)
        let accepted = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<16 {
                group.addTask {
                    var ids: [String] = []
                    for _ in stride(from: worker, to: Self.count, by: 16) {
                        let answer = try await http.local(no, .POST, "/v1/outbox", body: Records.submission(to: "DK-CA", record: record))
                        guard answer.status == 202, let id = answer.json["id"]?.stringValue else {
                            throw CocoaError(.coderInvalidValue)
                        }
                        ids.append(id)
                    }
                    return ids
                }
            }
            var all: [String] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(accepted.count == Self.count)
        await receiver.stop(signal: SIGCONT)
        try await Self.waitUntil { try await Self.inbox(dk).count >= 100 }
        if victim == "receiver" {
            #expect(await receiver.stop(signal: SIGKILL) != nil)
            try await Task.sleep(for: .milliseconds(500))
            receiver = try await ServeProcess(executable: executable, node: dk)
        } else {
            #expect(await sender.stop(signal: SIGKILL) != nil)
            sender = try await ServeProcess(executable: executable, node: no)
        }
        try await Self.waitUntil(seconds: 240) {
            try await Self.store(no).listOutbox(states: [.delivered], peer: "DK-CA", limit: 2 * Self.count).count == Self.count
        }

        let inbox = try await Self.inbox(dk).map(\.id)
        #expect(inbox.count == Self.count)
        #expect(Set(inbox) == Set(accepted))
        let keyring = try Keyring.open(no.keysFolder, passphrase: TestKeyrings.passphrase)
        let descriptor = try #require(try PeerDirectory.load(for: keyring).peers.first { $0.authority == "DK-CA" }?.descriptor)
        let rows = try await Self.store(no).listOutbox(states: [.delivered], peer: "DK-CA", limit: 2 * Self.count)
        #expect(Set(rows.map(\.id)) == Set(accepted))
        for row in rows {
            let receipt = try Receipt.parse(try #require(row.receipt))
            #expect(receipt.envelopeId == row.id && receipt.envelopeDigest == row.message.digest && receipt.verifies(with: descriptor))
        }
        #expect(await sender.stop() == 0)
        #expect(await receiver.stop() == 0)
    }

    private static func store(_ node: TestNetwork.Node) throws -> SQLiteGatewayStore {
        try SQLiteGatewayStore(folder: node.dataFolder, options: .init(createIfMissing: false))
    }

    private static func inbox(_ node: TestNetwork.Node) async throws -> [InboxRecord] {
        try await store(node).listInbox(after: 0, limit: 2 * count)
    }

    /// Polls `condition` every 20 ms until it holds; fails the test after `seconds`.
    private static func waitUntil(seconds: Int = 60, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("condition not reached within \(seconds) s")
        throw CancellationError()
    }
}
