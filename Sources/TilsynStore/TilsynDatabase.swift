import Foundation
import GRDB

/// The embedded SQLite store ⚖ (DESIGN §10): one file, no server, its schema only through named migrations.
///
/// Commands open `tilsyn.sqlite` in the working directory unless `--db` names another; tests use an
/// in-memory database so they never share state. Opening always runs the migrator, so a file written by
/// an older version is brought up to date before it is read.
public struct TilsynDatabase: Sendable {
    /// The file every command uses when `--db` is not given.
    public static let defaultPath = "tilsyn.sqlite"

    /// The connection every method goes through.
    ///
    /// A file store is a `DatabasePool` in WAL mode: `tilsyn serve` reads (cards, lists, token lookups)
    /// while a write is in progress instead of waiting for it, and a writer in another process (`tilsyn
    /// list`, `approve`) never blocks readers. Writes still go one at a time through one writer
    /// connection in `IMMEDIATE` transactions, which is what keeps the audit chain a chain rather than a
    /// tree. The in-memory store of the tests is a `DatabaseQueue`, as WAL needs a file.
    /// Internal, so that no GRDB type is part of the store's API; every public method goes through
    /// GRDB's own async `read`/`write`, which run on the pool's queues and suspend the caller instead of
    /// blocking a thread of Swift's cooperative pool.
    let writer: any DatabaseWriter

    /// The writes that a request waits on before it answers (a card shown, a failed lookup), committed
    /// together when they arrive together (see ``GroupCommit``).
    let commits = GroupCommit()

    /// Opens (creating if needed) the store at `path` and migrates it.
    /// - Throws: ``StoreError/cannotOpen(file:reason:)`` naming the file.
    public init(path: String) throws {
        do {
            try Self.createPrivately(path)
            var configuration = Configuration()
            // `approve`, `list` and `serve` may write to the same file at once; wait rather than fail.
            configuration.busyMode = .timeout(5)
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            writer = pool
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(file: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Creates a missing store file readable and writable by its owner only (0600).
    ///
    /// The store holds who was listed, which cards were shown and the companies' correction requests;
    /// SQLite would create it with the process's umask (usually 0644, readable by every local user).
    /// Its `-wal` and `-shm` files take the same mode from it. An existing file keeps its mode: that
    /// is the operator's choice.
    static func createPrivately(_ path: String) throws {
        guard !path.isEmpty, path != ":memory:", !FileManager.default.fileExists(atPath: path) else { return }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.cannotOpen(file: path, reason: "the file cannot be created (is its directory missing or not writable?)")
        }
    }

    /// A fresh, migrated in-memory store: for tests, which must not share a file.
    public static func inMemory() throws -> TilsynDatabase {
        try TilsynDatabase(writer: DatabaseQueue())
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Every schema change, in order. Released migrations are never edited, only followed by new ones,
    /// because stores already on disk have run them (GRDB's recommended practice).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-models-approvals") { db in
            try db.create(table: ModelRow.databaseTableName) { t in
                t.primaryKey("fingerprint", .text)
                t.column("name", .text).notNull()
                t.column("version", .text).notNull()
                t.column("created", .text).notNull()
                t.column("registered_at", .text).notNull()
                t.column("spec", .text).notNull()
            }
            try db.create(table: DecisionRow.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("fingerprint", .text).notNull().indexed()
                    .references(ModelRow.databaseTableName, onDelete: .restrict)
                t.column("decided_by", .text).notNull()
                t.column("decision", .text).notNull()
                    .check { ["approved", "rejected"].contains($0) }
                t.column("note", .text).notNull()
                t.column("decided_at", .text).notNull()
            }
            // The board's decisions are evidence: a later decision supersedes an earlier one, nothing rewrites it.
            try db.execute(sql: """
                CREATE TRIGGER approval_append_only_update BEFORE UPDATE ON approval
                BEGIN SELECT RAISE(ABORT, 'approval decisions are append-only'); END;
                CREATE TRIGGER approval_append_only_delete BEFORE DELETE ON approval
                BEGIN SELECT RAISE(ABORT, 'approval decisions are append-only'); END;
                """)
        }
        registerV2(in: &migrator)
        registerV3(in: &migrator)
        registerV4Visits(in: &migrator)
        registerV5VisitSnapshots(in: &migrator)
        registerV6PendingLists(in: &migrator)
        return migrator
    }
}
