import Foundation
import HTTPTypes
import NIOCore
import NordgateCore
import Sodium

#if canImport(Glibc)
import Glibc
#endif

/// The encrypted attachment files of a gateway, in its data folder beside the store:
///
/// - `attachments/outbox/<envelope id>/<attachment id>.bin`: to be sent with an outbox message;
/// - `attachments/inbox/<envelope id>/<attachment id>.bin`: received with an inbox message;
/// - `attachments/incoming/<peer>/<envelope id>/<attachment id>.bin`: uploaded by a peer, waiting
///   for its envelope;
/// - `attachments/staging/<random>/`: being written.
///
/// Files are only ever encrypted (nobody but the envelope's recipients can read them), mode
/// 0600 in folders of mode 0700, and fsynced before any store row refers to them.
struct AttachmentStore: Sendable {
    let root: String

    /// The attachment folders under `dataFolder` (created when missing).
    init(dataFolder: String) throws {
        root = (dataFolder as NSString).appendingPathComponent("attachments")
        for part in ["", "outbox", "inbox", "incoming", "staging"] {
            try Self.makeFolder((root as NSString).appendingPathComponent(part))
        }
    }

    /// Where an outbox message's encrypted files are.
    func outboxFolder(_ envelopeID: String) -> String { path("outbox", envelopeID) }

    /// Where an inbox message's encrypted files are.
    func inboxFolder(_ envelopeID: String) -> String { path("inbox", envelopeID) }

    /// A fresh folder to seal attachments into; ``commit(staging:to:)`` moves it into place.
    func stagingFolder() throws -> String {
        let folder = path("staging", Hex.encode(SecureRandom.bytes(12)))
        try Self.makeFolder(folder)
        return folder
    }

    /// Makes every file in `staging` durable and renames the folder to `destination`.
    func commit(staging: String, to destination: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: staging) {
            try Self.sync((staging as NSString).appendingPathComponent(name))
        }
        try Self.sync(staging)
        try? FileManager.default.removeItem(atPath: destination)
        guard rename(staging, destination) == 0 else { throw RelayError.storeUnavailable }
        try Self.sync((destination as NSString).deletingLastPathComponent)
    }

    /// Removes a folder of encrypted files (after delivery or a purge); nothing happens when it is missing.
    func remove(_ folder: String) { try? FileManager.default.removeItem(atPath: folder) }

    // MARK: - Uploads from peers

    /// Writes an upload from `peer` to its incoming file: a temporary file, fsynced, then renamed.
    /// - Throws: ``RelayError`` 413 beyond `limit` bytes, 503 when the disk refuses.
    func receive(
        _ body: some AsyncSequence<ByteBuffer, any Error>, peer: String, envelopeID: String, attachmentID: String,
        limit: Int
    ) async throws {
        let folder = path("incoming", peer, envelopeID)
        try Self.makeFolder(path("incoming", peer))
        try Self.makeFolder(folder)
        let destination = (folder as NSString).appendingPathComponent("\(attachmentID).bin")
        let temporary = destination + ".partial-" + Hex.encode(SecureRandom.bytes(6))
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RelayError.storeUnavailable }
        var written = 0
        do {
            for try await buffer in body {
                written += buffer.readableBytes
                guard written <= limit else { throw RelayError.tooLarge }
                try buffer.withUnsafeReadableBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let result = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        guard result > 0 else { throw RelayError.storeUnavailable }
                        offset += result
                    }
                }
            }
            guard fsync(fd) == 0 else { throw RelayError.storeUnavailable }
            close(fd)
            guard rename(temporary, destination) == 0 else { throw RelayError.storeUnavailable }
            try Self.sync(folder)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// Checks the uploaded files of an envelope from `peer` against its signed metadata and moves
    /// them into `destination` (an inbox or outbox folder). Files already there from an earlier
    /// attempt count too.
    /// - Throws: ``RelayError`` 409 `attachment.missing` when a file was not uploaded (the sender
    ///   retries), 422 `attachment.invalid` when one does not match (it is deleted).
    func claim(_ attachments: [EnvelopeAttachment], envelopeID: String, peer: String, into destination: String) throws {
        guard !attachments.isEmpty else { return }
        let incoming = path("incoming", peer, envelopeID)
        var sources: [(from: String, to: String)] = []
        for attachment in attachments {
            let name = "\(attachment.id).bin"
            let uploaded = (incoming as NSString).appendingPathComponent(name)
            let placed = (destination as NSString).appendingPathComponent(name)
            let source = FileManager.default.fileExists(atPath: uploaded) ? uploaded : placed
            guard FileManager.default.fileExists(atPath: source) else {
                throw RelayError(
                    status: .conflict, code: "attachment.missing",
                    message: "an attachment of the envelope was not uploaded first; upload it and send the envelope again")
            }
            do { try attachment.checkEncryptedFile(at: source) } catch {
                unlink(source)
                throw RelayError(
                    status: .unprocessableContent, code: "attachment.invalid",
                    message: "an uploaded attachment does not match the envelope's signed metadata")
            }
            sources.append((source, placed))
        }
        try Self.makeFolder(destination)
        for (from, to) in sources where from != to {
            guard rename(from, to) == 0 else { throw RelayError.storeUnavailable }
        }
        try Self.sync(destination)
        try Self.sync((destination as NSString).deletingLastPathComponent)
        remove(incoming)
    }

    /// Removes uploads from `peer` for an envelope that is already stored (a repeated delivery).
    func discardUploads(envelopeID: String, peer: String) { remove(path("incoming", peer, envelopeID)) }

    // MARK: - Files

    private func path(_ parts: String...) -> String {
        parts.reduce(root) { ($0 as NSString).appendingPathComponent($1) }
    }

    private static func makeFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue { return }
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else { throw RelayError.storeUnavailable }
    }

    /// fsync of a file or folder.
    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RelayError.storeUnavailable }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw RelayError.storeUnavailable }
    }
}
