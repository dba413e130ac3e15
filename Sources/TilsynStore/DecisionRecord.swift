import GRDB
import TilsynCore

extension ApprovalDecision: DatabaseValueConvertible {}

/// A row of table `approval`: one ``BoardDecision``; rows are only ever appended.
///
/// Internal, so that callers see the decision as ``BoardDecision`` and no GRDB record type leaves the store.
struct DecisionRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "approval"

    var id: Int64?
    var fingerprint: String
    var decidedBy: String
    var decision: ApprovalDecision
    var note: String
    /// ISO 8601 time of the decision.
    var decidedAt: String

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, decision, note
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var decisionValue: BoardDecision {
        BoardDecision(id: id, fingerprint: fingerprint, decision: decision, decidedBy: decidedBy, decidedAt: decidedAt, note: note)
    }
}
