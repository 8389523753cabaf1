import Foundation
import NordgateCore
import Testing

/// Changing any single byte of an envelope never yields one that opens, and always the same code.
@Suite struct EnvelopeTamperTests {
    /// The codes a one-byte change may produce: the text breaks, the version changes, the key id changes,
    /// or the signed content changes. Nothing later in the order can be reached without a valid signature.
    static let possibleCodes: Set<String> = ["malformed", "unknown-version", "unknown-signing-key", "signature-invalid"]

    @Test func flippingAnyBitOfAnyByteNeverOpensAndMapsToOneCode() throws {
        let network = try EnvelopeTestNetwork(["NO-CA", "DK-CA"])
        let sealed = try network.seal(from: "NO-CA", to: ["DK-CA"], payload: #"{"n":1}"#)
        let opener = try network.opener("DK-CA")
        let now = EnvelopeTestNetwork.start.addingTimeInterval(120)
        let text = String(decoding: sealed.bytes, as: UTF8.self)
        let regions = Self.regions(of: text)
        var seen: [String: Set<String>] = [:]
        for index in sealed.bytes.indices {
            for mask: UInt8 in [0x01, 0x20] {
                var changed = sealed.bytes
                changed[index] ^= mask
                let first = Self.code(opener, changed, now)
                let second = Self.code(opener, changed, now)
                #expect(first == second, "byte \(index): not deterministic")
                let code = try #require(first, "byte \(index) ^ \(mask) still opens")
                #expect(Self.possibleCodes.contains(code), "byte \(index): \(code)")
                let region = regions.first { $0.range.contains(index) }?.name ?? "structure"
                seen[region, default: []].insert(code)
            }
        }
        // Every region's changes reach the signature check (some flips keep the text valid).
        for region in ["payload.ciphertext", "payload.nonce", "recipients.sealedKey", "signature", "id", "created"] {
            #expect(seen[region]?.contains("signature-invalid") == true, "\(region): \(seen[region] ?? [])")
        }
        #expect(seen["version"] == ["unknown-version", "malformed"])
        #expect(seen["signingKeyId"]?.isSubset(of: ["unknown-signing-key", "malformed"]) == true)
        #expect(seen["signingKeyId"]?.contains("unknown-signing-key") == true)
    }

    static func code(_ opener: EnvelopeOpener, _ bytes: [UInt8], _ now: Date) -> String? {
        do {
            _ = try opener.open(bytes, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    /// The byte ranges of some string and number values in the canonical text.
    static func regions(of text: String) -> [(name: String, range: Range<Int>)] {
        let bytes = Array(text.utf8)
        func valueRange(after key: String) -> Range<Int>? {
            let needle = Array("\"\(key)\":".utf8)
            guard let start = (0...(bytes.count - needle.count)).first(where: { Array(bytes[$0..<$0 + needle.count]) == needle })
            else { return nil }
            var end = start + needle.count
            if bytes[end] == UInt8(ascii: "\"") {
                end += 1
                while bytes[end] != UInt8(ascii: "\"") { end += 1 }
                return (start + needle.count + 1)..<end
            }
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            return (start + needle.count)..<end
        }
        let names = [
            ("payload.ciphertext", "ciphertext"), ("payload.nonce", "nonce"), ("recipients.sealedKey", "sealedKey"),
            ("signature", "signature"), ("id", "id"), ("created", "created"), ("version", "version"),
            ("signingKeyId", "signingKeyId"),
        ]
        return names.compactMap { name, key in valueRange(after: key).map { (name, $0) } }
    }
}
