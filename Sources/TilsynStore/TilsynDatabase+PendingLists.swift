import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TilsynDatabase {
    /// Migration `v6-pending-lists` ⚖: a list is written in slices under a pending marker and goes on
    /// record in one short last transaction. v1–v5 are released and never edited.
    ///
    /// Why: a list over the whole register (300,000 rows and their feature snapshots) written in one
    /// transaction held the write lock for seconds, and `tilsyn serve`'s card records waited on it
    /// (issue 17, finding 3). Now ``recordList(_:at:)`` inserts the `issued_list` row with a
    /// `list_pending` marker, writes the rows in slices (``writeSlice``), and then, in one transaction,
    /// appends the `list.issued` entry and removes the marker. Every reader leaves a list with a marker
    /// out (``onRecord(_:)``), so no card, listing, monitor or export ever sees a half-written list.
    ///
    /// The evidence tables stay append-only for every list on record. The only change to v2's and v4's
    /// triggers: the rows of a *pending* list may be deleted, which is how an abandoned one (its writer
    /// killed) is cleaned up (``discardAbandonedLists()``). The marker guards itself: it can only be put
    /// on a list that has no rows yet and no `list.issued` entry, so a list on record can never be made
    /// pending and deleted, and it can only be removed once the list's entry is written or the list is
    /// gone, so a half list can never be put on record without its entry. What the marker says about
    /// its writer (host, process, last slice) lets the next run tell a dead writer from a live one.
    static func registerV6PendingLists(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-pending-lists") { db in
            // Literal names throughout, as in every released migration.
            try db.execute(sql: """
                CREATE TABLE list_pending (
                  list_id INTEGER PRIMARY KEY NOT NULL,
                  host TEXT NOT NULL,
                  pid INTEGER NOT NULL,
                  started_at TEXT NOT NULL,
                  touched_at TEXT NOT NULL
                );
                CREATE TRIGGER list_pending_only_new BEFORE INSERT ON list_pending
                WHEN NOT EXISTS (SELECT 1 FROM issued_list WHERE id = NEW.list_id)
                  OR EXISTS (SELECT 1 FROM list_row WHERE list_id = NEW.list_id)
                  OR EXISTS (SELECT 1 FROM list_unit_selection WHERE list_id = NEW.list_id)
                  OR EXISTS (SELECT 1 FROM audit_log WHERE subject = 'list:' || NEW.list_id AND event = 'list.issued')
                BEGIN SELECT RAISE(ABORT, 'only a new list without rows can be pending'); END;
                CREATE TRIGGER list_pending_ends_on_record BEFORE DELETE ON list_pending
                WHEN EXISTS (SELECT 1 FROM issued_list WHERE id = OLD.list_id)
                  AND NOT EXISTS (SELECT 1 FROM audit_log WHERE subject = 'list:' || OLD.list_id AND event = 'list.issued')
                BEGIN SELECT RAISE(ABORT, 'a pending list leaves pending with its list.issued entry or not at all'); END;
                CREATE TRIGGER list_pending_keeps_its_list BEFORE UPDATE OF list_id ON list_pending
                BEGIN SELECT RAISE(ABORT, 'a pending marker stays on its list'); END;
                DROP TRIGGER issued_list_append_only_delete;
                CREATE TRIGGER issued_list_append_only_delete BEFORE DELETE ON issued_list
                WHEN NOT EXISTS (SELECT 1 FROM list_pending WHERE list_id = OLD.id)
                BEGIN SELECT RAISE(ABORT, 'issued_list is append-only'); END;
                DROP TRIGGER list_row_append_only_delete;
                CREATE TRIGGER list_row_append_only_delete BEFORE DELETE ON list_row
                WHEN NOT EXISTS (SELECT 1 FROM list_pending WHERE list_id = OLD.list_id)
                BEGIN SELECT RAISE(ABORT, 'list_row is append-only'); END;
                DROP TRIGGER list_unit_selection_append_only_delete;
                CREATE TRIGGER list_unit_selection_append_only_delete BEFORE DELETE ON list_unit_selection
                WHEN NOT EXISTS (SELECT 1 FROM list_pending WHERE list_id = OLD.list_id)
                BEGIN SELECT RAISE(ABORT, 'list_unit_selection is append-only'); END;
                """)
        }
    }

    /// The condition every reader of lists puts on `column` (an `issued_list.id` or a `list_id`): the
    /// list is on record, not one still being written. The one place this rule is written down.
    static func onRecord(_ column: String) -> String {
        "\(column) NOT IN (SELECT list_id FROM list_pending)"
    }

    /// How long a pending list's writer may go without finishing a slice before another run takes it for
    /// dead, whatever host or process it names. A live writer finishes a slice every fraction of a
    /// second; only a writer stopped (killed on another host, suspended) falls this far behind.
    public static let pendingListTimeout: TimeInterval = 120

    /// Who is writing, as a pending marker records it: this host and process.
    struct ListWriter: Sendable, Equatable {
        var host: String
        var pid: Int32

        static let current = ListWriter(host: hostName(), pid: ProcessInfo.processInfo.processIdentifier)

        static func hostName() -> String {
            var buffer = [CChar](repeating: 0, count: 256)
            guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// Whether the process still exists (`kill(pid, 0)`: no such process is `ESRCH`; one of another
        /// user's is `EPERM`, alive).
        static func isAlive(_ pid: Int32) -> Bool {
            guard pid > 0 else { return false }
            return kill(pid, 0) == 0 || errno == EPERM
        }
    }

    /// Whether a pending list's writer is gone: on this host and its process no longer exists, or no
    /// slice for longer than ``pendingListTimeout`` (a writer on another host, or a process id reused).
    static func isAbandoned(host: String, pid: Int32, touchedAt: Date, now: Date, me: ListWriter = .current) -> Bool {
        if now.timeIntervalSince(touchedAt) > pendingListTimeout { return true }
        return host == me.host && pid != me.pid && !ListWriter.isAlive(pid)
    }

    /// Puts a marker on a freshly inserted list, inside the transaction that inserts it.
    static func markPending(_ listID: Int64, in db: Database) throws {
        let now = StoreTime.text(Date())
        let me = ListWriter.current
        try db.execute(sql: "INSERT INTO list_pending (list_id, host, pid, started_at, touched_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [listID, me.host, me.pid, now, now])
    }

    /// Notes in a slice that the list's writer is alive; throws when the marker is gone, which means
    /// another run took the writer for dead and discarded the list.
    static func touchPending(_ listID: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE list_pending SET touched_at = ? WHERE list_id = ?", arguments: [StoreTime.text(Date()), listID])
        guard db.changesCount == 1 else {
            throw StoreError.invalidField(field: "list", reason: "\(listID) was discarded while it was being written (another run found no slice from its writer for \(Int(pendingListTimeout)) s); nothing of it is on record")
        }
    }

    /// Lists still being written, or left half-written by a writer that was killed: their ids, oldest first.
    public func pendingListIDs() async throws -> [Int64] {
        try await writer.read { db in try Int64.fetchAll(db, sql: "SELECT list_id FROM list_pending ORDER BY list_id") }
    }

    /// Removes every pending list whose writer is gone (see ``isAbandoned(host:pid:touchedAt:now:me:)``):
    /// what a `tilsyn list` killed part-way left. Such a list was never on record: it has no audit entry,
    /// no reader ever saw it, and its id is not reused (ids keep counting). Live writers' lists are left
    /// alone. ``recordList(_:at:)`` calls this before it writes, so the next list cleans up after the
    /// last one.
    /// - Returns: the ids removed.
    @discardableResult
    public func discardAbandonedLists() async throws -> [Int64] {
        try await discardAbandonedLists(now: Date())
    }

    /// ``discardAbandonedLists()`` as of `now` (tests give the time, so a slow machine cannot age a live
    /// writer's marker past the timeout between two lines).
    @discardableResult
    func discardAbandonedLists(now: Date) async throws -> [Int64] {
        let abandoned = try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT list_id, host, pid, touched_at FROM list_pending ORDER BY list_id").compactMap { row -> Int64? in
                let touched = try StoreTime.date(row["touched_at"], field: "list_pending.touched_at")
                return Self.isAbandoned(host: row["host"], pid: row["pid"], touchedAt: touched, now: now) ? row["list_id"] : nil
            }
        }
        for id in abandoned { try await discardPendingList(id) }
        return abandoned
    }

    /// Deletes a pending list and everything written for it, in slices like the writing (a list killed
    /// near its end has 300,000 rows to remove); a no-op for a list on record, whose rows the triggers
    /// protect anyway.
    func discardPendingList(_ id: Int64) async throws {
        try await inSlices(0) { db, deadline, _ in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM list_pending WHERE list_id = ?", arguments: [id]) == true else { return true }
            repeat {
                try db.execute(sql: "DELETE FROM list_unit_selection WHERE list_id = ? AND unit IN (SELECT unit FROM list_unit_selection WHERE list_id = ? LIMIT 2000)", arguments: [id, id])
                let selections = db.changesCount
                try db.execute(sql: "DELETE FROM list_row WHERE list_id = ? AND rank IN (SELECT rank FROM list_row WHERE list_id = ? LIMIT 2000)", arguments: [id, id])
                if selections == 0 && db.changesCount == 0 {
                    try db.execute(sql: "DELETE FROM issued_list WHERE id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM list_pending WHERE list_id = ?", arguments: [id])
                    return true
                }
            } while ContinuousClock.now < deadline
            return false
        }
    }
}
