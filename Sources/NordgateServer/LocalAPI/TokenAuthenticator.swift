import HTTPTypes
import Hummingbird

/// Checks `Authorization: Bearer <token>` against the configured token hashes.
struct TokenAuthenticator: Sendable {
    private let entries: [String: TokenEntry]

    init(tokens: [TokenEntry]) {
        var entries: [String: TokenEntry] = [:]
        for token in tokens { entries[token.hash] = token }
        self.entries = entries
    }

    /// The token's entry if it carries one of `roles`.
    /// - Throws: ``RelayError`` 401 without a known token, 403 with the wrong role.
    func authorize(_ request: Request, roles: [Role]) throws -> TokenEntry {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let entry = entries[TokenEntry.hash(of: String(header.dropFirst(7)))]
        else { throw RelayError.unauthorized }
        guard roles.contains(entry.role) else { throw RelayError.roleRefused(roles) }
        return entry
    }
}
