import Dispatch
import Foundation
import Sodium

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seals and opens one attachment as a `crypto_secretstream_xchacha20poly1305` stream of 64 KiB
/// chunks, from file to file, through one chunk-sized buffer: memory does not grow with the size.
enum AttachmentStream {
    /// The stream key of attachment `index`: `crypto_kdf_derive_from_key(32, index, "ngattach", contentKey)`.
    static func key(contentKey: SecretBytes, index: Int) throws(EnvelopeError) -> SecretBytes {
        do {
            return try KeyDerivation.deriveKey(
                from: contentKey, subkeyID: UInt64(index), context: EnvelopeFormat.attachmentKeyContext)
        } catch { throw .invalidRequest("the attachment key could not be derived") }
    }

    /// The first link of the digest chain: BLAKE2b-256 of the stream header.
    static func initialDigest(header: [UInt8]) -> [UInt8] { GenericHash.hash(header) }

    /// The next link: BLAKE2b-256 of the encrypted chunk, keyed with the previous link.
    static func nextDigest(_ previous: [UInt8], chunk: [UInt8]) -> [UInt8] {
        do {
            return try GenericHash.keyedHash(chunk, key: SecretBytes(copying: previous))
        } catch {
            // The key is always 32 bytes and the output 32 bytes, both within BLAKE2b's limits.
            preconditionFailure("BLAKE2b refused a 32-byte key")
        }
    }

    /// Chunks handled per pipeline step: hashing one batch runs beside encrypting or decrypting the next,
    /// on the second core, and at most two batches (1 MiB) are held at a time.
    static let batchSize = 8

    /// Runs `first` and `second` at the same time and waits for both (a synchronous fork-join).
    private static func inParallel(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let work = DisjointWork(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    if index == 0 { work.first() } else { work.second() }
                }
            }
        }
    }

    /// Encrypts `source` (a file, or bytes in memory) into `destination` (created with mode 0600).
    ///
    /// The output is not fsynced: making it durable is the job of whoever stores it.
    static func seal(
        source: EnvelopeAttachmentSource, destination: String, id: String, index: Int, envelopeID: String,
        contentKey: SecretBytes
    ) throws(EnvelopeError) -> EnvelopeAttachment {
        let mediaType = source.mediaType
        let input: AttachmentFile
        if let content = source.content { input = AttachmentFile.reading(bytes: content) } else {
            input = try AttachmentFile.reading(source.path)
        }
        let size = try input.length()
        guard size <= EnvelopeFormat.maximumAttachmentBytes else {
            throw .invalidRequest("an attachment is larger than \(EnvelopeFormat.maximumAttachmentBytes) bytes")
        }
        let sealer: SecretStreamSealer
        do { sealer = try SecretStreamSealer(key: try key(contentKey: contentKey, index: index)) } catch {
            throw .invalidRequest("the attachment stream could not be started")
        }
        let output = try AttachmentFile.writing(destination)
        let chunks = EnvelopeFormat.chunkCount(forSize: size)
        var digest = initialDigest(header: sealer.header)
        var previous: [[UInt8]] = []
        var next = 0
        var total = 0
        while next < chunks || !previous.isEmpty {
            var current: [[UInt8]] = []
            var failure: EnvelopeError?
            let batch = next..<min(next + batchSize, chunks)
            let toHash = previous
            inParallel(
                {
                    do throws(EnvelopeError) {
                        for chunk in batch {
                            let wanted = min(EnvelopeFormat.chunkSize, size - total)
                            let plaintext = try input.readUpTo(wanted)
                            guard plaintext.count == wanted else { throw .io("an attachment changed while it was read") }
                            total += wanted
                            let associatedData = EnvelopeFormat.chunkAssociatedData(
                                envelopeID: envelopeID, attachment: index, chunk: chunk)
                            guard let sealed = try? sealer.seal(plaintext, associatedData: associatedData, isFinal: chunk == chunks - 1)
                            else { throw .invalidRequest("an attachment chunk could not be sealed") }
                            try output.writeAll(sealed)
                            current.append(sealed)
                        }
                    } catch { failure = error }
                },
                { for sealed in toHash { digest = nextDigest(digest, chunk: sealed) } })
            if let failure { throw failure }
            previous = current
            next = batch.upperBound
        }
        guard try input.readUpTo(1).isEmpty else { throw .io("an attachment changed while it was read") }
        output.finish()
        return EnvelopeAttachment(
            id: id, mediaType: mediaType, size: size, chunks: chunks, header: sealer.header, digest: digest)
    }

    /// Checks the encrypted file at `source` against `attachment`'s length and digest, reading it chunk by chunk.
    static func check(_ attachment: EnvelopeAttachment, source: String) throws(EnvelopeError) {
        let input: AttachmentFile
        do { input = try AttachmentFile.reading(source) } catch { throw .attachmentInvalid("its encrypted file is missing") }
        defer { input.finish() }
        guard try input.length() == attachment.encryptedLength else {
            throw .attachmentInvalid("its encrypted file is not as long as the signed metadata says")
        }
        var digest = initialDigest(header: attachment.header)
        var remaining = attachment.size
        for _ in 0..<attachment.chunks {
            let plaintextLength = min(EnvelopeFormat.chunkSize, remaining)
            let sealed = try input.readUpTo(plaintextLength + SecretStreamSealer.abytes)
            guard sealed.count == plaintextLength + SecretStreamSealer.abytes else {
                throw .attachmentInvalid("its encrypted file is truncated")
            }
            digest = nextDigest(digest, chunk: sealed)
            remaining -= plaintextLength
        }
        guard ConstantTime.equals(digest, attachment.digest) else {
            throw .attachmentInvalid("its digest does not match the signed metadata")
        }
    }

    /// Checks and decrypts the encrypted file at `source` into `destination`.
    ///
    /// The plaintext goes to a temporary file beside `destination` that is renamed only when every
    /// chunk authenticated, the last one is final, and the digest chain matches the signed metadata.
    /// The output is not fsynced: it can always be made again from the envelope and the encrypted file.
    static func open(
        _ attachment: EnvelopeAttachment, index: Int, envelopeID: String, contentKey: SecretBytes, source: String,
        destination: String
    ) throws(EnvelopeError) {
        let input: AttachmentFile
        do { input = try AttachmentFile.reading(source) } catch { throw .attachmentInvalid("its encrypted file is missing") }
        guard try input.length() == attachment.encryptedLength else {
            throw .attachmentInvalid("its encrypted file is not as long as the signed metadata says")
        }
        let opener: SecretStreamOpener
        do { opener = try SecretStreamOpener(key: try key(contentKey: contentKey, index: index), header: attachment.header) } catch {
            throw .attachmentInvalid("its stream header is not valid")
        }
        let temporary = "\(destination).partial-\(Hex.encode(SecureRandom.bytes(6)))"
        let output = try AttachmentFile.writing(temporary)
        do throws(EnvelopeError) {
            var digest = initialDigest(header: attachment.header)
            var remaining = attachment.size
            var next = 0
            while next < attachment.chunks {
                let batch = next..<min(next + batchSize, attachment.chunks)
                var sealedChunks: [[UInt8]] = []
                for _ in batch {
                    let plaintextLength = min(EnvelopeFormat.chunkSize, remaining)
                    let sealed = try input.readUpTo(plaintextLength + SecretStreamSealer.abytes)
                    guard sealed.count == plaintextLength + SecretStreamSealer.abytes else {
                        throw .attachmentInvalid("its encrypted file is truncated")
                    }
                    sealedChunks.append(sealed)
                    remaining -= plaintextLength
                }
                var failure: EnvelopeError?
                inParallel(
                    {
                        do throws(EnvelopeError) {
                            for (offset, sealed) in sealedChunks.enumerated() {
                                let chunk = batch.lowerBound + offset
                                let associatedData = EnvelopeFormat.chunkAssociatedData(
                                    envelopeID: envelopeID, attachment: index, chunk: chunk)
                                guard let opened = try? opener.open(sealed, associatedData: associatedData) else {
                                    throw .attachmentInvalid(
                                        "a chunk does not authenticate (altered, reordered or from another envelope)")
                                }
                                guard opened.isFinal == (chunk == attachment.chunks - 1) else {
                                    throw .attachmentInvalid("its final chunk is not where the signed metadata says")
                                }
                                try output.writeAll(opened.plaintext)
                            }
                        } catch { failure = error }
                    },
                    { for sealed in sealedChunks { digest = nextDigest(digest, chunk: sealed) } })
                if let failure { throw failure }
                next = batch.upperBound
            }
            guard ConstantTime.equals(digest, attachment.digest) else {
                throw EnvelopeError.attachmentInvalid("its digest does not match the signed metadata")
            }
            output.finish()
            guard rename(temporary, destination) == 0 else { throw EnvelopeError.io("cannot move an opened attachment into place") }
        } catch {
            output.finish()
            unlink(temporary)
            throw error
        }
    }
}

/// The two halves of one pipeline step.
// @unchecked Sendable: the halves touch disjoint state (one the stream, the files and its batch; the other
// only the digest and the previous batch), and concurrentPerform returns only after both have finished, so
// nothing they capture is used by two threads at once or after the step.
private struct DisjointWork: @unchecked Sendable {
    let first: () -> Void
    let second: () -> Void
}
