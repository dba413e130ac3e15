import Foundation
import GRDB
import TilsynCore

/// A row of table `approval`: one ``BoardDecision``; rows are only ever appended.
///
/// Internal, so that callers see the decision as ``BoardDecision`` and no GRDB type leaves the store.
struct DecisionRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "approval"

    var id: Int64?
    var fingerprint: String
    var decidedBy: String
    /// `approved` or `rejected` (the schema checks it).
    var decision: String
    var note: String
    /// ISO 8601 time of the decision.
    var decidedAt: String

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, decision, note
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func value() throws -> BoardDecision {
        guard let verdict = ApprovalDecision(rawValue: decision) else {
            throw StoreError.invalidField(field: "approval.decision", reason: "must be approved or rejected, not '\(decision)'")
        }
        return BoardDecision(id: id, fingerprint: fingerprint, decision: verdict, decidedBy: decidedBy,
                             decidedAt: try StoreTime.date(decidedAt, field: "approval.decided_at"), note: note)
    }
}
