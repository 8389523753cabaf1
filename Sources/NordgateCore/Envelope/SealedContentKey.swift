/// One `recipients` entry: the content key sealed to one addressed authority's encryption key.
public struct SealedContentKey: Sendable, Hashable {
    /// The addressed authority, e.g. `DK-CA`.
    public var authority: String
    /// The id of the authority's encryption key the content key is sealed to.
    public var keyId: String
    /// `crypto_box_seal` of the 32-byte content key to that key: 80 bytes.
    public var sealedKey: [UInt8]

    /// The length of a sealed content key (32 bytes of key and 48 of sealed-box overhead).
    public static let sealedLength = 80

    /// Makes an entry.
    public init(authority: String, keyId: String, sealedKey: [UInt8]) {
        self.authority = authority
        self.keyId = keyId
        self.sealedKey = sealedKey
    }
}
