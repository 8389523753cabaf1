import Foundation
public import JSONSchema
import Sodium

/// One bearer token of the local API, kept as a hash so the configuration holds no secret.
public struct TokenEntry: Sendable, Hashable {
    /// Who uses it (for the audit log); 1–64 of `a-z A-Z 0-9 . _ -`.
    public var name: String
    /// What it may do.
    public var role: Role
    /// BLAKE2b-256 of the token's UTF-8 bytes, 64 lowercase hex digits.
    public var hash: String

    /// An entry for a token.
    public init(name: String, role: Role, hash: String) {
        self.name = name
        self.role = role
        self.hash = hash
    }

    /// The hash stored for `token`.
    public static func hash(of token: String) -> String {
        Hex.encode(GenericHash.hash(Array(token.utf8)))
    }

    /// A new random token (32 random bytes, URL-safe base64) and its entry.
    public static func generate(name: String, role: Role) -> (token: String, entry: TokenEntry) {
        let token = "ngt_" + Base64.encodeURLSafeNoPadding(SecureRandom.bytes(32))
        return (token, TokenEntry(name: name, role: role, hash: hash(of: token)))
    }

    /// The entry as configuration JSON.
    public var json: JSONValue { ["name": .string(name), "role": .string(role.rawValue), "hash": .string(hash)] }

    static func parse(_ value: JSONValue, path: String) throws(ConfigurationError) -> TokenEntry {
        var reader = try ConfigReader(value, path: path)
        let name = try reader.requiredString("name", hint: "name the user of the token")
        guard name.utf8.count <= 64,
            name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) })
        else { throw ConfigurationError(key: reader.key("name"), problem: "must be 1 to 64 of a-z A-Z 0-9 . _ -") }
        let roleText = try reader.requiredString("role", hint: "one of caseworker, operator, auditor")
        guard let role = Role(rawValue: roleText) else {
            throw ConfigurationError(key: reader.key("role"), problem: "must be one of caseworker, operator, auditor")
        }
        let hash = try reader.requiredString("hash", hint: "the BLAKE2b-256 hex hash that `nordgate token` prints")
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw ConfigurationError(
                key: reader.key("hash"), problem: "must be 64 lowercase hex digits as printed by `nordgate token`; never the token itself")
        }
        try reader.finish()
        return TokenEntry(name: name, role: role, hash: hash)
    }

    static func load(file: String, key: String) throws(ConfigurationError) -> [TokenEntry] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError(key: key, problem: "\(file) cannot be read; check the path")
        }
        guard let value = try? JSONParser.parse([UInt8](data)), let items = value.arrayValue else {
            throw ConfigurationError(key: key, problem: "\(file) must hold a JSON array of {name, role, hash}")
        }
        var entries: [TokenEntry] = []
        for (index, item) in items.enumerated() {
            entries.append(try parse(item, path: "\(key)[\(index)]"))
        }
        return entries
    }
}
