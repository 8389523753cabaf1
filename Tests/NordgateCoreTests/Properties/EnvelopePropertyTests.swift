import Foundation
import NordgateCore
import Testing

/// Sealing and opening over random payloads, recipient sets and single-byte changes.
@Suite struct EnvelopePropertyTests {
    static let police = ["NO-POL", "DK-POL", "SE-POL", "FI-POL", "IS-POL"]
    let network: EnvelopeTestNetwork
    static let sealedAt = EnvelopeTestNetwork.start.addingTimeInterval(60)
    static let openedAt = EnvelopeTestNetwork.start.addingTimeInterval(120)

    init() throws { network = try EnvelopeTestNetwork(Self.police) }

    @Test func sealThenOpenGivesThePayloadToEveryRecipientAndNoOneElse() throws {
        let openers = try Dictionary(uniqueKeysWithValues: Self.police.map { ($0, try network.opener($0)) })
        let sealers = try Dictionary(uniqueKeysWithValues: Self.police.map { ($0, try network.sealer($0)) })
        for seed in PropertyRandom.seeds(base: 0x5345_414C_0000) {
            var random = PropertyRandom(seed: seed)
            let sender = Self.police.randomElement(using: &random)!
            let others = Self.police.filter { $0 != sender }.shuffled(using: &random)
            let recipients = Array(others.prefix(Int.random(in: 1...others.count, using: &random)))
            let payload = random.bytes(Int.random(in: 0...2_048, using: &random))
            let sealed = try sealers[sender]!.seal(
                payload: payload, type: "police.hit-query.v1", to: try network.recipients(of: sender, recipients),
                now: Self.sealedAt)
            #expect(sealed.header.to == recipients, "seed \(seed)")
            for authority in Self.police where authority != sender {
                let opener = openers[authority]!
                if recipients.contains(authority) {
                    let opened = try opener.open(sealed.bytes, now: Self.openedAt)
                    #expect(opened.payload == payload, "seed \(seed), recipient \(authority)")
                } else {
                    #expect(throws: EnvelopeError.notAddressedToUs, "seed \(seed), \(authority)") {
                        try opener.open(sealed.bytes, now: Self.openedAt)
                    }
                }
            }
        }
    }

    @Test func anySingleByteChangeMakesOpenFail() throws {
        let opener = try network.opener("DK-POL")
        let sealer = try network.sealer("NO-POL")
        let recipients = try network.recipients(of: "NO-POL", ["DK-POL", "SE-POL"])
        for seed in PropertyRandom.seeds(base: 0x4259_5445_0000) {
            var random = PropertyRandom(seed: seed)
            let payload = random.bytes(Int.random(in: 0...512, using: &random))
            let sealed = try sealer.seal(payload: payload, type: "police.hit-query.v1", to: recipients, now: Self.sealedAt)
            var bytes = sealed.bytes
            let position = Int.random(in: 0..<bytes.count, using: &random)
            bytes[position] ^= UInt8.random(in: 1...255, using: &random)
            #expect(throws: EnvelopeError.self, "seed \(seed), byte \(position)") {
                try opener.open(bytes, now: Self.openedAt)
            }
        }
    }
}
