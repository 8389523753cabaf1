import Sodium
import Testing

struct RandomAndComparisonTests {
    @Test func randomBytesHaveTheRequestedLengthAndDiffer() {
        #expect(SecureRandom.bytes(0).isEmpty)
        let a = SecureRandom.bytes(32)
        let b = SecureRandom.bytes(32)
        #expect(a.count == 32)
        #expect(a != b)
    }

    @Test func fillOverwritesTheBuffer() {
        var buffer = [UInt8](repeating: 0, count: 64)
        buffer.withUnsafeMutableBytes { SecureRandom.fill($0) }
        // 64 zero bytes from a working generator has probability 2^-512.
        #expect(buffer != [UInt8](repeating: 0, count: 64))
    }

    @Test func uniformStaysBelowTheBound() {
        for bound: UInt32 in [1, 2, 3, 10, 1000] {
            for _ in 0..<200 {
                #expect(SecureRandom.uniform(bound) < bound)
            }
        }
        #expect(SecureRandom.uniform(0) == 0)
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
        #expect(ConstantTime.equals([], []))
    }
}
