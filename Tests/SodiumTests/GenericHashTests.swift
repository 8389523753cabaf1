import Sodium
import Testing

struct GenericHashTests {
    struct Vector: Decodable {
        let name: String
        let key: String
        let message: String
        let outputLength: Int
        let digest: String
    }

    @Test func unkeyedHashMatchesRFC7693AppendixA() throws {
        for v in try TestVectors.load("rfc7693", "blake2b.json", as: Vector.self) {
            #expect(GenericHash.hash(try hex(v.message), outputLength: v.outputLength) == (try hex(v.digest)))
        }
    }

    @Test func keyedHashMatchesBLAKE2ReferenceKAT() throws {
        for v in try TestVectors.load("blake2-kat", "blake2b-keyed.json", as: Vector.self) {
            let digest = try GenericHash.keyedHash(
                hex(v.message),
                key: SecretBytes(copying: hex(v.key)),
                outputLength: v.outputLength
            )
            #expect(digest == (try hex(v.digest)), "\(v.name)")
        }
    }

    @Test func defaultOutputIs32BytesAndDiffersFromTruncated64() {
        let message = Array("abc".utf8)
        let short = GenericHash.hash(message)
        #expect(short.count == 32)
        // BLAKE2b encodes the output length in its parameter block, so a 32-byte digest is not a prefix of the 64.
        #expect(short != Array(GenericHash.hash(message, outputLength: 64).prefix(32)))
    }

    @Test func keyChangesTheDigest() throws {
        let message = Array("message".utf8)
        let a = try GenericHash.keyedHash(message, key: SecretBytes.random(count: 32))
        let b = try GenericHash.keyedHash(message, key: SecretBytes.random(count: 32))
        #expect(a != b)
        #expect(a != GenericHash.hash(message))
    }

    @Test func keyedHashRejectsOutOfRangeKeyAndOutputLengths() {
        #expect(throws: SodiumError.invalidLength(what: "BLAKE2b key", actual: 15, expected: 16)) {
            try GenericHash.keyedHash([], key: SecretBytes(count: 15))
        }
        #expect(throws: SodiumError.invalidLength(what: "BLAKE2b key", actual: 65, expected: 64)) {
            try GenericHash.keyedHash([], key: SecretBytes(count: 65))
        }
        #expect(throws: SodiumError.invalidLength(what: "BLAKE2b output", actual: 8, expected: 16)) {
            try GenericHash.keyedHash([], key: SecretBytes(count: 32), outputLength: 8)
        }
        #expect(throws: SodiumError.invalidLength(what: "BLAKE2b output", actual: 65, expected: 64)) {
            try GenericHash.keyedHash([], key: SecretBytes(count: 32), outputLength: 65)
        }
    }
}
