import CSodium

/// Comparisons whose running time does not depend on the bytes compared.
public enum ConstantTime {
    /// Compares two byte arrays in constant time (`sodium_memcmp`).
    ///
    /// Lengths are not treated as secret: arrays of different length return `false` at once.
    /// - Returns: `true` when both arrays hold the same bytes.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        LibSodium.ensureInitialized()
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in sodium_memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
