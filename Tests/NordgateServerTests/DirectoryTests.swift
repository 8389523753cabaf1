import Foundation
import JSONSchema
import NIOHTTP1
import NordgateCore
import NordgateServer
import NordgateTestSupport
import Testing

/// Peers' descriptors follow rotations without restarts; limits hold per peer.
struct DirectoryTests {
    @Test func aRotatedEncryptionKeyIsUsedForTheNextMessageWithoutRestart() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let http = HTTPTestClient()
        let submission = Records.submission(to: "DK-CA", record: try Records.locateChild())
        try await TestNetwork.running(servers) {
            let first = try await http.local(network["NO-CA"], .POST, "/v1/outbox", body: submission)
            let firstID = try #require(first.json["id"]?.stringValue)
            let before = try await http.waitForState(network["NO-CA"], id: firstID)
            let oldKey = try #require(before.json["encryptionKeys"]?.arrayValue?.first?.stringValue)

            // A staged key is published but never used.
            let staged = try Keyring.modify(network["DK-CA"].keysFolder, passphrase: TestKeyrings.passphrase) {
                try $0.rotate(kind: .encryption, stage: true)
            }
            let refreshed = try await http.local(network["NO-CA"], .POST, "/v1/directory/refresh", role: .operator)
            #expect(refreshed.json["peers"]?.arrayValue?.first?["outcome"]?.stringValue == "updated")
            let second = try await http.local(network["NO-CA"], .POST, "/v1/outbox", body: submission)
            let secondState = try await http.waitForState(network["NO-CA"], id: try #require(second.json["id"]?.stringValue))
            #expect(secondState.json["encryptionKeys"]?.arrayValue?.first?.stringValue == oldKey)

            // Promoted: the next message is sealed to it, and DK-CA opens it with no restart.
            try Keyring.modify(network["DK-CA"].keysFolder, passphrase: TestKeyrings.passphrase) {
                try $0.promote(id: staged.id)
            }
            _ = try await http.local(network["NO-CA"], .POST, "/v1/directory/refresh", role: .operator)
            let third = try await http.local(network["NO-CA"], .POST, "/v1/outbox", body: submission)
            let thirdID = try #require(third.json["id"]?.stringValue)
            let after = try await http.waitForState(network["NO-CA"], id: thirdID)
            #expect(after.json["state"]?.stringValue == "delivered")
            #expect(after.json["encryptionKeys"]?.arrayValue?.first?.stringValue == staged.id)
            let opened = try await http.local(network["DK-CA"], .GET, "/v1/inbox/\(thirdID)")
            #expect(opened.status == 200)
            #expect(opened.json["payload"] != nil)
        }
    }

    @Test func aKeyRotatedAtTheReceiverInTheMiddleOfAStreamLosesNothing() async throws {
        let network = try TestNetwork(authorities: ["NO-CA", "DK-CA"])
        let servers = [try network.server("NO-CA"), try network.server("DK-CA")]
        let http = HTTPTestClient()
        let no = network["NO-CA"]
        let dk = network["DK-CA"]
        let submission = Records.submission(to: "DK-CA", record: try Records.locateChild())
        let count = 200
        try await TestNetwork.running(servers) {
            let ids = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var ids: [String] = []
                        for index in stride(from: worker, to: count, by: 8) {
                            if index == count / 2 {
                                // Half-way: DK-CA rotates (the old key turns decrypt-only) and NO-CA refreshes.
                                try Keyring.modify(dk.keysFolder, passphrase: TestKeyrings.passphrase) {
                                    try $0.rotate(kind: .encryption)
                                }
                                _ = try await http.local(no, .POST, "/v1/directory/refresh", role: .operator)
                            }
                            let answer = try await http.local(no, .POST, "/v1/outbox", body: submission)
                            ids.append(try #require(answer.json["id"]?.stringValue))
                        }
                        return ids
                    }
                }
                var all: [String] = []
                for try await part in group { all += part }
                return all
            }
            var keys: Set<String> = []
            for id in ids {
                let state = try await http.waitForState(no, id: id)
                #expect(state.json["state"]?.stringValue == "delivered")
                if let key = state.json["encryptionKeys"]?.arrayValue?.first?.stringValue { keys.insert(key) }
                #expect(try await http.local(dk, .GET, "/v1/inbox/\(id)").status == 200)
            }
            #expect(keys.count == 2)
            #expect(try await servers[1].gateway.store.listInbox(after: 0, limit: 1_000).count == count)
        }
    }

    @Test func aPeerOverItsRateIsRefusedWithoutHarmingOthers() async throws {
        let network = try TestNetwork(
            authorities: ["NO-CA", "DK-CA", "SE-CA"],
            settings: ["limits": ["peerRequestsPerSecond": .number(JSONNumber(negative: false, digits: "1", exponent: -1)), "peerBurst": 2]])
        let servers = [try network.server("DK-CA")]
        let http = HTTPTestClient()
        let dk = network["DK-CA"]
        try await TestNetwork.running(servers) {
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await http.peer(dk, .GET, "/v1/directory", as: network["NO-CA"].tls, caBundle: dk.tls.caBundle).status)
            }
            #expect(statuses.prefix(2).allSatisfy { $0 == 200 })
            #expect(statuses.last == 429)
            let other = try await http.peer(dk, .GET, "/v1/directory", as: network["SE-CA"].tls, caBundle: dk.tls.caBundle)
            #expect(other.status == 200)
        }
    }
}
