import GRDB
import TilsynCore

extension TilsynDatabase {
    /// Every board decision on any model, oldest first: the yearly account finds the models the board
    /// decided on in a year, including those that never made a list.
    public func allDecisions() throws -> [BoardDecision] {
        try writer.read { db in try DecisionRow.order(Column("id")).fetchAll(db).map(\.decisionValue) }
    }

    /// The last audit entry written before `time` (ISO 8601, compared as text, which orders the store's
    /// UTC times), or `nil`: the yearly account's "last entry of the year".
    public func lastAuditEntry(before time: String) throws -> AuditEntry? {
        try writer.read { db in
            try AuditEntry.filter(Column("at") < time).order(Column("id").desc).fetchOne(db)
        }
    }
}
