import Sodium

/// Human-comparable key fingerprints: the first 16 bytes of a BLAKE2b-256 hash as eight groups
/// of four hex digits, e.g. `3f2a:91c0:…`.
public enum KeyFingerprint {
    /// The fingerprint of a public key.
    public static func of(publicKey: [UInt8]) -> String { format(GenericHash.hash(publicKey)) }

    static func format(_ digest: [UInt8]) -> String {
        let hex = Hex.encode(Array(digest.prefix(16)))
        var groups: [Substring] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let end = hex.index(index, offsetBy: 4)
            groups.append(hex[index..<end])
            index = end
        }
        return groups.joined(separator: ":")
    }
}

extension Endorsement {
    /// The bytes a predecessor signs to endorse a new signing key.
    static func message(authority: String, keyID: String, publicKey: [UInt8]) -> [UInt8] {
        Array("nordgate-endorse-v1\u{0}\(authority)\u{0}\(keyID)\u{0}".utf8) + publicKey
    }
}
