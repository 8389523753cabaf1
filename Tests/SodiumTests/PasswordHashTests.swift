import Foundation
import Sodium
import Testing

struct PasswordHashTests {
    struct Vector: Decodable {
        let name: String
        let passphrase: String
        let salt: String
        let length: Int
        let opsLimit: UInt64
        let memLimit: Int
        let key: String
    }

    @Test func argon2idMatchesLibsodiumTestOutputs() throws {
        for v in try TestVectors.load("libsodium-tests", "argon2id.json", as: Vector.self) {
            let key = try PasswordHash.deriveKey(
                passphrase: SecretBytes(copying: hex(v.passphrase)),
                salt: hex(v.salt),
                length: v.length,
                cost: .init(opsLimit: v.opsLimit, memLimit: v.memLimit)
            )
            #expect(key.testBytes == (try hex(v.key)), "\(v.name)")
        }
    }

    @Test func minimumCostIsDeterministicAndSaltSensitive() throws {
        let passphrase = SecretBytes(copying: Array("correct horse".utf8))
        let salt = [UInt8](repeating: 7, count: PasswordHash.saltLength)
        let a = try PasswordHash.deriveKey(passphrase: passphrase, salt: salt, length: 32, cost: .minimum)
        let b = try PasswordHash.deriveKey(passphrase: passphrase, salt: salt, length: 32, cost: .minimum)
        var otherSalt = salt
        otherSalt[0] = 8
        let c = try PasswordHash.deriveKey(passphrase: passphrase, salt: otherSalt, length: 32, cost: .minimum)
        #expect(a.constantTimeEquals(b))
        #expect(!a.constantTimeEquals(c))
    }

    @Test func presetsAreOrderedAndMinimumIsLowest() {
        #expect(PasswordHash.Cost.minimum.opsLimit == 1)
        #expect(PasswordHash.Cost.minimum.memLimit == 8192)
        #expect(PasswordHash.Cost.interactive == .init(opsLimit: 2, memLimit: 64 << 20))
        #expect(PasswordHash.Cost.moderate.memLimit > PasswordHash.Cost.interactive.memLimit)
        #expect(PasswordHash.Cost.sensitive.memLimit > PasswordHash.Cost.moderate.memLimit)
        #expect(PasswordHash.saltLength == 16)
    }

    @Test func costRoundTripsThroughCodable() throws {
        let data = try JSONEncoder().encode(PasswordHash.Cost.interactive)
        #expect(try JSONDecoder().decode(PasswordHash.Cost.self, from: data) == .interactive)
    }

    @Test func rejectsBadSaltLengthAndCost() {
        let passphrase = SecretBytes(copying: Array("pw".utf8))
        let salt = [UInt8](repeating: 0, count: 16)
        #expect(throws: SodiumError.invalidLength(what: "Argon2id salt", actual: 8, expected: 16)) {
            try PasswordHash.deriveKey(passphrase: passphrase, salt: [0, 0, 0, 0, 0, 0, 0, 0], length: 32, cost: .minimum)
        }
        #expect(throws: SodiumError.invalidLength(what: "Argon2id key", actual: 15, expected: 16)) {
            try PasswordHash.deriveKey(passphrase: passphrase, salt: salt, length: 15, cost: .minimum)
        }
        #expect(throws: SodiumError.invalidLength(what: "Argon2id opsLimit", actual: 0, expected: 1)) {
            try PasswordHash.deriveKey(passphrase: passphrase, salt: salt, length: 32, cost: .init(opsLimit: 0, memLimit: 8192))
        }
        #expect(throws: SodiumError.invalidLength(what: "Argon2id memLimit", actual: 1024, expected: 8192)) {
            try PasswordHash.deriveKey(passphrase: passphrase, salt: salt, length: 32, cost: .init(opsLimit: 1, memLimit: 1024))
        }
    }
}
