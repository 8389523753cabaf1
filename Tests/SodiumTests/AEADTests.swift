import Sodium
import Testing

struct AEADTests {
    struct Vector: Decodable {
        let name: String
        let plaintext: String
        let associatedData: String
        let key: String
        let nonce: String
        let ciphertext: String
        let tag: String
    }

    private func vector() throws -> Vector {
        try #require(
            TestVectors.load("draft-irtf-cfrg-xchacha", "aead-xchacha20poly1305.json", as: Vector.self).first
        )
    }

    @Test func sealMatchesDraftXChaChaVector() throws {
        let v = try vector()
        let sealed = try AEAD.seal(
            hex(v.plaintext),
            key: SecretBytes(copying: hex(v.key)),
            nonce: hex(v.nonce),
            associatedData: hex(v.associatedData)
        )
        #expect(sealed == (try hex(v.ciphertext) + hex(v.tag)))
    }

    @Test func openMatchesDraftXChaChaVector() throws {
        let v = try vector()
        let opened = try AEAD.open(
            hex(v.ciphertext) + hex(v.tag),
            key: SecretBytes(copying: hex(v.key)),
            nonce: hex(v.nonce),
            associatedData: hex(v.associatedData)
        )
        #expect(opened == (try hex(v.plaintext)))
    }

    @Test func openRejectsEveryFlippedBitOfCiphertextAndTag() throws {
        let v = try vector()
        let key = SecretBytes(copying: try hex(v.key))
        let nonce = try hex(v.nonce)
        let ad = try hex(v.associatedData)
        let sealed = try hex(v.ciphertext) + hex(v.tag)
        for bit in 0..<(sealed.count * 8) {
            #expect(throws: SodiumError.authenticationFailed, "bit \(bit)") {
                try AEAD.open(flippingBit(sealed, bit), key: key, nonce: nonce, associatedData: ad)
            }
        }
    }

    @Test func openRejectsEveryFlippedBitOfNonce() throws {
        let v = try vector()
        let key = SecretBytes(copying: try hex(v.key))
        let nonce = try hex(v.nonce)
        let ad = try hex(v.associatedData)
        let sealed = try hex(v.ciphertext) + hex(v.tag)
        for bit in 0..<(nonce.count * 8) {
            #expect(throws: SodiumError.authenticationFailed, "bit \(bit)") {
                try AEAD.open(sealed, key: key, nonce: flippingBit(nonce, bit), associatedData: ad)
            }
        }
    }

    @Test func openRejectsEveryFlippedBitOfAssociatedData() throws {
        let v = try vector()
        let key = SecretBytes(copying: try hex(v.key))
        let nonce = try hex(v.nonce)
        let ad = try hex(v.associatedData)
        let sealed = try hex(v.ciphertext) + hex(v.tag)
        for bit in 0..<(ad.count * 8) {
            #expect(throws: SodiumError.authenticationFailed, "bit \(bit)") {
                try AEAD.open(sealed, key: key, nonce: nonce, associatedData: flippingBit(ad, bit))
            }
        }
    }

    @Test func openRejectsWrongKeyMissingAssociatedDataAndTruncation() throws {
        let key = AEAD.generateKey()
        let nonce = AEAD.generateNonce()
        let sealed = try AEAD.seal(Array("message".utf8), key: key, nonce: nonce, associatedData: [1, 2, 3])
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(sealed, key: AEAD.generateKey(), nonce: nonce, associatedData: [1, 2, 3])
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(sealed, key: key, nonce: nonce)
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(Array(sealed.dropLast()), key: key, nonce: nonce, associatedData: [1, 2, 3])
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(Array(sealed.prefix(AEAD.tagLength - 1)), key: key, nonce: nonce, associatedData: [1, 2, 3])
        }
    }

    @Test func emptyPlaintextRoundTripsToTagOnly() throws {
        let key = AEAD.generateKey()
        let nonce = AEAD.generateNonce()
        let sealed = try AEAD.seal([], key: key, nonce: nonce)
        #expect(sealed.count == AEAD.tagLength)
        #expect(try AEAD.open(sealed, key: key, nonce: nonce) == [])
    }

    @Test func bufferOverloadsMatchArrayVersions() throws {
        let key = AEAD.generateKey()
        let nonce = AEAD.generateNonce()
        let message = SecureRandom.bytes(1000)
        let ad: [UInt8] = [9, 8, 7]
        let viaBuffers = try message.withUnsafeBytes { m in
            try ad.withUnsafeBytes { a in try AEAD.seal(m, key: key, nonce: nonce, associatedData: a) }
        }
        #expect(viaBuffers == (try AEAD.seal(message, key: key, nonce: nonce, associatedData: ad)))
        let opened = try viaBuffers.withUnsafeBytes { c in
            try ad.withUnsafeBytes { a in try AEAD.open(c, key: key, nonce: nonce, associatedData: a) }
        }
        #expect(opened == message)
    }

    @Test func rejectsWrongKeyAndNonceLengths() throws {
        let nonce = AEAD.generateNonce()
        #expect(throws: SodiumError.invalidLength(what: "AEAD key", actual: 16, expected: 32)) {
            try AEAD.seal([1], key: SecretBytes(count: 16), nonce: nonce)
        }
        #expect(throws: SodiumError.invalidLength(what: "AEAD nonce", actual: 12, expected: 24)) {
            try AEAD.seal([1], key: AEAD.generateKey(), nonce: [UInt8](repeating: 0, count: 12))
        }
        #expect(throws: SodiumError.invalidLength(what: "AEAD nonce", actual: 23, expected: 24)) {
            try AEAD.open([UInt8](repeating: 0, count: 32), key: AEAD.generateKey(), nonce: [UInt8](repeating: 0, count: 23))
        }
    }

    @Test func constantsMatchXChaCha20Poly1305() {
        #expect(AEAD.keyLength == 32)
        #expect(AEAD.nonceLength == 24)
        #expect(AEAD.tagLength == 16)
        #expect(AEAD.generateKey().count == 32)
    }
}
