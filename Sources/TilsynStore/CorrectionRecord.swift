import Foundation
import GRDB

/// Where a correction request stands. The first status is always `open`.
public enum CorrectionStatus: String, Codable, Sendable, CaseIterable {
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
public struct CorrectionRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var unit: String
    /// The feature or register field the company says is wrong.
    public var field: String
    /// The value the company says is right.
    public var claimedValue: String
    public var message: String
    /// How to reach the company, if given.
    public var contact: String?
    /// When it was submitted.
    public var submittedAt: Date
    /// The latest status.
    public var status: CorrectionStatus
    /// Who set the latest status (`company` for `open`).
    public var statusBy: String
    /// Why, for the company; empty for `open`.
    public var statusNote: String
    /// When the latest status was set.
    public var statusAt: Date

    enum CodingKeys: String, CodingKey {
        case id, unit, field, message, contact, status
        case claimedValue = "claimed_value"
        case submittedAt = "submitted_at"
        case statusBy = "status_by"
        case statusNote = "status_note"
        case statusAt = "status_at"
    }

    public init(id: Int64, unit: String, field: String, claimedValue: String, message: String, contact: String?, submittedAt: Date,
                status: CorrectionStatus, statusBy: String, statusNote: String, statusAt: Date) {
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
public struct CorrectionStatusRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var correctionID: Int64
    public var status: CorrectionStatus
    public var by: String
    public var note: String
    public var at: Date

    enum CodingKeys: String, CodingKey {
        case id, status, by, note, at
        case correctionID = "correction_id"
    }

    public init(id: Int64? = nil, correctionID: Int64, status: CorrectionStatus, by: String, note: String, at: Date) {
        self.id = id
        self.correctionID = correctionID
        self.status = status
        self.by = by
        self.note = note
        self.at = at
    }
}

/// A row of table `correction_status`.
struct CorrectionStatusRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "correction_status"

    var id: Int64?
    var correctionID: Int64
    var status: String
    var by: String
    var note: String
    var at: String

    enum CodingKeys: String, CodingKey {
        case id, status, by, note, at
        case correctionID = "correction_id"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func value() throws -> CorrectionStatusRecord {
        CorrectionStatusRecord(id: id, correctionID: correctionID, status: try CorrectionStatus.stored(status, field: "correction_status.status"),
                               by: by, note: note, at: try StoreTime.date(at, field: "correction_status.at"))
    }
}

extension CorrectionStatus {
    /// The status a stored column holds.
    static func stored(_ text: String, field: String) throws -> CorrectionStatus {
        guard let status = CorrectionStatus(rawValue: text) else {
            throw StoreError.invalidField(field: field, reason: "must be open, in_review, accepted or rejected, not '\(text)'")
        }
        return status
    }
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
