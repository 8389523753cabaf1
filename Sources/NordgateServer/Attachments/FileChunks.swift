import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A file read as a sequence of 64 KiB buffers, for streaming an upload without holding the whole file.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String

    /// A sequence over `path`, or `nil` when the file does not exist.
    init?(path: String) {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        self.path = path
    }

    func makeAsyncIterator() -> Iterator { Iterator(path: path) }

    struct Iterator: AsyncIteratorProtocol {
        private var descriptor: Int32

        init(path: String) { descriptor = open(path, O_RDONLY | O_CLOEXEC) }

        mutating func next() async throws -> ByteBuffer? {
            guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown) }
            var buffer = ByteBufferAllocator().buffer(capacity: 1 << 16)
            var failed = false
            let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 1 << 16) { raw in
                let n = read(descriptor, raw.baseAddress!, 1 << 16)
                failed = n < 0
                return Swift.max(0, n)
            }
            if failed { throw CocoaError(.fileReadUnknown) }
            if count == 0 {
                close(descriptor)
                descriptor = -1
                return nil
            }
            return buffer
        }
    }
}
