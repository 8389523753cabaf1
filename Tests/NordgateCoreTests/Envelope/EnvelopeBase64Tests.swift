import NordgateCore
import Sodium
import Testing

/// The envelope's fast base64 agrees with libsodium's strict codec on every input.
@Suite struct EnvelopeBase64Tests {
    @Test func encodingMatchesLibsodiumForEveryLengthUpTo300() {
        for length in 0...300 {
            let bytes = SecureRandom.bytes(length)
            let text = EnvelopeBase64.encode(bytes)
            #expect(text == Base64.encode(bytes))
            #expect(EnvelopeBase64.decode(text) == bytes)
        }
    }

    @Test func everyOneCharacterChangeIsJudgedAsLibsodiumJudgesIt() {
        for length in [0, 1, 2, 3, 4, 5, 31, 32, 33] {
            let text = Array(Base64.encode(SecureRandom.bytes(length)).utf8)
            for index in text.indices {
                for replacement in Array("A=+/zQg_-. \n\u{0}".utf8) + [0xC3] {
                    var changed = text
                    changed[index] = replacement
                    let candidate = String(decoding: changed, as: UTF8.self)
                    #expect(EnvelopeBase64.decode(candidate) == (try? Base64.decode(candidate)), "\(candidate)")
                }
            }
        }
    }

    @Test(arguments: ["A", "AB", "ABC", "AB=", "A===", "AB==AB==", "AB=C", "AR==", "ABD=", " ABC", "ABC=\n", "====", "AB"])
    func nonCanonicalTextIsRefused(text: String) {
        #expect(EnvelopeBase64.decode(text) == nil)
        #expect((try? Base64.decode(text)) == nil)
    }
}
