import GRDB

/// The SQLite schema as named migrations. Applied migrations are recorded by GRDB in
/// `grdb_migrations`; add new ones at the end and never edit one that has shipped.
enum StoreSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        id TEXT PRIMARY KEY NOT NULL,
                        peer TEXT NOT NULL,
                        recipients TEXT NOT NULL,
                        type TEXT NOT NULL,
                        envelope BLOB NOT NULL,
                        digest BLOB NOT NULL,
                        created INTEGER NOT NULL,
                        expires INTEGER NOT NULL,
                        state TEXT NOT NULL
                            CHECK (state IN ('queued', 'delivering', 'delivered', 'failed', 'expired', 'dead')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt INTEGER NOT NULL,
                        last_error TEXT,
                        receipt BLOB,
                        updated INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX outbox_due ON outbox (peer, state, next_attempt);
                    CREATE INDEX outbox_state_updated ON outbox (state, updated);
                    CREATE INDEX outbox_created ON outbox (created, id);
                    """
            )
        }
        migrator.registerMigration("v1-inbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE seen (
                        id TEXT PRIMARY KEY NOT NULL,
                        sender TEXT NOT NULL,
                        digest BLOB NOT NULL,
                        receipt BLOB NOT NULL,
                        expires INTEGER NOT NULL,
                        seen_at INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX seen_expires ON seen (expires);
                    CREATE TABLE inbox (
                        cursor INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE REFERENCES seen (id),
                        sender TEXT NOT NULL,
                        type TEXT NOT NULL,
                        envelope BLOB NOT NULL,
                        digest BLOB NOT NULL,
                        expires INTEGER NOT NULL,
                        received_at INTEGER NOT NULL,
                        acked_at INTEGER
                    ) STRICT;
                    """
            )
        }
        migrator.registerMigration("v1-vault") { db in
            try db.execute(
                sql: """
                    CREATE TABLE vault (
                        pseudonym TEXT PRIMARY KEY NOT NULL,
                        key_id TEXT NOT NULL,
                        nonce BLOB NOT NULL,
                        ciphertext BLOB NOT NULL,
                        created INTEGER NOT NULL
                    ) STRICT;
                    """
            )
        }
        migrator.registerMigration("v1-audit") { db in
            // The triggers stop accidental changes; someone with write access to the file can drop
            // them, which the hash chain and the signed checkpoints then reveal.
            try db.execute(
                sql: """
                    CREATE TABLE audit_log (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        time INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        details TEXT NOT NULL,
                        prev_hash BLOB NOT NULL,
                        hash BLOB NOT NULL
                    );
                    CREATE TABLE audit_checkpoint (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        hash BLOB NOT NULL,
                        time INTEGER NOT NULL,
                        key_id TEXT NOT NULL,
                        signature BLOB NOT NULL
                    );
                    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v2-outbox-timing") { db in
            // Millisecond times of acceptance and of the stored receipt, for latency figures;
            // NULL in rows written before this migration.
            try db.execute(
                sql: """
                    ALTER TABLE outbox ADD COLUMN accepted_ms INTEGER;
                    ALTER TABLE outbox ADD COLUMN delivered_ms INTEGER;
                    """
            )
        }
        migrator.registerMigration("v3-outbox-claim-indexes") { db in
            // Claims and expiry read index entries only, in order, however long the queue is:
            // the claim's whole ORDER BY is in the index, and expiry has its own.
            try db.execute(
                sql: """
                    DROP INDEX outbox_due;
                    CREATE INDEX outbox_due ON outbox (peer, state, next_attempt, created, id);
                    CREATE INDEX outbox_expiry ON outbox (peer, state, expires);
                    """
            )
        }
        migrator.registerMigration("v4-outbox-envelopes") { db in
            // The envelope bytes in a table of their own: a state change rewrites a whole row, and with the
            // envelope in it every claim and receipt copied kilobytes of overflow pages into the WAL. Keyed by
            // an increasing integer, so new envelopes are appended rather than scattered over a UUID index.
            try db.execute(
                sql: """
                    CREATE TABLE outbox_envelope (
                        seq INTEGER PRIMARY KEY,
                        envelope BLOB NOT NULL
                    ) STRICT;
                    ALTER TABLE outbox ADD COLUMN envelope_seq INTEGER;
                    INSERT INTO outbox_envelope (seq, envelope) SELECT rowid, envelope FROM outbox;
                    UPDATE outbox SET envelope_seq = rowid;
                    ALTER TABLE outbox DROP COLUMN envelope;
                    CREATE TRIGGER outbox_envelope_delete AFTER DELETE ON outbox
                        BEGIN DELETE FROM outbox_envelope WHERE seq = OLD.envelope_seq; END;
                    """
            )
        }
        return migrator
    }
}
