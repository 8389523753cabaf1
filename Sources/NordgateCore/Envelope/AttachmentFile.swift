import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read or written in pieces with POSIX calls, so attachments stream through a fixed buffer;
/// or, for reading, bytes already in memory (an attachment that arrived in a request body).
final class AttachmentFile {
    private var descriptor: Int32
    private var memory: [UInt8]?
    private var position = 0

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Reads `bytes` as if they were a file.
    static func reading(bytes: [UInt8]) -> AttachmentFile {
        let file = AttachmentFile(descriptor: -1)
        file.memory = bytes
        return file
    }

    /// Opens an existing file for reading.
    static func reading(_ path: String) throws(EnvelopeError) -> AttachmentFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open an input file for reading") }
        return AttachmentFile(descriptor: fd)
    }

    /// Creates (or truncates) a file for writing, mode 0600.
    static func writing(_ path: String) throws(EnvelopeError) -> AttachmentFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("cannot create an output file") }
        return AttachmentFile(descriptor: fd)
    }

    /// The file's length in bytes.
    func length() throws(EnvelopeError) -> Int {
        if let memory { return memory.count }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io("cannot read a file's length") }
        return Int(info.st_size)
    }

    /// Reads up to `count` bytes, fewer only at the end of the file.
    func readUpTo(_ count: Int) throws(EnvelopeError) -> [UInt8] {
        if let memory {
            let end = min(memory.count, position + count)
            defer { position = end }
            return Array(memory[position..<end])
        }
        var failed = false
        // The buffer is not zeroed first: only the bytes read are kept.
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            var filled = 0
            while filled < count {
                let n = read(descriptor, raw.baseAddress! + filled, count - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    break
                }
                if n == 0 { break }
                filled += n
            }
            initialized = filled
        }
        if failed { throw .io("a read failed") }
        return buffer
    }

    /// Writes all of `bytes`.
    func writeAll(_ bytes: [UInt8]) throws(EnvelopeError) {
        var written = 0
        let failed = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                written += n
            }
            return false
        }
        if failed { throw .io("a write failed") }
    }

    /// Flushes the file to stable storage and closes it.
    func sync() throws(EnvelopeError) {
        guard fsync(descriptor) == 0 else { throw .io("fsync failed") }
        finish()
    }

    /// Closes the file (also done on deinit).
    func finish() {
        if descriptor >= 0 {
            _ = closeDescriptor(descriptor)
            descriptor = -1
        }
    }

    deinit { finish() }
}

private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }
