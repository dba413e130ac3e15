import GRDB

/// Where a correction request stands. The first status is always `open`.
public enum CorrectionStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Submitted, not yet looked at.
    case open
    /// Someone is checking it with the register that holds the data.
    case inReview = "in_review"
    /// The data was wrong and is (being) corrected at its source.
    case accepted
    /// The data stands; the note says why.
    case rejected
}

/// A company's request to correct data behind its score, with its current status.
///
/// The request itself (table `correction`) never changes; each status change is a new row of
/// `correction_status`, so the whole history stays (``TilsynDatabase/correctionHistory(id:)``) and this
/// record shows the latest.
public struct CorrectionRecord: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var unit: String
    /// The feature or register field the company says is wrong.
    public var field: String
    /// The value the company says is right.
    public var claimedValue: String
    public var message: String
    /// How to reach the company, if given.
    public var contact: String?
    /// ISO 8601 time of submission.
    public var submittedAt: String
    /// The latest status.
    public var status: CorrectionStatus
    /// Who set the latest status (`company` for `open`).
    public var statusBy: String
    /// Why, for the company; empty for `open`.
    public var statusNote: String
    /// ISO 8601 time of the latest status.
    public var statusAt: String

    enum CodingKeys: String, CodingKey {
        case id, unit, field, message, contact, status
        case claimedValue = "claimed_value"
        case submittedAt = "submitted_at"
        case statusBy = "status_by"
        case statusNote = "status_note"
        case statusAt = "status_at"
    }

    public init(id: Int64, unit: String, field: String, claimedValue: String, message: String, contact: String?, submittedAt: String,
                status: CorrectionStatus, statusBy: String, statusNote: String, statusAt: String) {
        self.id = id
        self.unit = unit
        self.field = field
        self.claimedValue = claimedValue
        self.message = message
        self.contact = contact
        self.submittedAt = submittedAt
        self.status = status
        self.statusBy = statusBy
        self.statusNote = statusNote
        self.statusAt = statusAt
    }
}

/// One status of a correction request: a row of table `correction_status` (append-only).
public struct CorrectionStatusRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "correction_status"

    public var id: Int64?
    public var correctionID: Int64
    public var status: CorrectionStatus
    public var by: String
    public var note: String
    public var at: String

    enum CodingKeys: String, CodingKey {
        case id, status, by, note, at
        case correctionID = "correction_id"
    }

    public init(id: Int64? = nil, correctionID: Int64, status: CorrectionStatus, by: String, note: String, at: String) {
        self.id = id
        self.correctionID = correctionID
        self.status = status
        self.by = by
        self.note = note
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The request as submitted: a row of table `correction` (append-only).
struct CorrectionRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "correction"

    var id: Int64?
    var unit: String
    var field: String
    var claimedValue: String
    var message: String
    var contact: String?
    var submittedAt: String

    enum CodingKeys: String, CodingKey {
        case id, unit, field, message, contact
        case claimedValue = "claimed_value"
        case submittedAt = "submitted_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
