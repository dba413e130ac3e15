import Foundation
import GRDB

extension TilsynDatabase {
    /// Migration `v5-visit-snapshots` ⚖: what a unit visited outside a list's design (a `manual` swap or
    /// addition) looked like when the visit was recorded. v1–v4 are released and never edited.
    ///
    /// A listed unit's model columns are kept at issue time (`list_unit_selection`); a manual unit was on
    /// no list, so its values are kept here, from the register in hand when the addition is recorded, with
    /// where they came from (`source`: the register file and its SHA-256, or the service's loaded
    /// register). Append-only like every evidence table.
    static func registerV5VisitSnapshots(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-visit-snapshots") { db in
            try db.create(table: "visit_snapshot", options: .withoutRowID) { t in
                t.column("list_id", .integer).notNull().references("issued_list", onDelete: .restrict)
                t.column("unit", .text).notNull()
                t.column("features", .text).notNull()
                t.column("source", .text).notNull()
                t.primaryKey(["list_id", "unit"])
            }
            try db.execute(sql: """
                CREATE TRIGGER visit_snapshot_append_only_update BEFORE UPDATE ON visit_snapshot
                BEGIN SELECT RAISE(ABORT, 'visit_snapshot is append-only'); END;
                CREATE TRIGGER visit_snapshot_append_only_delete BEFORE DELETE ON visit_snapshot
                BEGIN SELECT RAISE(ABORT, 'visit_snapshot is append-only'); END;
                """)
        }
    }

    /// Inserts a manual visit's snapshot inside ``recordVisits(listID:_:recordedBy:at:)``'s transaction.
    static func insertSnapshot(_ snapshot: VisitSnapshot, listID: Int64, unit: String, in db: Database) throws {
        let features = try JSONSerialization.data(withJSONObject: snapshot.features, options: [.sortedKeys])
        try db.execute(sql: "INSERT INTO visit_snapshot (list_id, unit, features, source) VALUES (?, ?, ?, ?)",
                       arguments: [listID, unit, String(decoding: features, as: UTF8.self), snapshot.source])
    }
}

/// A manual visit's model columns as the register held them when the visit was recorded ⚖.
public struct VisitSnapshot: Sendable, Equatable {
    /// The register's values of the model's columns for the unit, as text, by column name.
    public var features: [String: String]
    /// Where they came from: `register.csv (sha256 …)` or the service's loaded register.
    public var source: String

    public init(features: [String: String], source: String) {
        self.features = features
        self.source = source
    }
}
