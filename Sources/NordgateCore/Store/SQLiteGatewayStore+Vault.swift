import Foundation
import GRDB

extension SQLiteGatewayStore {
    public func storeVaultEntries(_ entries: [VaultEntry]) throws {
        try Self.checkVaultEntries(entries)
        guard !entries.isEmpty else { return }
        try write { db in try Self.insertVaultEntries(entries, db) }
    }

    public func storeVaultEntries(_ entries: [VaultEntry]) async throws {
        try Self.checkVaultEntries(entries)
        guard !entries.isEmpty else { return }
        try await write { db in try Self.insertVaultEntries(entries, db) }
    }

    static func checkVaultEntries(_ entries: [VaultEntry]) throws {
        for entry in entries {
            try StoreValidation.token(entry.pseudonym, field: "pseudonym")
            try StoreValidation.token(entry.keyID, field: "vault key id")
            try StoreValidation.bytes(entry.nonce, field: "vault nonce", range: 1...64)
            try StoreValidation.bytes(
                entry.ciphertext,
                field: "vault ciphertext",
                range: 1...StoreLimits.maxVaultCiphertextBytes
            )
        }
    }

    static func insertVaultEntries(_ entries: [VaultEntry], _ db: Database) throws {
        for entry in entries {
            try db.executeCached(
                """
                INSERT INTO vault (pseudonym, key_id, nonce, ciphertext, created) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pseudonym) DO NOTHING
                """,
                arguments: [
                    entry.pseudonym, entry.keyID, Data(entry.nonce), Data(entry.ciphertext),
                    StoreTime.seconds(entry.created),
                ]
            )
        }
    }

    public func vaultEntry(for pseudonym: String) throws -> VaultEntry? {
        try StoreValidation.token(pseudonym, field: "pseudonym")
        return try read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT pseudonym, key_id, nonce, ciphertext, created FROM vault WHERE pseudonym = ?"
                    ),
                    arguments: [pseudonym]
                )
            else { return nil }
            let stored = StoreRow(row: row, table: "vault")
            return VaultEntry(
                pseudonym: try stored.text("pseudonym"),
                keyID: try stored.text("key_id"),
                nonce: try stored.bytes("nonce"),
                ciphertext: try stored.bytes("ciphertext"),
                created: try stored.date("created")
            )
        }
    }
}
