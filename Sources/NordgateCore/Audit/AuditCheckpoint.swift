import Sodium

/// A signed statement that the log's entry `seq` has hash `hash`: it pins everything up to
/// that entry, so removing, changing or reordering earlier entries breaks the signature's
/// claim, even for someone who can recompute the unkeyed hash chain.
public struct AuditCheckpoint: Sendable, Hashable {
    /// The entry the checkpoint covers (and every entry before it).
    public var seq: Int64
    /// That entry's hash.
    public var hash: [UInt8]
    /// When the checkpoint was made, in whole Unix seconds.
    public var time: Int64
    /// The signing key's id, e.g. `NO-CA.sig.20261129-0a1b2c`.
    public var keyID: String
    /// The Ed25519 signature over ``signedBytes(seq:hash:time:)``.
    public var signature: [UInt8]

    /// The domain-separation prefix of every signed checkpoint.
    public static let context = Array("nordgate-audit-checkpoint-v1".utf8) + [0]

    public init(seq: Int64, hash: [UInt8], time: Int64, keyID: String, signature: [UInt8]) {
        self.seq = seq
        self.hash = hash
        self.time = time
        self.keyID = keyID
        self.signature = signature
    }

    /// The bytes a checkpoint signature covers: ``context`` ‖ `seq` (8 bytes, big-endian) ‖
    /// `hash` (32 bytes) ‖ `time` (8 bytes, big-endian two's complement).
    public static func signedBytes(seq: Int64, hash: [UInt8], time: Int64) -> [UInt8] {
        context + bigEndian(UInt64(bitPattern: seq)) + hash + bigEndian(UInt64(bitPattern: time))
    }

    /// Makes and signs the checkpoint of `entry`.
    /// - Throws: ``StoreError/signingFailed(keyID:)``.
    public static func make(for entry: AuditEntry, time: Int64, signer: any AuditSigner) throws -> AuditCheckpoint {
        let message = signedBytes(seq: entry.seq, hash: entry.hash, time: time)
        let signature: [UInt8]
        do { signature = try signer.sign(message) } catch { throw StoreError.signingFailed(keyID: signer.keyID) }
        return AuditCheckpoint(seq: entry.seq, hash: entry.hash, time: time, keyID: signer.keyID, signature: signature)
    }

    /// Whether the signature verifies under `publicKey` (32-byte Ed25519).
    public func verifies(publicKey: [UInt8]) -> Bool {
        hash.count == AuditEntry.hashLength
            && Signature.verify(
                signature,
                message: Self.signedBytes(seq: seq, hash: hash, time: time),
                publicKey: publicKey
            )
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
