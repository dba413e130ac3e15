import GRDB

/// The board's verdict on one model version.
public enum ApprovalDecision: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case approved, rejected
}

/// One decision of the board, a row of table `approval`; rows are only ever appended.
///
/// Named `DecisionRecord` rather than `ApprovalRecord` because TilsynCore's ``TilsynCore/ApprovalRecord``
/// is the approval a list cites; this is the stored evidence it is derived from.
public struct DecisionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "approval"

    /// Assigned on insert; the order of ids is the order of decisions.
    public var id: Int64?
    public var fingerprint: String
    public var decidedBy: String
    public var decision: ApprovalDecision
    public var note: String
    /// ISO 8601 time of the decision.
    public var decidedAt: String

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, decision, note
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }

    public init(id: Int64? = nil, fingerprint: String, decidedBy: String, decision: ApprovalDecision, note: String, decidedAt: String) {
        self.id = id
        self.fingerprint = fingerprint
        self.decidedBy = decidedBy
        self.decision = decision
        self.note = note
        self.decidedAt = decidedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
