import Sodium
import Testing

struct SodiumErrorTests {
    @Test func descriptionsNameWhatFailedWithoutValues() {
        #expect(SodiumError.authenticationFailed.description == "authentication failed")
        #expect(
            SodiumError.invalidLength(what: "AEAD nonce", actual: 12, expected: 24).description
                == "AEAD nonce is 12 bytes, expected 24"
        )
        #expect(SodiumError.invalidEncoding(what: "base64").description == "base64 is not validly encoded")
        #expect(SodiumError.operationFailed("crypto_box_seal").description == "crypto_box_seal failed")
        #expect(SodiumError.outOfMemory.description == "out of memory")
    }

    @Test func decodingErrorDoesNotEchoTheInput() {
        let input = "c2VjcmV0!"
        do {
            _ = try Base64.decode(input)
            Issue.record("decoding should have failed")
        } catch {
            #expect(!String(describing: error).contains(input))
            #expect(!String(describing: error).contains("c2VjcmV0"))
        }
    }
}
