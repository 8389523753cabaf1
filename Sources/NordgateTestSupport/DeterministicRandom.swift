import Foundation
package import NordgateCore
package import Sodium

/// Fixed "fresh" values for sealing test vectors: a given content key and nonce, ids from a list, and
/// sealed content keys replayed from a table (libsodium draws a sealed box's ephemeral key itself, so a
/// vector records the boxes it produced). Lives in test support so the CLI and server can never use it.
package struct DeterministicRandom: EnvelopeEntropy {
    /// The content key every envelope gets.
    package let fixedContentKey: [UInt8]
    /// The nonce every envelope gets.
    package let fixedNonce: [UInt8]
    /// The ids handed out in order: envelope id first, then one per attachment.
    package let ids: [String]
    /// Sealed content keys to replay, by recipient key id; a recipient not listed gets a real sealed box.
    package let sealedKeys: [String: [UInt8]]
    private let counter = Counter()

    /// Makes a source of fixed values.
    package init(contentKey: [UInt8], nonce: [UInt8], ids: [String], sealedKeys: [String: [UInt8]] = [:]) {
        fixedContentKey = contentKey
        fixedNonce = nonce
        self.ids = ids
        self.sealedKeys = sealedKeys
    }

    package func contentKey() -> SecretBytes { SecretBytes(copying: fixedContentKey) }

    package func nonce() -> [UInt8] { fixedNonce }

    package func uuid() -> String { ids[counter.next() % ids.count] }

    package func seal(contentKey: SecretBytes, to recipient: EnvelopeRecipient) throws -> [UInt8] {
        if let box = sealedKeys[recipient.keyId] { return box }
        return try SealedBox.seal(contentKey.withUnsafeBytes { Array($0) }, to: recipient.publicKey)
    }
}

/// A thread-safe counter for handing out ids in order.
private final class Counter: @unchecked Sendable {
    // @unchecked: the value is only touched under the lock.
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            defer { value += 1 }
            return value
        }
    }
}
