import Foundation
import JSONSchema

/// The on-disk form of a keyring, `keyring.json` (documented byte by byte in `docs/keyring.md`).
struct KeyringDocument: Codable, Sendable {
    static let formatName = "nordgate-keyring"
    static let currentVersion = 1

    var format: String
    var version: Int
    var authority: String
    var generation: Int
    var kdf: KDFParameters
    /// Keyed BLAKE2b of a fixed string under the MAC key: tells a wrong passphrase from tampering.
    var check: String
    var keys: [KeyRecord]
    /// Keyed BLAKE2b over the RFC 8785 canonical form of every other member.
    var mac: String?
}

/// Argon2id parameters, stored so that the cost can be raised for new keyrings without
/// breaking old ones.
struct KDFParameters: Codable, Sendable, Hashable {
    var algorithm: String
    var salt: String
    var opsLimit: UInt64
    var memLimit: Int

    static let argon2id = "argon2id13"
}

/// Encoding and decoding of the JSON files in a keyring folder.
enum KeyringJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Encodes `value` and returns both the file bytes and the strict JSON value they parse to.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        [UInt8](try encoder().encode(value)) + [UInt8(ascii: "\n")]
    }

    /// The canonical bytes of `bytes` (a JSON object) with the member `excluding` removed.
    static func canonicalBytes(of bytes: [UInt8], excluding member: String, path: String) throws(KeyringError)
        -> (canonical: [UInt8], removed: JSONValue?)
    {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw .malformed(path: path, reason: "not strict JSON (\(error))")
        }
        guard case .object(var object) = value else { throw .malformed(path: path, reason: "not a JSON object") }
        let removed = object[member]
        object[member] = nil
        do {
            return (try JSONValue.object(object).canonicalBytes(), removed)
        } catch {
            throw .malformed(path: path, reason: "cannot be put in canonical form")
        }
    }
}
