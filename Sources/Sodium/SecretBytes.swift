import CSodium

/// A fixed-size buffer of secret bytes (keys, seeds, passphrases, opened content keys).
///
/// The bytes live in memory owned by this object, which is locked into RAM where the system allows
/// (its pages, for as long as any secret on them lives; failing to lock is not an error) and wiped with
/// `sodium_memzero` when the object is released.
/// Its descriptions and mirror never show the bytes, and ``constantTimeEquals(_:)`` compares in constant time.
public final class SecretBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let storage: UnsafeMutablePointer<UInt8>
    private let allocatedCount: Int
    private let isLocked: Bool

    /// The number of secret bytes.
    public let count: Int

    /// Takes ownership of `storage`, which holds `allocatedCount >= 1` bytes of which the first `count` are the secret.
    private init(adopting storage: UnsafeMutablePointer<UInt8>, allocatedCount: Int, count: Int, isLocked: Bool) {
        self.storage = storage
        self.allocatedCount = allocatedCount
        self.count = count
        self.isLocked = isLocked
    }

    /// Creates `count` zero bytes.
    /// - Parameter count: The number of bytes; must not be negative.
    public convenience init(count: Int) {
        self.init(count: count) { _ in }
    }

    /// Creates `count` bytes and lets `body` write them.
    ///
    /// The buffer starts zeroed. If `body` throws, the buffer is wiped and released before the error propagates.
    /// - Parameters:
    ///   - count: The number of bytes; must not be negative.
    ///   - body: Writes the secret into the buffer. The pointer must not escape.
    /// - Throws: Whatever `body` throws.
    public convenience init(
        count: Int,
        initializingWith body: (UnsafeMutableRawBufferPointer) throws -> Void
    ) rethrows {
        precondition(count >= 0, "SecretBytes count must not be negative")
        LibSodium.ensureInitialized()
        let allocatedCount = Swift.max(count, 1)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: allocatedCount)
        storage.initialize(repeating: 0, count: allocatedCount)
        // Locking keeps the secret out of swap; it can fail under RLIMIT_MEMLOCK, which is acceptable.
        let isLocked = LockedPages.lock(storage, count: allocatedCount)
        do {
            try body(UnsafeMutableRawBufferPointer(start: storage, count: count))
        } catch {
            Self.release(storage, allocatedCount: allocatedCount, isLocked: isLocked)
            throw error
        }
        self.init(adopting: storage, allocatedCount: allocatedCount, count: count, isLocked: isLocked)
    }

    /// Creates `count` bytes from the operating system's secure random generator (`randombytes_buf`).
    /// - Parameter count: The number of bytes; must not be negative.
    /// - Returns: Fresh random secret bytes.
    public static func random(count: Int) -> SecretBytes {
        SecretBytes(count: count) { buffer in SecureRandom.fill(buffer) }
    }

    /// Copies `bytes` into a new secret buffer. The caller remains responsible for wiping its own copy.
    /// - Parameter bytes: The secret to copy.
    public convenience init(copying bytes: some Collection<UInt8>) {
        self.init(count: bytes.count) { buffer in
            let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(source))
            }
            if copied == nil {
                for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            }
        }
    }

    /// Copies `bytes` into a new secret buffer, then wipes `bytes` with `sodium_memzero`.
    ///
    /// Only the array's own storage is wiped: copies that share no storage with it (made before the call
    /// and since mutated) are out of reach.
    /// - Parameter bytes: The secret to take; all of its bytes are zero afterwards.
    public convenience init(wiping bytes: inout [UInt8]) {
        self.init(copying: bytes)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }

    deinit {
        Self.release(storage, allocatedCount: allocatedCount, isLocked: isLocked)
    }

    private static func release(_ storage: UnsafeMutablePointer<UInt8>, allocatedCount: Int, isLocked: Bool) {
        sodium_memzero(storage, allocatedCount)
        if isLocked { LockedPages.unlock(storage, count: allocatedCount) }
        storage.deinitialize(count: allocatedCount)
        storage.deallocate()
    }

    /// Calls `body` with read-only access to the secret bytes.
    /// - Parameter body: Reads the bytes. The pointer must not escape.
    /// - Returns: What `body` returns.
    /// - Throws: Whatever `body` throws.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// Compares with another secret in constant time (`sodium_memcmp`).
    ///
    /// Lengths are not secret: different lengths return `false` at once.
    /// - Parameter other: The secret to compare with.
    /// - Returns: `true` when both hold the same bytes.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        guard count > 0 else { return true }
        return sodium_memcmp(storage, other.storage, count) == 0
    }

    /// `"SecretBytes(N bytes, redacted)"`; never the bytes.
    public var description: String { "SecretBytes(\(count) bytes, redacted)" }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with no children, so `dump` and debuggers show no bytes.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}

// The buffer is written only during initialisation, before the object is shared, and only read afterwards;
// the pointer never escapes withUnsafeBytes. Concurrent reads of immutable memory are safe.
extension SecretBytes: @unchecked Sendable {}
