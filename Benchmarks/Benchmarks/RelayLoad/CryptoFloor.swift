import Foundation
import Sodium

/// The libsodium work of one message with one recipient, timed on one core: what no gateway
/// can go below. The sender seals the record (AEAD), seals the content key to the receiver
/// (`crypto_box_seal`), signs the envelope and verifies the receipt; the receiver verifies the
/// envelope, opens the content key and the record, and signs the receipt.
struct CryptoFloor {
    /// Seconds of one core per message.
    var sender: Double
    var receiver: Double

    /// Messages per second when both sides share `cores` cores.
    func messagesPerSecond(cores: Int) -> Double { Double(cores) / (sender + receiver) }

    /// Times `rounds` messages of `payloadBytes` (the envelope is about 4/3 of it, as base64, plus a header).
    static func measure(payloadBytes: Int, rounds: Int = 2_000) throws -> CryptoFloor {
        let payload = SecureRandom.bytes(payloadBytes)
        let envelopeBytes = payloadBytes * 4 / 3 + 900
        let receiptBytes = 420
        let senderKeys = SigningKeyPair.generate()
        let receiverKeys = SigningKeyPair.generate()
        let receiverBox = BoxKeyPair.generate()
        let envelope = SecureRandom.bytes(envelopeBytes)
        let receipt = SecureRandom.bytes(receiptBytes)
        let envelopeSignature = senderKeys.sign(envelope)
        let receiptSignature = receiverKeys.sign(receipt)
        let key = AEAD.generateKey()
        let nonce = AEAD.generateNonce()
        let ciphertext = try AEAD.seal(payload, key: key, nonce: nonce)
        let sealedKey = try SealedBox.seal(key.withUnsafeBytes { Array($0) }, to: receiverBox.publicKey)

        let sender = try time(rounds) {
            let contentKey = AEAD.generateKey()
            _ = try AEAD.seal(payload, key: contentKey, nonce: AEAD.generateNonce())
            _ = try SealedBox.seal(contentKey.withUnsafeBytes { Array($0) }, to: receiverBox.publicKey)
            _ = senderKeys.sign(envelope)
            guard Signature.verify(receiptSignature, message: receipt, publicKey: receiverKeys.publicKey) else {
                throw SodiumError.authenticationFailed
            }
        }
        let receiver = try time(rounds) {
            guard Signature.verify(envelopeSignature, message: envelope, publicKey: senderKeys.publicKey) else {
                throw SodiumError.authenticationFailed
            }
            let opened = try SealedBox.open(sealedKey, with: receiverBox)
            _ = try AEAD.open(ciphertext, key: opened, nonce: nonce)
            _ = receiverKeys.sign(receipt)
        }
        return CryptoFloor(sender: sender, receiver: receiver)
    }

    /// Seconds per call of `body`, the best of three runs of `rounds` calls.
    private static func time(_ rounds: Int, _ body: () throws -> Void) throws -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            for _ in 0..<rounds { try body() }
            let elapsed = ContinuousClock.now - start
            best = min(best, Self.seconds(elapsed) / Double(rounds))
        }
        return best
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
