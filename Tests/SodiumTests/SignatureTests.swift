import Sodium
import Testing

struct SignatureTests {
    struct Vector: Decodable {
        let name: String
        let secretKey: String
        let publicKey: String
        let message: String
        let signature: String
    }

    private func vectors() throws -> [Vector] {
        try TestVectors.load("rfc8032", "ed25519.json", as: Vector.self)
    }

    @Test func keyPairFromSeedMatchesRFC8032() throws {
        for v in try vectors() {
            let pair = try SigningKeyPair(seed: SecretBytes(copying: hex(v.secretKey)))
            #expect(pair.publicKey == (try hex(v.publicKey)), "\(v.name)")
            #expect(pair.secretKey.testBytes == (try hex(v.secretKey) + hex(v.publicKey)), "\(v.name)")
        }
    }

    @Test func signMatchesRFC8032AndVerifies() throws {
        for v in try vectors() {
            let pair = try SigningKeyPair(seed: SecretBytes(copying: hex(v.secretKey)))
            let signature = pair.sign(try hex(v.message))
            #expect(signature == (try hex(v.signature)), "\(v.name)")
            #expect(Signature.verify(signature, message: try hex(v.message), publicKey: try hex(v.publicKey)))
        }
    }

    @Test func verifyRejectsEveryFlippedBitOfSignature() throws {
        for v in try vectors() {
            let signature = try hex(v.signature)
            let message = try hex(v.message)
            let publicKey = try hex(v.publicKey)
            for bit in 0..<(signature.count * 8) {
                #expect(!Signature.verify(flippingBit(signature, bit), message: message, publicKey: publicKey),
                        "\(v.name) bit \(bit)")
            }
        }
    }

    @Test func verifyRejectsEveryFlippedBitOfMessageAndPublicKey() throws {
        let v = try #require(try vectors().last)
        let signature = try hex(v.signature)
        let message = try hex(v.message)
        let publicKey = try hex(v.publicKey)
        for bit in 0..<(message.count * 8) {
            #expect(!Signature.verify(signature, message: flippingBit(message, bit), publicKey: publicKey))
        }
        for bit in 0..<(publicKey.count * 8) {
            #expect(!Signature.verify(signature, message: message, publicKey: flippingBit(publicKey, bit)))
        }
    }

    @Test func verifyRejectsWrongLengthsInsteadOfTrapping() throws {
        let v = try #require(try vectors().first)
        let signature = try hex(v.signature)
        let publicKey = try hex(v.publicKey)
        #expect(!Signature.verify(Array(signature.dropLast()), message: [], publicKey: publicKey))
        #expect(!Signature.verify(signature, message: [], publicKey: Array(publicKey.dropLast())))
        #expect(!Signature.verify([], message: [], publicKey: []))
    }

    @Test func secretKeyInitRebuildsTheSamePair() throws {
        let pair = SigningKeyPair.generate()
        let rebuilt = try SigningKeyPair(secretKey: SecretBytes(copying: pair.secretKey.testBytes))
        #expect(rebuilt.publicKey == pair.publicKey)
        let message = Array("hello".utf8)
        #expect(Signature.verify(rebuilt.sign(message), message: message, publicKey: pair.publicKey))
    }

    @Test func secretKeyInitRejectsMismatchedPublicHalfAndWrongLength() throws {
        var bytes = SigningKeyPair.generate().secretKey.testBytes
        bytes[63] ^= 1
        #expect(throws: SodiumError.invalidEncoding(what: "Ed25519 secret key")) {
            try SigningKeyPair(secretKey: SecretBytes(copying: bytes))
        }
        #expect(throws: SodiumError.invalidLength(what: "Ed25519 secret key", actual: 32, expected: 64)) {
            try SigningKeyPair(secretKey: SecretBytes(count: 32))
        }
        #expect(throws: SodiumError.invalidLength(what: "Ed25519 seed", actual: 31, expected: 32)) {
            try SigningKeyPair(seed: SecretBytes(count: 31))
        }
    }

    @Test func generatedPairsDifferAndHaveDocumentedLengths() {
        let a = SigningKeyPair.generate()
        let b = SigningKeyPair.generate()
        #expect(a.publicKey != b.publicKey)
        #expect(a.publicKey.count == SigningKeyPair.publicKeyLength)
        #expect(a.secretKey.count == 64)
        #expect(a.sign([]).count == SigningKeyPair.signatureLength)
    }
}
