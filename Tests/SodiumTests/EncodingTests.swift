import Sodium
import Testing

struct EncodingTests {
    struct Vector: Decodable {
        let name: String
        let ascii: String
        let base64: String
        let base16: String
    }

    @Test func base64MatchesRFC4648Vectors() throws {
        for v in try TestVectors.load("rfc4648", "base64.json", as: Vector.self) {
            #expect(Base64.encode(Array(v.ascii.utf8)) == v.base64, "\(v.name)")
            #expect(try Base64.decode(v.base64) == Array(v.ascii.utf8), "\(v.name)")
        }
    }

    @Test func hexMatchesRFC4648Vectors() throws {
        for v in try TestVectors.load("rfc4648", "base64.json", as: Vector.self) {
            #expect(Hex.encode(Array(v.ascii.utf8)) == v.base16.lowercased(), "\(v.name)")
            #expect(try Hex.decode(v.base16) == Array(v.ascii.utf8), "\(v.name)")
            #expect(try Hex.decode(v.base16.lowercased()) == Array(v.ascii.utf8), "\(v.name)")
        }
    }

    @Test(arguments: [
        "Zm9v\n",  // trailing newline
        " Zm9v",  // leading space
        "Zm 9v",  // inner space
        "Zm8",  // missing padding
        "Zg=",  // short padding
        "Zg===",  // extra padding
        "Zh==",  // non-zero trailing bits (canonical is Zg==)
        "Zm9=",  // non-zero trailing bits (canonical is Zm8=)
        "Zm-v",  // URL-safe alphabet in standard decoding
        "Zm9v!",  // invalid character
        "=",
        "Zm9vYg==Zg==",  // padding in the middle
    ])
    func base64DecodeIsStrict(_ text: String) {
        #expect(throws: SodiumError.invalidEncoding(what: "base64")) { try Base64.decode(text) }
    }

    @Test func urlSafeNoPaddingRoundTripsAllByteValues() throws {
        let bytes = (0...255).map { UInt8($0) }
        for length in 0...bytes.count {
            let prefix = Array(bytes.prefix(length))
            let text = Base64.encodeURLSafeNoPadding(prefix)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(try Base64.decodeURLSafeNoPadding(text) == prefix)
            #expect(try Base64.decode(Base64.encode(prefix)) == prefix)
        }
    }

    @Test(arguments: ["Zg==", "Zm8=", "Zm+v", "Zm/v", "Zh", "Zm9", " Zm9v", "Zm9v\n"])
    func urlSafeDecodeIsStrict(_ text: String) {
        #expect(throws: SodiumError.invalidEncoding(what: "base64url")) { try Base64.decodeURLSafeNoPadding(text) }
    }

    @Test func urlSafeUsesDashAndUnderscore() throws {
        #expect(Base64.encodeURLSafeNoPadding([0xfb, 0xff]) == "-_8")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
        #expect(try Base64.decodeURLSafeNoPadding("-_8") == [0xfb, 0xff])
    }

    @Test(arguments: ["0", "abc", "zz", "0g", " 00", "00 ", "0x00", "00:11"])
    func hexDecodeRejectsMalformedText(_ text: String) {
        #expect(throws: SodiumError.invalidEncoding(what: "hex")) { try Hex.decode(text) }
    }

    @Test func hexRoundTripsAllByteValues() throws {
        let bytes = (0...255).map { UInt8($0) }
        let text = Hex.encode(bytes)
        #expect(text.count == 512)
        #expect(text.hasPrefix("000102") && text.hasSuffix("fdfeff"))
        #expect(try Hex.decode(text) == bytes)
        #expect(try Hex.decode(text.uppercased()) == bytes)
    }
}
