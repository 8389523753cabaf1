import CSodium

// Evaluated once, lazily and thread-safely: Swift initialises globals with swift_once.
private let sodiumInitResult: Int32 = sodium_init()

/// Internal glue between the public API and libsodium: initialisation, return-code checks and pointer helpers.
enum LibSodium {
    /// Initialises libsodium on first use; every public entry point calls this.
    ///
    /// `sodium_init` returns 0 on first success, 1 when already initialised and -1 on failure. A failure means
    /// no safe randomness is available, so the process stops rather than continue without it.
    @inline(__always)
    static func ensureInitialized() {
        precondition(sodiumInitResult >= 0, "sodium_init failed")
    }

    /// Turns a libsodium return code into a thrown ``SodiumError``.
    /// - Parameters:
    ///   - result: The return code; 0 means success.
    ///   - failure: The error to throw for any other value.
    @inline(__always)
    static func check(_ result: Int32, or failure: @autoclosure () -> SodiumError) throws {
        guard result == 0 else { throw failure() }
    }

    /// Checks a return code of a call that the API promises cannot fail; a failure is a broken invariant.
    @inline(__always)
    static func mustSucceed(_ result: Int32, _ function: StaticString) {
        precondition(result == 0, "\(function) failed")
    }

    /// Throws ``SodiumError/invalidLength(what:actual:expected:)`` unless `actual == expected`.
    @inline(__always)
    static func requireLength(_ what: String, _ actual: Int, _ expected: Int) throws {
        guard actual == expected else {
            throw SodiumError.invalidLength(what: what, actual: actual, expected: expected)
        }
    }

    /// Throws ``SodiumError/invalidLength(what:actual:expected:)`` unless `actual` lies in `range`.
    static func requireLength(_ what: String, _ actual: Int, in range: ClosedRange<Int>) throws {
        if actual < range.lowerBound {
            throw SodiumError.invalidLength(what: what, actual: actual, expected: range.lowerBound)
        }
        if actual > range.upperBound {
            throw SodiumError.invalidLength(what: what, actual: actual, expected: range.upperBound)
        }
    }
}

/// Calls `body` with a non-null `unsigned char *` for `buffer`.
///
/// libsodium marks many input pointers `nonnull` even when the length may be zero; an empty Swift buffer may
/// have no base address, so a one-byte placeholder stands in (it is never read because the length is 0).
@inline(__always)
func withInputPointer<R>(
    _ buffer: UnsafeRawBufferPointer,
    _ body: (UnsafePointer<UInt8>) throws -> R
) rethrows -> R {
    if let base = buffer.baseAddress {
        return try body(base.assumingMemoryBound(to: UInt8.self))
    }
    var placeholder: UInt8 = 0
    return try withUnsafePointer(to: &placeholder) { try body($0) }
}

/// Calls `body` with non-null pointers for two buffers (see ``withInputPointer(_:_:)``).
@inline(__always)
func withInputPointers<R>(
    _ first: UnsafeRawBufferPointer,
    _ second: UnsafeRawBufferPointer,
    _ body: (UnsafePointer<UInt8>, UnsafePointer<UInt8>) throws -> R
) rethrows -> R {
    try withInputPointer(first) { a in try withInputPointer(second) { b in try body(a, b) } }
}

extension Array where Element == UInt8 {
    /// Creates an array of exactly `count` bytes written by `body`, which receives a non-null pointer.
    @inline(__always)
    init(sodiumOutput count: Int, _ body: (UnsafeMutablePointer<UInt8>) throws -> Void) rethrows {
        self = try [UInt8](unsafeUninitializedCapacity: Swift.max(count, 1)) { buffer, initialized in
            // Zero first so that a throwing body never leaves uninitialised bytes behind.
            buffer.initialize(repeating: 0)
            initialized = buffer.count
            try body(buffer.baseAddress!)
            initialized = count
        }
    }
}
