import Foundation
import JSONSchema
@testable import NordgateCore
import NordgateTestSupport
import Sodium
import Testing

/// Attachments: streamed, bound to their envelope, position and chunk order.
@Suite struct EnvelopeAttachmentTests {
    let network: EnvelopeTestNetwork
    let files: TemporaryFolder
    let openAt = EnvelopeTestNetwork.start.addingTimeInterval(300)

    init() throws {
        network = try EnvelopeTestNetwork(["NO-POL", "DK-POL"])
        files = try TemporaryFolder(prefix: "nordgate-attachments")
    }

    func write(_ bytes: [UInt8], as name: String) throws -> String {
        let path = files.appending(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func seal(_ contents: [[UInt8]]) throws -> SealedEnvelope {
        let sources = try contents.enumerated().map { index, bytes in
            EnvelopeAttachmentSource(path: try write(bytes, as: "plain-\(index)"), mediaType: "application/octet-stream")
        }
        return try network.sealer("NO-POL").seal(
            payload: Array(#"{"photos":true}"#.utf8), type: "police.trafficking-intelligence-report.v1",
            to: try network.recipients(of: "NO-POL", ["DK-POL"]), attachments: sources, attachmentsFolder: files.path,
            now: EnvelopeTestNetwork.start.addingTimeInterval(60))
    }

    func open(_ sealed: SealedEnvelope, index: Int = 0, from source: String? = nil) throws -> [UInt8] {
        let opened = try network.opener("DK-POL").open(sealed.bytes, now: openAt)
        let destination = files.appending("opened-\(UUID().uuidString)")
        try opened.openAttachment(at: index, from: source ?? sealed.attachmentFiles[index], to: destination)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: destination)))
    }

    func attachmentCode(_ sealed: SealedEnvelope, index: Int = 0, from source: String) -> String? {
        do {
            _ = try open(sealed, index: index, from: source)
            return nil
        } catch let error as EnvelopeError {
            return error.code
        } catch {
            return "unexpected"
        }
    }

    /// The digest as `docs/envelope.md` §5.3 defines it, chained over the encrypted chunks with plain BLAKE2b.
    func specifiedDigest(of sealed: SealedEnvelope) throws -> String {
        let metadata = sealed.header.attachments[0]
        let encrypted = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sealed.attachmentFiles[0])))
        var digest = GenericHash.hash(metadata.header)
        var offset = 0
        for _ in 0..<metadata.chunks {
            let end = min(offset + 65_536 + 17, encrypted.count)
            digest = try GenericHash.keyedHash(Array(encrypted[offset..<end]), key: SecretBytes(copying: digest))
            offset = end
        }
        #expect(offset == encrypted.count)
        return Hex.encode(digest)
    }

    @Test(arguments: [0, 1, 65_536, 65_537, 200_000])
    func attachmentsOfEverySizeRoundTrip(size: Int) throws {
        let content = SecureRandom.bytes(size)
        let sealed = try seal([content])
        let metadata = sealed.header.attachments[0]
        #expect(metadata.size == size)
        #expect(metadata.chunks == max(1, (size + 65_535) / 65_536))
        let encrypted = try Data(contentsOf: URL(fileURLWithPath: sealed.attachmentFiles[0]))
        #expect(encrypted.count == size + metadata.chunks * 17)
        #expect(sealed.attachmentFiles[0].hasSuffix("\(metadata.id).bin"))
        #expect(try specifiedDigest(of: sealed) == Hex.encode(metadata.digest))
        #expect(try JSONParser.parse(sealed.bytes).canonicalBytes() == sealed.bytes)
        #expect(try open(sealed) == content)
    }

    @Test func aTwentyFiveMebibyteAttachmentRoundTrips() throws {
        var content = [UInt8](repeating: 0, count: 25 << 20)
        for index in stride(from: 0, to: content.count, by: 4096) { content[index] = UInt8(truncatingIfNeeded: index >> 12) }
        let sealed = try seal([content])
        #expect(sealed.header.attachments[0].chunks == 400)
        #expect(try specifiedDigest(of: sealed) == Hex.encode(sealed.header.attachments[0].digest))
        #expect(try open(sealed) == content)
    }

    @Test func truncatedExtendedOrAlteredFilesAreRefusedAndLeaveNoOutput() throws {
        let sealed = try seal([SecureRandom.bytes(3 * 65_536 + 5)])
        let encrypted = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sealed.attachmentFiles[0])))
        let chunk = 65_536 + 17
        var variants: [[UInt8]] = [
            Array(encrypted.dropLast()),
            Array(encrypted.prefix(3 * chunk)),
            encrypted + [0],
            [],
        ]
        var flipped = encrypted
        flipped[chunk + 100] ^= 1
        variants.append(flipped)
        var reordered = encrypted
        reordered.replaceSubrange(0..<chunk, with: encrypted[chunk..<2 * chunk])
        reordered.replaceSubrange(chunk..<2 * chunk, with: encrypted[0..<chunk])
        variants.append(reordered)
        for (index, variant) in variants.enumerated() {
            let path = try write(variant, as: "variant-\(index).bin")
            #expect(attachmentCode(sealed, from: path) == "attachment-invalid", "variant \(index)")
        }
        #expect(attachmentCode(sealed, from: files.appending("missing.bin")) == "attachment-invalid")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: files.path).filter { $0.hasPrefix("opened-") }
        #expect(leftovers.isEmpty)
    }

    /// Sealing and opening work in batches of ``AttachmentStream/batchSize`` chunks, two batches in flight: a
    /// change in a later batch, or a file that ends inside one, is found as surely as one in the first.
    @Test func changesInLaterBatchesAreRefusedAndLeaveNoOutput() throws {
        let chunks = 2 * AttachmentStream.batchSize + 4
        let content = SecureRandom.bytes((chunks - 1) * 65_536 + 7)
        let sealed = try seal([content])
        #expect(sealed.header.attachments[0].chunks == chunks)
        #expect(try open(sealed) == content)
        let encrypted = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sealed.attachmentFiles[0])))
        let chunk = 65_536 + 17
        let late = AttachmentStream.batchSize + 3
        var flipped = encrypted
        flipped[late * chunk + 9] ^= 0x80
        var swapped = encrypted
        swapped.replaceSubrange(late * chunk..<(late + 1) * chunk, with: encrypted[(late + 1) * chunk..<(late + 2) * chunk])
        swapped.replaceSubrange((late + 1) * chunk..<(late + 2) * chunk, with: encrypted[late * chunk..<(late + 1) * chunk])
        var lastFlipped = encrypted
        lastFlipped[encrypted.count - 1] ^= 1
        let variants = [flipped, swapped, lastFlipped, Array(encrypted.prefix((chunks - 2) * chunk))]
        for (index, variant) in variants.enumerated() {
            let path = try write(variant, as: "late-variant-\(index).bin")
            #expect(attachmentCode(sealed, from: path) == "attachment-invalid", "variant \(index)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: files.path).filter { $0.hasPrefix("opened-") }
        // Only the first, untouched, open left a file.
        #expect(leftovers.count == 1)
        #expect(!leftovers.contains { $0.contains(".partial-") })
    }

    @Test func anAttachmentMovedToAnotherEnvelopeOrPositionIsRefused() throws {
        let content = SecureRandom.bytes(1000)
        let first = try seal([content, content])
        let second = try seal([content])
        #expect(attachmentCode(second, index: 0, from: first.attachmentFiles[0]) == "attachment-invalid")
        #expect(attachmentCode(first, index: 1, from: first.attachmentFiles[0]) == "attachment-invalid")
        #expect(attachmentCode(first, index: 0, from: first.attachmentFiles[1]) == "attachment-invalid")
        #expect(try open(first, index: 1) == content)
    }
}
