import Sodium
import Testing

struct SecretStreamTests {
    private let chunks: [[UInt8]] = [Array("first".utf8), Array("second".utf8), Array("third".utf8)]

    /// Seals `chunks`, marking the last one final.
    private func sealed(key: SecretBytes) throws -> (header: [UInt8], chunks: [[UInt8]]) {
        let sealer = try SecretStreamSealer(key: key)
        var out: [[UInt8]] = []
        for (index, chunk) in chunks.enumerated() {
            out.append(try sealer.seal(chunk, isFinal: index == chunks.count - 1))
        }
        return (sealer.header, out)
    }

    @Test func chunksRoundTripAndOnlyTheLastIsFinal() throws {
        let key = SecretBytes.random(count: 32)
        let stream = try sealed(key: key)
        #expect(stream.header.count == SecretStreamSealer.headerLength)
        let opener = try SecretStreamOpener(key: key, header: stream.header)
        for (index, chunk) in stream.chunks.enumerated() {
            #expect(chunk.count == chunks[index].count + SecretStreamSealer.abytes)
            let (plaintext, isFinal) = try opener.open(chunk)
            #expect(plaintext == chunks[index])
            #expect(isFinal == (index == chunks.count - 1))
        }
        #expect(opener.isFinished)
        try opener.finish()
    }

    @Test func truncatedStreamWithoutFinalChunkIsRefused() throws {
        let key = SecretBytes.random(count: 32)
        let stream = try sealed(key: key)
        let opener = try SecretStreamOpener(key: key, header: stream.header)
        for chunk in stream.chunks.dropLast() {
            #expect(try opener.open(chunk).isFinal == false)
        }
        #expect(!opener.isFinished)
        #expect(throws: SodiumError.authenticationFailed) { try opener.finish() }
    }

    @Test func reorderedChunksAreRefused() throws {
        let key = SecretBytes.random(count: 32)
        let stream = try sealed(key: key)
        let opener = try SecretStreamOpener(key: key, header: stream.header)
        #expect(throws: SodiumError.authenticationFailed) { try opener.open(stream.chunks[1]) }
        // After a failure the opener stays closed, even for the chunk that would have been next.
        #expect(throws: SodiumError.authenticationFailed) { try opener.open(stream.chunks[0]) }
    }

    @Test func droppedChunkIsRefused() throws {
        let key = SecretBytes.random(count: 32)
        let stream = try sealed(key: key)
        let opener = try SecretStreamOpener(key: key, header: stream.header)
        _ = try opener.open(stream.chunks[0])
        #expect(throws: SodiumError.authenticationFailed) { try opener.open(stream.chunks[2]) }
    }

    @Test func chunkAfterFinalIsRefused() throws {
        let key = SecretBytes.random(count: 32)
        let sealer = try SecretStreamSealer(key: key)
        let first = try sealer.seal([1], isFinal: true)
        let opener = try SecretStreamOpener(key: key, header: sealer.header)
        #expect(try opener.open(first).isFinal)
        // Replaying the final chunk, or anything else, after the end is refused.
        #expect(throws: SodiumError.authenticationFailed) { try opener.open(first) }
        #expect(throws: SodiumError.operationFailed("crypto_secretstream_xchacha20poly1305_push after the final chunk")) {
            try sealer.seal([2], isFinal: false)
        }
    }

    @Test func everyFlippedBitOfAChunkIsRefused() throws {
        let key = SecretBytes.random(count: 32)
        let stream = try sealed(key: key)
        let chunk = stream.chunks[0]
        for bit in 0..<(chunk.count * 8) {
            let opener = try SecretStreamOpener(key: key, header: stream.header)
            #expect(throws: SodiumError.authenticationFailed, "bit \(bit)") {
                try opener.open(flippingBit(chunk, bit))
            }
        }
    }

    @Test func wrongAssociatedDataKeyOrHeaderIsRefused() throws {
        let key = SecretBytes.random(count: 32)
        let sealer = try SecretStreamSealer(key: key)
        let chunk = try sealer.seal([1, 2, 3], associatedData: [9], isFinal: true)
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStreamOpener(key: key, header: sealer.header).open(chunk, associatedData: [8])
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStreamOpener(key: SecretBytes.random(count: 32), header: sealer.header).open(chunk, associatedData: [9])
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStreamOpener(key: key, header: flippingBit(sealer.header, 0)).open(chunk, associatedData: [9])
        }
        let opened = try SecretStreamOpener(key: key, header: sealer.header).open(chunk, associatedData: [9])
        #expect(opened.plaintext == [1, 2, 3])
    }

    @Test func tooShortChunkAndWrongLengthsAreRefused() throws {
        let key = SecretBytes.random(count: 32)
        let sealer = try SecretStreamSealer(key: key)
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStreamOpener(key: key, header: sealer.header).open([UInt8](repeating: 0, count: 16))
        }
        #expect(throws: SodiumError.invalidLength(what: "secretstream header", actual: 23, expected: 24)) {
            try SecretStreamOpener(key: key, header: Array(sealer.header.dropLast()))
        }
        #expect(throws: SodiumError.invalidLength(what: "secretstream key", actual: 16, expected: 32)) {
            try SecretStreamSealer(key: SecretBytes(count: 16))
        }
    }

    @Test func emptyFinalChunkMarksTheEnd() throws {
        let key = SecretBytes.random(count: 32)
        let sealer = try SecretStreamSealer(key: key)
        let data = try sealer.seal([5, 6], isFinal: false)
        let end = try sealer.seal([], isFinal: true)
        let opener = try SecretStreamOpener(key: key, header: sealer.header)
        #expect(try opener.open(data) == ([5, 6], false))
        let last = try opener.open(end)
        #expect(last.plaintext.isEmpty && last.isFinal)
    }
}
