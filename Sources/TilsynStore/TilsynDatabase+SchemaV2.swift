import GRDB

extension TilsynDatabase {
    /// Migration `v2-disclosures-audit`: the audit log, access codes, role tokens, issued lists and their
    /// rows, cards issued, and correction requests with their status history.
    ///
    /// Evidence tables (the audit log, lists and their rows, cards issued, corrections and their status
    /// changes) get the same `RAISE(ABORT)` triggers as v1's decisions: the application never rewrites
    /// history, and a slip in later code fails loudly instead of quietly editing it. Two tables hold
    /// current state rather than history and may change, each change audited: `access_code` (a reissue
    /// replaces the unit's code) and `role_token` (only its `revoked` time, once).
    static func registerV2(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-disclosures-audit") { db in
            // Literal names and values throughout: a released migration must not change when a Swift type
            // is renamed later.
            // The chain: ids are assigned by the store without gaps; UNIQUE prev_hash means two entries
            // can never claim the same predecessor, so concurrent writers fail instead of forking it.
            try db.create(table: "audit_log") { t in
                t.primaryKey("id", .integer)
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("event", .text).notNull().indexed()
                t.column("subject", .text).indexed()
                t.column("detail", .text).notNull()
                t.column("prev_hash", .text).notNull().unique()
                t.column("hash", .text).notNull().unique()
            }
            try db.create(table: "access_code") { t in
                t.primaryKey("unit", .text)
                t.column("salt", .text).notNull()
                t.column("hash", .text).notNull()
                t.column("issued_at", .text).notNull()
            }
            try db.create(table: "role_token") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("role", .text).notNull().check { ["inspector", "board"].contains($0) }
                t.column("name", .text).notNull()
                t.column("hash", .text).notNull().unique()
                t.column("created", .text).notNull()
                t.column("expires", .text)
                t.column("revoked", .text)
            }
            try db.create(table: "issued_list") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("issued_at", .text).notNull()
                t.column("issued_by", .text).notNull()
                t.column("as_of", .text).notNull()
                t.column("fingerprint", .text).notNull().indexed()
                t.column("list_sha256", .text).notNull()
                t.column("manifest", .text).notNull()
                t.column("row_count", .integer).notNull().check { $0 >= 0 }
            }
            try db.create(table: "list_row", options: .withoutRowID) { t in
                t.column("list_id", .integer).notNull().references("issued_list", onDelete: .restrict)
                t.column("rank", .integer).notNull().check { $0 >= 1 }
                t.column("unit", .text).notNull().indexed()
                t.column("channel", .text).notNull().check { ["risk", "random", "manual"].contains($0) }
                t.column("probability", .double).notNull().check { $0 >= 0 && $0 <= 1 }
                t.column("region", .text)
                t.primaryKey(["list_id", "rank"])
                t.uniqueKey(["list_id", "unit"])
            }
            try db.create(table: "card_issued") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("unit", .text).notNull().indexed()
                t.column("fingerprint", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("language", .text).notNull()
                t.column("format", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("issued_at", .text).notNull()
            }
            try db.create(table: "correction") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("unit", .text).notNull().indexed()
                t.column("field", .text).notNull()
                t.column("claimed_value", .text).notNull()
                t.column("message", .text).notNull()
                t.column("contact", .text)
                t.column("submitted_at", .text).notNull()
            }
            try db.create(table: "correction_status") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("correction_id", .integer).notNull().indexed()
                    .references("correction", onDelete: .restrict)
                t.column("status", .text).notNull().check { ["open", "in_review", "accepted", "rejected"].contains($0) }
                t.column("by", .text).notNull()
                t.column("note", .text).notNull()
                t.column("at", .text).notNull()
            }
            for table in ["audit_log", "issued_list", "list_row", "card_issued", "correction", "correction_status"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_append_only_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    CREATE TRIGGER \(table)_append_only_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    """)
            }
            // A token is revoked once and otherwise never changes; it is never deleted, so the audit
            // log's `token:<id>` always names a row.
            try db.execute(sql: """
                CREATE TRIGGER role_token_revoke_only BEFORE UPDATE ON role_token
                WHEN OLD.revoked IS NOT NULL OR NEW.revoked IS NULL OR NEW.id IS NOT OLD.id
                  OR NEW.role IS NOT OLD.role OR NEW.name IS NOT OLD.name OR NEW.hash IS NOT OLD.hash
                  OR NEW.created IS NOT OLD.created OR NEW.expires IS NOT OLD.expires
                BEGIN SELECT RAISE(ABORT, 'a role token can only be revoked, once'); END;
                CREATE TRIGGER role_token_no_delete BEFORE DELETE ON role_token
                BEGIN SELECT RAISE(ABORT, 'role tokens are revoked, never deleted'); END;
                """)
        }
    }
}
