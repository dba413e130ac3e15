import GRDB

extension TilsynDatabase {
    /// Migration `v3-code-batches-erasure`: staged access codes, and erasable correction texts.
    ///
    /// - `code_batch` and `access_code_pending`: a `codes issue` run stages its codes' salted hashes
    ///   here first and moves them into `access_code` only after the file with the plain codes is safely
    ///   on disk, so a crash before that leaves every old code working (see ``stageAccessCodes(units:actor:out:at:)``).
    /// - `correction.erased_at`, and the append-only trigger on `correction` replaced by one that allows
    ///   exactly one change: blanking a request's texts (field, claimed value, message, contact) once,
    ///   with the time. A company's words can then be erased on request while the request's existence,
    ///   unit, dates and status history stay (see ``eraseCorrection(id:by:at:)``).
    static func registerV3(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-code-batches-erasure") { db in
            // Literal names and values, as in v2: a released migration must not change with the code.
            try db.create(table: "code_batch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("actor", .text).notNull()
                t.column("started_at", .text).notNull()
                t.column("out", .text).notNull()
                t.column("units", .integer).notNull()
                // Set once the codes file is on disk: only then may its codes become active.
                t.column("file_sha256", .text)
                t.column("activated_at", .text)
            }
            try db.create(table: "access_code_pending", options: .withoutRowID) { t in
                t.column("batch_id", .integer).notNull().references("code_batch", onDelete: .cascade)
                t.column("unit", .text).notNull()
                t.column("salt", .text).notNull()
                t.column("hash", .text).notNull()
                t.column("position", .integer).notNull()
                t.primaryKey(["batch_id", "unit"])
            }
            try db.alter(table: "correction") { t in t.add(column: "erased_at", .text) }
            try db.execute(sql: """
                DROP TRIGGER correction_append_only_update;
                CREATE TRIGGER correction_erase_only BEFORE UPDATE ON correction
                WHEN OLD.erased_at IS NOT NULL OR NEW.erased_at IS NULL OR NEW.id IS NOT OLD.id
                  OR NEW.unit IS NOT OLD.unit OR NEW.submitted_at IS NOT OLD.submitted_at
                  OR NEW.field <> '' OR NEW.claimed_value <> '' OR NEW.message <> '' OR NEW.contact IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'a correction request is append-only except for erasing its texts, once'); END;
                """)
        }
    }
}
