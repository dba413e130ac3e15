import Foundation
import GRDB
import TilsynCore

extension TilsynDatabase {
    /// Every board decision on any model, oldest first: the yearly account finds the models the board
    /// decided on in a year, including those that never made a list.
    public func allDecisions() async throws -> [BoardDecision] {
        try await writer.read { db in try DecisionRow.order(Column("id")).fetchAll(db).map { try $0.value() } }
    }

    /// The last audit entry (by position in the chain) written before `time`, or `nil`: the yearly
    /// account's "last entry of the year". Entry times are compared as the store's ISO 8601 UTC text,
    /// which orders as time does.
    public func lastAuditEntry(before time: Date) async throws -> AuditEntry? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.auditColumns) FROM audit_log WHERE at < ? ORDER BY id DESC LIMIT 1",
                             arguments: [StoreTime.text(time)]).map(Self.auditEntry)
        }
    }
}
