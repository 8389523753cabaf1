public import Sodium

/// The secret that makes pseudonyms for one domain and key epoch.
///
/// A pseudonym is `psn:v1:<epoch>:` followed by the lower-case base32 form (no padding) of the first
/// 20 bytes of BLAKE2b-256 keyed with this secret over `len(category) ‖ category ‖ len(value) ‖ value`,
/// where `value` is the normalised value (``PseudonymNormalisation``) and each `len` is the UTF-8
/// length as four bytes, big-endian.
public struct PseudonymKey: Sendable {
    /// The domain the key makes pseudonyms for.
    public let domain: PseudonymDomain
    /// The epoch of the keyring key it comes from; pseudonyms carry it.
    public let epoch: Int
    private let secret: SecretBytes
    private let prefix: String

    /// The context that separates derived receiver keys from every other use of the local key.
    static let derivationContext = Array("nordgate-psn-domain-v1".utf8)

    /// Makes a key from a secret (32 bytes).
    /// - Parameters:
    ///   - secret: the hashing key.
    ///   - epoch: the epoch pseudonyms will carry.
    ///   - domain: what the key is for.
    public init(secret: SecretBytes, epoch: Int, domain: PseudonymDomain) {
        self.secret = secret
        self.epoch = epoch
        self.domain = domain
        self.prefix = "\(Pseudonym.prefix)\(epoch):"
    }

    /// The key for `domain` from a keyring: for a receiver domain, derived from the active `local`
    /// pseudonym key as keyed BLAKE2b-256 over `"nordgate-psn-domain-v1" ‖ len(receiver) ‖ receiver ‖
    /// len(purpose) ‖ purpose`; for a shared domain, the domain's own active key.
    /// - Throws: ``KeyringError`` when the keyring holds no active key for the domain.
    public static func active(in keyring: Keyring, for domain: PseudonymDomain) throws -> PseudonymKey {
        switch domain {
        case .receiver(let receiver, let purpose):
            let key = try keyring.activeKey(kind: .pseudonym, domain: Keyring.localDomain)
            let master = try keyring.secret(of: key)
            let message = derivationContext + lengthPrefixed(receiver) + lengthPrefixed(purpose)
            var derived = try GenericHash.keyedHash(message, key: master, outputLength: 32)
            return PseudonymKey(secret: SecretBytes(wiping: &derived), epoch: key.epoch ?? 1, domain: domain)
        case .shared(let name):
            let key = try keyring.activeKey(kind: .pseudonym, domain: name)
            return PseudonymKey(secret: try keyring.secret(of: key), epoch: key.epoch ?? 1, domain: domain)
        }
    }

    /// The pseudonym of a value.
    /// - Parameters:
    ///   - value: the value as the record carries it.
    ///   - category: how to normalise it.
    ///   - callingCode: the default country calling code for phone numbers.
    /// - Returns: `psn:v1:<epoch>:<32 base32 characters>`.
    public func pseudonym(of value: String, category: PseudonymCategory, callingCode: String? = nil) -> String {
        pseudonym(ofNormalised: PseudonymNormalisation.normalise(value, category: category, callingCode: callingCode),
            category: category)
    }

    /// The pseudonym of a value that is already normalised.
    public func pseudonym(ofNormalised value: String, category: PseudonymCategory) -> String {
        // One allocation for the message and one for the text: the length prefixes are written byte by byte and
        // the base32 code straight after the prefix.
        let name = category.rawValue.utf8
        let text = value.utf8
        var message: [UInt8] = []
        message.reserveCapacity(8 + name.count + text.count)
        Self.appendLength(name.count, to: &message)
        message.append(contentsOf: name)
        Self.appendLength(text.count, to: &message)
        message.append(contentsOf: text)
        // A 32-byte key and a 32-byte output are within BLAKE2b's limits, so this cannot throw.
        let digest = try! GenericHash.keyedHash(message, key: secret, outputLength: 32)
        return Base32.encode(digest.prefix(Pseudonym.digestBytes), after: prefix)
    }

    private static func appendLength(_ count: Int, to message: inout [UInt8]) {
        let count = UInt32(truncatingIfNeeded: count)
        message.append(UInt8(count >> 24))
        message.append(UInt8((count >> 16) & 0xff))
        message.append(UInt8((count >> 8) & 0xff))
        message.append(UInt8(count & 0xff))
    }

    /// `text`'s UTF-8 length as four bytes big-endian, then its UTF-8 bytes.
    static func lengthPrefixed(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let count = UInt32(truncatingIfNeeded: bytes.count)
        return [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
            + bytes
    }
}
