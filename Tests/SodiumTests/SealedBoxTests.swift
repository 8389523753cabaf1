import Sodium
import Testing

struct SealedBoxTests {
    struct BaseVector: Decodable {
        let name: String
        let secretKey: String
        let publicKey: String
    }

    struct SeedVector: Decodable {
        let name: String
        let seed: String
        let secretKey: String
        let publicKey: String
    }

    @Test func secretKeyInitDerivesRFC7748PublicKeys() throws {
        for v in try TestVectors.load("rfc7748", "x25519-base.json", as: BaseVector.self) {
            let pair = try BoxKeyPair(secretKey: SecretBytes(copying: hex(v.secretKey)))
            #expect(pair.publicKey == (try hex(v.publicKey)), "\(v.name)")
        }
    }

    @Test func seedInitMatchesPublishedSeedKeypair() throws {
        for v in try TestVectors.load("sodium_compat", "box-seed-keypair.json", as: SeedVector.self) {
            let pair = try BoxKeyPair(seed: SecretBytes(copying: hex(v.seed)))
            #expect(pair.publicKey == (try hex(v.publicKey)))
            #expect(pair.secretKey.testBytes == (try hex(v.secretKey)))
        }
    }

    @Test func sealedContentKeyOpensWithRecipientKeyPair() throws {
        let recipient = BoxKeyPair.generate()
        let contentKey = SecureRandom.bytes(32)
        let box = try SealedBox.seal(contentKey, to: recipient.publicKey)
        #expect(box.count == contentKey.count + SealedBox.overhead)
        let opened = try SealedBox.open(box, with: recipient)
        #expect(opened.testBytes == contentKey)
    }

    @Test func sealingTwiceGivesDifferentBoxes() throws {
        let recipient = BoxKeyPair.generate()
        let message = SecureRandom.bytes(32)
        #expect(try SealedBox.seal(message, to: recipient.publicKey) != SealedBox.seal(message, to: recipient.publicKey))
    }

    @Test func openRejectsEveryFlippedBit() throws {
        let recipient = BoxKeyPair.generate()
        let box = try SealedBox.seal(SecureRandom.bytes(32), to: recipient.publicKey)
        for bit in 0..<(box.count * 8) {
            #expect(throws: SodiumError.authenticationFailed, "bit \(bit)") {
                try SealedBox.open(flippingBit(box, bit), with: recipient)
            }
        }
    }

    @Test func openRejectsOtherRecipientAndTruncatedBox() throws {
        let recipient = BoxKeyPair.generate()
        let box = try SealedBox.seal(SecureRandom.bytes(32), to: recipient.publicKey)
        #expect(throws: SodiumError.authenticationFailed) {
            try SealedBox.open(box, with: BoxKeyPair.generate())
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try SealedBox.open(Array(box.dropLast()), with: recipient)
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try SealedBox.open(Array(box.prefix(SealedBox.overhead - 1)), with: recipient)
        }
    }

    @Test func emptyMessageRoundTrips() throws {
        let recipient = BoxKeyPair.generate()
        let box = try SealedBox.seal([], to: recipient.publicKey)
        #expect(box.count == SealedBox.overhead)
        #expect(try SealedBox.open(box, with: recipient).count == 0)
    }

    @Test func rejectsWrongKeyLengths() {
        #expect(throws: SodiumError.invalidLength(what: "X25519 public key", actual: 31, expected: 32)) {
            try SealedBox.seal([1], to: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: SodiumError.invalidLength(what: "X25519 secret key", actual: 64, expected: 32)) {
            try BoxKeyPair(secretKey: SecretBytes(count: 64))
        }
        #expect(throws: SodiumError.invalidLength(what: "X25519 seed", actual: 16, expected: 32)) {
            try BoxKeyPair(seed: SecretBytes(count: 16))
        }
    }

    @Test func rebuiltKeyPairOpensBoxesForTheOriginal() throws {
        let original = BoxKeyPair.generate()
        let rebuilt = try BoxKeyPair(secretKey: SecretBytes(copying: original.secretKey.testBytes))
        #expect(rebuilt.publicKey == original.publicKey)
        let box = try SealedBox.seal([1, 2, 3], to: original.publicKey)
        #expect(try SealedBox.open(box, with: rebuilt).testBytes == [1, 2, 3])
    }
}
