import Sodium
import Testing

struct ConcurrencyTests {
    @Test func manyTasksInitialiseAndUseSodiumAtOnce() async throws {
        let taskCount = 64
        let results = try await withThrowingTaskGroup(of: (key: [UInt8], roundTripped: Bool).self) { group in
            for index in 0..<taskCount {
                group.addTask {
                    let key = AEAD.generateKey()
                    let nonce = SecureRandom.bytes(AEAD.nonceLength)
                    let message = [UInt8(truncatingIfNeeded: index)]
                    let sealed = try AEAD.seal(message, key: key, nonce: nonce)
                    let opened = try AEAD.open(sealed, key: key, nonce: nonce)
                    return (key.testBytes, opened == message)
                }
            }
            var collected: [(key: [UInt8], roundTripped: Bool)] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == taskCount)
        #expect(results.allSatisfy { $0.roundTripped })
        #expect(Set(results.map(\.key)).count == taskCount)
    }

    @Test func secretBytesCanBeSharedAcrossTasks() async throws {
        let pair = SigningKeyPair.generate()
        let message = Array("shared".utf8)
        let signatures = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<16 { group.addTask { pair.sign(message) } }
            var all: [[UInt8]] = []
            for await signature in group { all.append(signature) }
            return all
        }
        // Ed25519 signatures are deterministic.
        #expect(Set(signatures).count == 1)
        #expect(Signature.verify(try #require(signatures.first), message: message, publicKey: pair.publicKey))
    }
}
