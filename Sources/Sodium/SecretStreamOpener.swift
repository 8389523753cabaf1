import CSodium

/// The receiving half of an encrypted stream of chunks (`crypto_secretstream_xchacha20poly1305_pull`).
///
/// Open chunks in the order they were sealed. A stream is complete only once a chunk reports `isFinal`;
/// call ``finish()`` at the end of input to refuse a truncated stream. After any failure the opener refuses
/// every later chunk. Not thread-safe: one opener per stream, used from one task at a time.
public final class SecretStreamOpener {
    private let state: UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>
    private var sawFinal = false
    private var failed = false

    /// Whether the final chunk has been opened.
    public var isFinished: Bool { sawFinal }

    /// Starts reading a stream (`crypto_secretstream_xchacha20poly1305_init_pull`).
    /// - Parameters:
    ///   - key: The 32-byte key the stream was sealed with.
    ///   - header: The sealer's 24-byte ``SecretStreamSealer/header``.
    /// - Throws: ``SodiumError/invalidLength(what:actual:expected:)`` for a wrong key or header length;
    ///   ``SodiumError/authenticationFailed`` if libsodium rejects the header.
    public init(key: SecretBytes, header: [UInt8]) throws {
        LibSodium.ensureInitialized()
        try LibSodium.requireLength("secretstream key", key.count, SecretStreamSealer.keyLength)
        try LibSodium.requireLength("secretstream header", header.count, SecretStreamSealer.headerLength)
        let state = UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>.allocate(capacity: 1)
        state.initialize(to: crypto_secretstream_xchacha20poly1305_state())
        let result = key.withUnsafeBytes { k in
            header.withUnsafeBytes { h in
                crypto_secretstream_xchacha20poly1305_init_pull(
                    state,
                    h.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
        }
        do {
            try LibSodium.check(result, or: .authenticationFailed)
        } catch {
            SecretStreamState.release(state)
            throw error
        }
        self.state = state
    }

    deinit {
        SecretStreamState.release(state)
    }

    /// Verifies and decrypts the next chunk.
    /// - Parameters:
    ///   - chunk: The next output of ``SecretStreamSealer/seal(_:associatedData:isFinal:)``.
    ///   - associatedData: The associated data it was sealed with.
    /// - Returns: The plaintext and whether this was the final chunk.
    /// - Throws: ``SodiumError/authenticationFailed`` for an altered, reordered or foreign chunk, a chunk after
    ///   the final one, or any chunk after an earlier failure.
    public func open(_ chunk: [UInt8], associatedData: [UInt8] = []) throws -> (plaintext: [UInt8], isFinal: Bool) {
        guard !sawFinal, !failed, chunk.count >= SecretStreamSealer.abytes else {
            failed = true
            throw SodiumError.authenticationFailed
        }
        var tag: UInt8 = 0
        let plaintext: [UInt8]
        do {
            plaintext = try [UInt8](sodiumOutput: chunk.count - SecretStreamSealer.abytes) { output in
                let result = chunk.withUnsafeBytes { c in
                    associatedData.withUnsafeBytes { ad in
                        withInputPointer(ad) { adPointer in
                            crypto_secretstream_xchacha20poly1305_pull(
                                state, output, nil, &tag,
                                c.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(c.count),
                                adPointer, UInt64(ad.count)
                            )
                        }
                    }
                }
                try LibSodium.check(result, or: .authenticationFailed)
            }
        } catch {
            failed = true
            throw error
        }
        let isFinal = tag == crypto_secretstream_xchacha20poly1305_tag_final()
        if isFinal { sawFinal = true }
        return (plaintext, isFinal)
    }

    /// Confirms the stream ended with its final chunk; call it when the input runs out.
    /// - Throws: ``SodiumError/authenticationFailed`` if the final chunk was never opened (truncated stream).
    public func finish() throws {
        guard sawFinal, !failed else { throw SodiumError.authenticationFailed }
    }
}
