import Foundation
import FuzzDriver
@testable import NordgateCore
import Sodium

/// libFuzzer entry point: the envelope parser, verifier and opener, with the fixed keys of the
/// published test vectors (`Tests/NordgateCoreTests/Envelope/Vectors/README.md`), so the vectors
/// in the seed corpus verify and open.
///
/// Each input is
/// 1. opened as envelope bytes by both vector recipients (it must be refused with an
///    `EnvelopeError` or open; the vectors open), and
/// 2. sealed as a payload from NO-POL to DK-POL and SE-POL: the envelope must open to the same
///    payload for each, and with any one byte of it changed (position and value taken from the
///    input) it must be refused.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for opener in VectorKeys.openers {
        _ = try? opener.open(bytes, now: VectorKeys.now)
    }
    guard
        let sealed = try? VectorKeys.sealer.seal(
            payload: bytes, type: "police.hit-query.v1", to: VectorKeys.recipients, now: VectorKeys.now)
    else { return 0 }
    for opener in VectorKeys.openers.dropFirst() {
        guard let opened = try? opener.open(sealed.bytes, now: VectorKeys.now) else { fatalError("a sealed envelope does not open") }
        precondition(opened.payload == bytes, "seal then open changed the payload")
    }
    var tampered = sealed.bytes
    let position = bytes.reduce(size) { ($0 &* 31 &+ Int($1)) & 0x7FFF_FFFF } % tampered.count
    let change = UInt8(truncatingIfNeeded: bytes.first ?? 0) | 1
    tampered[position] ^= change
    for opener in VectorKeys.openers.dropFirst() {
        precondition((try? opener.open(tampered, now: VectorKeys.now)) == nil, "an envelope with a changed byte opened")
    }
    return 0
}

/// The vector keys: seeds counting up from a start byte (see the vectors' README).
enum VectorKeys {
    static func pattern(_ start: UInt8) -> SecretBytes { SecretBytes(copying: (0..<32).map { start &+ UInt8($0) }) }

    /// Inside both vectors' lifetimes (2026-11-29 13:00 UTC).
    static let now = Date(timeIntervalSince1970: 1_795_957_200)
    static let signingKeys: [String: [EnvelopeSigningKey]] = [
        "NO-POL": [signingKey("NO-POL.sig.20261101-a1b2c3", seed: 0x10)],
        "NO-CA": [signingKey("NO-CA.sig.20261101-0c0d0e", seed: 0xA0)],
    ]
    static let boxes: [(authority: String, keyId: String, pair: BoxKeyPair)] = [
        ("DK-CA", "DK-CA.enc.20261101-0f1011", try! BoxKeyPair(seed: pattern(0xC0))),
        ("DK-POL", "DK-POL.enc.20261101-d4e5f6", try! BoxKeyPair(seed: pattern(0x30))),
        ("SE-POL", "SE-POL.enc.20261115-0a1b2c", try! BoxKeyPair(seed: pattern(0x50))),
    ]
    /// DK-CA (the one-attachment vector), then DK-POL and SE-POL (two-recipients, and what the fuzzer seals).
    static let openers = boxes.map { box in
        EnvelopeOpener(
            authority: box.authority, signingKeys: signingKeys,
            decryptionKeys: [EnvelopeDecryptionKey(id: box.keyId, keyPair: box.pair, state: .active)])
    }
    static let recipients = boxes.dropFirst().map {
        EnvelopeRecipient(authority: $0.authority, keyId: $0.keyId, publicKey: $0.pair.publicKey)
    }
    static let sealer = EnvelopeSealer(
        authority: "NO-POL", signingKeyId: "NO-POL.sig.20261101-a1b2c3",
        signer: try! SigningKeyPair(seed: pattern(0x10)), entropy: SystemEntropy())

    static func signingKey(_ id: String, seed: UInt8) -> EnvelopeSigningKey {
        EnvelopeSigningKey(
            id: id, publicKey: try! SigningKeyPair(seed: pattern(seed)).publicKey, state: .active,
            notBefore: Date(timeIntervalSince1970: 1_793_491_200))
    }
}

/// The program's entry point (see `FuzzDriver.h`): runs libFuzzer on ``fuzzEnvelope(_:_:)``.
@_cdecl("FuzzEnvelope_main")
public func fuzzEnvelopeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_main(argc, argv)
}
