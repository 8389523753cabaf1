import CSodium

/// The sending half of an encrypted stream of chunks (`crypto_secretstream_xchacha20poly1305_push`).
///
/// Send ``header`` first, then each chunk's output of ``seal(_:associatedData:isFinal:)``, marking the last one
/// final. The receiver detects altered, reordered, dropped and truncated chunks. Not thread-safe: one sealer
/// per stream, used from one task at a time.
public final class SecretStreamSealer {
    /// Header length in bytes (24).
    public static let headerLength = Int(crypto_secretstream_xchacha20poly1305_headerbytes())
    /// Bytes added to each chunk (17: a tag byte and a 16-byte MAC).
    public static let abytes = Int(crypto_secretstream_xchacha20poly1305_abytes())
    /// Key length in bytes (32).
    public static let keyLength = Int(crypto_secretstream_xchacha20poly1305_keybytes())

    /// The stream header the receiver needs to open the stream; not secret.
    public let header: [UInt8]

    private let state: UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>
    private var isFinished = false

    /// Starts a new stream with a fresh random header (`crypto_secretstream_xchacha20poly1305_init_push`).
    /// - Parameter key: A 32-byte key.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong key length.
    public init(key: SecretBytes) throws {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("secretstream key", key.count, Self.keyLength)
        let state = UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>.allocate(capacity: 1)
        state.initialize(to: crypto_secretstream_xchacha20poly1305_state())
        do {
            header = try [UInt8](sodiumOutput: Self.headerLength) { h in
                let result = key.withUnsafeBytes { k in
                    crypto_secretstream_xchacha20poly1305_init_push(
                        state, h, k.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    )
                }
                try LibSodium.check(result, or: .operationFailed("crypto_secretstream_xchacha20poly1305_init_push"))
            }
        } catch {
            SecretStreamState.release(state)
            throw error
        }
        self.state = state
    }

    deinit {
        SecretStreamState.release(state)
    }

    /// Encrypts one chunk.
    /// - Parameters:
    ///   - chunk: The plaintext chunk (may be empty).
    ///   - associatedData: Data authenticated with this chunk but not encrypted.
    ///   - isFinal: `true` for the last chunk; the sealer refuses further chunks after it.
    /// - Returns: `chunk.count + abytes` bytes.
    /// - Throws: ``SodiumError/operationFailed(_:)`` after the final chunk or if libsodium fails.
    public func seal(_ chunk: [UInt8], associatedData: [UInt8] = [], isFinal: Bool) throws -> [UInt8] {
        guard !isFinished else {
            throw SodiumError.operationFailed("crypto_secretstream_xchacha20poly1305_push after the final chunk")
        }
        let tag =
            isFinal
            ? crypto_secretstream_xchacha20poly1305_tag_final() : crypto_secretstream_xchacha20poly1305_tag_message()
        let sealed = try [UInt8](sodiumOutput: chunk.count + Self.abytes) { output in
            let result = chunk.withUnsafeBytes { m in
                associatedData.withUnsafeBytes { ad in
                    withInputPointers(m, ad) { messagePointer, adPointer in
                        crypto_secretstream_xchacha20poly1305_push(
                            state, output, nil,
                            messagePointer, UInt64(m.count),
                            adPointer, UInt64(ad.count),
                            tag
                        )
                    }
                }
            }
            try LibSodium.check(result, or: .operationFailed("crypto_secretstream_xchacha20poly1305_push"))
        }
        if isFinal { isFinished = true }
        return sealed
    }
}

/// Helpers for the heap-allocated secretstream state shared by ``SecretStreamSealer`` and ``SecretStreamOpener``.
enum SecretStreamState {
    /// Wipes the state (it holds the current subkey) and frees it.
    static func release(_ state: UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>) {
        sodium_memzero(state, MemoryLayout<crypto_secretstream_xchacha20poly1305_state>.size)
        state.deinitialize(count: 1)
        state.deallocate()
    }
}
