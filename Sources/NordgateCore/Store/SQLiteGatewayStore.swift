public import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The embedded ``GatewayStore``: one SQLite database, `<data folder>/nordgate.sqlite`,
/// through a GRDB `DatabasePool`.
///
/// The `async` methods share transactions when called concurrently (group commit, see
/// ``GroupCommitter``): each still returns only after its change is durable, but many
/// changes share one fsync. The blocking methods (the CLI's, the vault's, the audit sink's)
/// commit one transaction each.
///
/// The database runs in WAL mode with `synchronous = FULL`, so a commit is on disk before the
/// call returns and survives `kill -9` and power loss; readers never block the single writer.
/// Foreign keys are on and a busy timeout lets several processes (the server and the CLI)
/// share the file. The folder is mode 0700 and the files 0600.
public final class SQLiteGatewayStore: GatewayStore {
    /// The database file's name inside the data folder.
    public static let fileName = "nordgate.sqlite"

    /// How to open the store.
    public struct Options: Sendable {
        /// Signs audit checkpoints; without one, no checkpoints are made.
        public var auditSigner: (any AuditSigner)?
        /// A checkpoint is signed once this many entries follow the last one (default 100).
        public var checkpointInterval: Int
        /// How long to wait for another process's write lock.
        public var busyTimeout: TimeInterval
        /// Create the folder and database when missing (off for read-only tools such as `audit verify`).
        public var createIfMissing: Bool

        public init(
            auditSigner: (any AuditSigner)? = nil,
            checkpointInterval: Int = 100,
            busyTimeout: TimeInterval = 10,
            createIfMissing: Bool = true
        ) {
            self.auditSigner = auditSigner
            self.checkpointInterval = max(1, checkpointInterval)
            self.busyTimeout = busyTimeout
            self.createIfMissing = createIfMissing
        }
    }

    /// The data folder.
    public let folder: String
    /// The database file's path.
    public let path: String
    let options: Options
    let pool: DatabasePool
    let committer: GroupCommitter

    /// Opens (and if allowed creates) the store in `folder` and applies pending migrations.
    /// - Throws: ``StoreError/missing(path:)`` when there is no store and `createIfMissing` is
    ///   off; ``StoreError/cannotOpen(path:reason:)`` when the folder or file is open to other
    ///   users, not ours, or not a SQLite database.
    public init(folder: String, options: Options = Options()) throws {
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        try Self.prepareFiles(folder: folder, path: path, create: options.createIfMissing)
        var configuration = Configuration()
        configuration.label = "nordgate-store"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(options.busyTimeout)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // FULL: the WAL is fsynced at every commit, so a returned commit survives power loss.
            // Set on the writer after opening: GRDB's WAL set-up switches it to NORMAL, which can
            // lose the last commits on power loss. Only the writer commits; readers need nothing.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            try StoreSchema.migrator().migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: "SQLite error \(error.resultCode.rawValue)")
        }
        for suffix in ["", "-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
        self.folder = folder
        self.path = path
        self.options = options
        committer = GroupCommitter(pool: pool)
    }

    /// Closes the database; later calls fail.
    public func close() throws {
        try Self.mapping { try pool.close() }
    }

    /// The names of the migrations applied to the database, in order.
    public func appliedMigrations() throws -> [String] {
        try read { db in try StoreSchema.migrator().appliedMigrations(db) }
    }

    /// The writer connection's `PRAGMA synchronous` level (2 is FULL: every commit is fsynced).
    public func synchronousLevel() throws -> Int {
        try Self.mapping { try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 } }
    }

    // MARK: - Files

    private static func prepareFiles(folder: String, path: String, create: Bool) throws {
        if !SecureFile.exists(folder) {
            guard create else { throw StoreError.missing(path: folder) }
            guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
                throw StoreError.cannotOpen(path: folder, reason: "cannot create the folder")
            }
        }
        try checked(folder, isFolder: true)
        if !SecureFile.exists(path) {
            guard create else { throw StoreError.missing(path: path) }
            // An empty file is an empty database; creating it first fixes its mode (and SQLite
            // gives the -wal and -shm files the same mode).
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 || errno == EEXIST else {
                throw StoreError.cannotOpen(path: path, reason: "cannot create the database file")
            }
            if fd >= 0 { closeDescriptor(fd) }
        }
        try checked(path, isFolder: false)
    }

    private static func checked(_ path: String, isFolder: Bool) throws {
        do { try SecureFile.checkPermissions(path, folder: isFolder) } catch {
            switch error {
            case .insecurePermissions(_, let mode, let expected):
                throw StoreError.cannotOpen(
                    path: path,
                    reason: "mode is \(String(mode, radix: 8)), expected \(String(expected, radix: 8)) (chmod it)"
                )
            case .wrongOwner: throw StoreError.cannotOpen(path: path, reason: "owned by another user")
            default: throw StoreError.cannotOpen(path: path, reason: isFolder ? "not a folder" : "not a regular file")
            }
        }
    }

    // MARK: - Transactions

    /// Runs `body` in a write transaction and waits; database errors become ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapping { try pool.write(body) }
    }

    /// Runs `body` in the next group commit (its own savepoint in a shared transaction) without
    /// blocking a thread; returns once that transaction is durable.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await committer.write(body) } catch let error as DatabaseError { throw Self.map(error) }
    }

    /// Runs `body` on a snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapping { try pool.read(body) }
    }

    /// Runs `body` on a snapshot without blocking a thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch let error as DatabaseError { throw Self.map(error) }
    }

    private static func mapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw map(error) }
    }

    private static func map(_ error: DatabaseError) -> StoreError {
        // SQLite messages name tables, columns and constraints, never bound values (GRDB keeps
        // statement arguments out of errors unless `publicStatementArguments` is set).
        .database(code: error.extendedResultCode.rawValue, reason: error.message ?? "unknown")
    }
}

/// `close(2)`, out of reach of ``SQLiteGatewayStore/close()``'s name.
private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
