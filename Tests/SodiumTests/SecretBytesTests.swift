import Sodium
import Testing

struct SecretBytesTests {
    private let knownBytes: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x5a, 0xa5]

    @Test func descriptionsAndDumpNeverShowTheBytes() {
        let secret = SecretBytes(copying: knownBytes)
        let lowerHex = Hex.encode(knownBytes)
        var dumped = ""
        dump(secret, to: &dumped)
        let renderings = [String(describing: secret), String(reflecting: secret), dumped, "\(secret)"]
        for text in renderings {
            #expect(!text.lowercased().contains(lowerHex))
            #expect(!text.lowercased().contains("dead"))
            #expect(!text.contains("222"))  // 0xde as decimal
            #expect(!text.contains("173"))  // 0xad as decimal
        }
        #expect(String(describing: secret) == "SecretBytes(14 bytes, redacted)")
        #expect(String(reflecting: secret) == "SecretBytes(14 bytes, redacted)")
        #expect(Mirror(reflecting: secret).children.isEmpty)
    }

    @Test func copyingKeepsTheBytes() {
        let secret = SecretBytes(copying: knownBytes)
        #expect(secret.count == knownBytes.count)
        #expect(secret.testBytes == knownBytes)
        let fromSlice = SecretBytes(copying: knownBytes[2..<6])
        #expect(fromSlice.testBytes == [0xbe, 0xef, 0x01, 0x23])
        let fromNonContiguous = SecretBytes(copying: Set<UInt8>([7]))
        #expect(fromNonContiguous.testBytes == [7])
    }

    @Test func wipingInitZeroesTheSource() {
        var source = knownBytes
        let secret = SecretBytes(wiping: &source)
        #expect(secret.testBytes == knownBytes)
        #expect(source.count == knownBytes.count)
        #expect(source.allSatisfy { $0 == 0 })
    }

    @Test func countInitIsZeroed() {
        let secret = SecretBytes(count: 48)
        #expect(secret.count == 48)
        #expect(secret.testBytes.allSatisfy { $0 == 0 })
        #expect(SecretBytes(count: 0).count == 0)
    }

    @Test func initializingWithWritesTheBufferAndRethrows() throws {
        let secret = SecretBytes(count: 4) { buffer in
            for index in buffer.indices { buffer[index] = UInt8(index + 1) }
        }
        #expect(secret.testBytes == [1, 2, 3, 4])
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try SecretBytes(count: 4) { _ in throw Failure() }
        }
    }

    @Test func randomSecretsDiffer() {
        let a = SecretBytes.random(count: 32)
        let b = SecretBytes.random(count: 32)
        #expect(a.count == 32)
        #expect(!a.constantTimeEquals(b))
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        let a = SecretBytes(copying: knownBytes)
        #expect(a.constantTimeEquals(SecretBytes(copying: knownBytes)))
        var changed = knownBytes
        changed[13] ^= 0x80
        #expect(!a.constantTimeEquals(SecretBytes(copying: changed)))
        #expect(!a.constantTimeEquals(SecretBytes(copying: knownBytes.dropLast())))
        #expect(SecretBytes(count: 0).constantTimeEquals(SecretBytes(count: 0)))
    }
}
