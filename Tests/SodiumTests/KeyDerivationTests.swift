import Sodium
import Testing

struct KeyDerivationTests {
    struct Vector: Decodable {
        let name: String
        let masterKey: String
        let context: String
        let subkeyID: UInt64
        let length: Int
        let subkey: String
    }

    @Test func derivedSubkeysMatchLibsodiumTestOutputs() throws {
        for v in try TestVectors.load("libsodium-tests", "kdf.json", as: Vector.self) {
            let subkey = try KeyDerivation.deriveKey(
                from: SecretBytes(copying: hex(v.masterKey)),
                subkeyID: v.subkeyID,
                context: v.context,
                length: v.length
            )
            #expect(subkey.testBytes == (try hex(v.subkey)), "\(v.name)")
        }
    }

    @Test func differentIDsAndContextsGiveDifferentKeys() throws {
        let master = KeyDerivation.generateMasterKey()
        let a = try KeyDerivation.deriveKey(from: master, subkeyID: 1, context: "Envelope")
        let b = try KeyDerivation.deriveKey(from: master, subkeyID: 2, context: "Envelope")
        let c = try KeyDerivation.deriveKey(from: master, subkeyID: 1, context: "Pseudony")
        let again = try KeyDerivation.deriveKey(from: master, subkeyID: 1, context: "Envelope")
        #expect(a.count == 32)
        #expect(!a.constantTimeEquals(b))
        #expect(!a.constantTimeEquals(c))
        #expect(a.constantTimeEquals(again))
    }

    @Test func rejectsBadContextMasterKeyAndLength() {
        let master = SecretBytes(count: 32)
        #expect(throws: SodiumError.invalidLength(what: "KDF context", actual: 7, expected: 8)) {
            try KeyDerivation.deriveKey(from: master, subkeyID: 0, context: "Envelop")
        }
        #expect(throws: SodiumError.invalidLength(what: "KDF context", actual: 9, expected: 8)) {
            try KeyDerivation.deriveKey(from: master, subkeyID: 0, context: "Envelopes")
        }
        #expect(throws: SodiumError.invalidEncoding(what: "KDF context")) {
            try KeyDerivation.deriveKey(from: master, subkeyID: 0, context: "Envelop\u{e9}")
        }
        #expect(throws: SodiumError.invalidLength(what: "KDF master key", actual: 16, expected: 32)) {
            try KeyDerivation.deriveKey(from: SecretBytes(count: 16), subkeyID: 0, context: "Envelope")
        }
        #expect(throws: SodiumError.invalidLength(what: "KDF subkey", actual: 15, expected: 16)) {
            try KeyDerivation.deriveKey(from: master, subkeyID: 0, context: "Envelope", length: 15)
        }
        #expect(throws: SodiumError.invalidLength(what: "KDF subkey", actual: 65, expected: 64)) {
            try KeyDerivation.deriveKey(from: master, subkeyID: 0, context: "Envelope", length: 65)
        }
    }
}
