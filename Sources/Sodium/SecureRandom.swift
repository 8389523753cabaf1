import CSodium

/// Cryptographically secure randomness from libsodium (`randombytes_*`).
public enum SecureRandom {
    /// Returns `count` random bytes (`randombytes_buf`).
    /// - Parameter count: The number of bytes; must not be negative.
    /// - Returns: The random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "count must not be negative")
        LibSodium.ensureInitialized()
        return [UInt8](sodiumOutput: count) { pointer in randombytes_buf(pointer, count) }
    }

    /// Fills `buffer` with random bytes (`randombytes_buf`).
    /// - Parameter buffer: The memory to overwrite.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        LibSodium.ensureInitialized()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// Returns a uniformly distributed number in `0 ..< upperBound` without modulo bias (`randombytes_uniform`).
    /// - Parameter upperBound: The exclusive upper bound; 0 and 1 both return 0.
    /// - Returns: The random number.
    public static func uniform(_ upperBound: UInt32) -> UInt32 {
        LibSodium.ensureInitialized()
        return randombytes_uniform(upperBound)
    }
}
