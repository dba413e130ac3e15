import Foundation
import GRDB

extension TilsynDatabase {
    /// Longest accepted texts of a correction request, in characters.
    public enum CorrectionLimits {
        public static let unit = 200
        public static let field = 200
        public static let claimedValue = 1_000
        public static let message = 4_000
        public static let contact = 320
        public static let by = 200
        public static let note = 4_000
    }

    /// Records a company's correction request as `open`, with its audit entry (`correction.submitted`,
    /// actor `company`, subject `unit:<id>`), in one transaction.
    ///
    /// The audit entry holds the request's id only: every text of a request (the field named, the
    /// claimed value, the message, the contact) is the company's own words and may name people, and the
    /// audit log can never forget anything. The texts stay in `correction`, where
    /// ``eraseCorrection(id:by:at:)`` can blank them.
    /// - Parameters:
    ///   - unit: the unit the data is about.
    ///   - field: the feature or register field said to be wrong.
    ///   - claimedValue: the value the company says is right.
    ///   - message: the company's explanation.
    ///   - contact: how to reach them, or `nil`.
    ///   - at: the time.
    /// - Returns: the request, status `open`.
    /// - Throws: ``StoreError/invalidField(field:reason:)`` naming `unit`, `field`, `claimed_value`,
    ///   `message` or `contact` when empty or longer than ``CorrectionLimits``.
    @discardableResult
    public func submitCorrection(unit: String, field: String, claimedValue: String, message: String, contact: String?, at: Date) async throws -> CorrectionRecord {
        let at = StoreTime.text(at)
        let row = CorrectionRow(
            id: nil,
            unit: try FieldCheck.required(unit, field: "unit", limit: CorrectionLimits.unit),
            field: try FieldCheck.required(field, field: "field", limit: CorrectionLimits.field),
            claimedValue: try FieldCheck.required(claimedValue, field: "claimed_value", limit: CorrectionLimits.claimedValue),
            message: try FieldCheck.required(message, field: "message", limit: CorrectionLimits.message),
            contact: try FieldCheck.optional(contact, field: "contact", limit: CorrectionLimits.contact),
            submittedAt: at)
        return try await writer.write { db in
            var row = row
            try row.insert(db)
            guard let id = row.id else { preconditionFailure("an inserted correction has an id") }
            var status = CorrectionStatusRow(correctionID: id, status: CorrectionStatus.open.rawValue, by: "company", note: "", at: at)
            try status.insert(db)
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: "company", event: AuditEvent.correctionSubmitted, subject: "unit:\(row.unit)",
                detail: AuditChain.detail(["correction_id": id])), in: db)
            return try Self.stored(id: id, in: db)
        }
    }

    /// Correction requests with their latest status, oldest first; only those whose latest status is
    /// `status` when given.
    public func corrections(status: CorrectionStatus?) async throws -> [CorrectionRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: Self.correctionSQL + " WHERE ? IS NULL OR s.status = ? ORDER BY c.id",
                             arguments: [status?.rawValue, status?.rawValue]).map(Self.correctionRecord)
        }
    }

    /// One correction request with its latest status, or `nil`.
    public func correction(id: Int64) async throws -> CorrectionRecord? {
        try await writer.read { db in try Self.correction(id: id, in: db) }
    }

    /// Every status the request has had, oldest first.
    public func correctionHistory(id: Int64) async throws -> [CorrectionStatusRecord] {
        try await writer.read { db in
            try CorrectionStatusRow.filter(Column("correction_id") == id).order(Column("id")).fetchAll(db).map { try $0.value() }
        }
    }

    /// Gives a correction request a new status by appending it to its history, with its audit entry
    /// (`correction.status`, actor `by`), in one transaction. Earlier statuses stay.
    /// - Parameters:
    ///   - id: the request.
    ///   - status: the new status; `open` reopens it.
    ///   - by: who decided; not empty.
    ///   - note: why, for the company; required for `accepted` and `rejected`.
    ///   - at: the time.
    /// - Returns: the request with its new status.
    /// - Throws: ``StoreError/notFound(kind:id:)``; ``StoreError/invalidField(field:reason:)`` naming `by` or `note`.
    @discardableResult
    public func resolveCorrection(id: Int64, status: CorrectionStatus, by: String, note: String, at: Date) async throws -> CorrectionRecord {
        let at = StoreTime.text(at)
        let by = try FieldCheck.required(by, field: "by", limit: CorrectionLimits.by)
        let note = [.accepted, .rejected].contains(status)
            ? try FieldCheck.required(note, field: "note", limit: CorrectionLimits.note)
            : try FieldCheck.optional(note, field: "note", limit: CorrectionLimits.note) ?? ""
        return try await writer.write { db in
            guard let current = try Self.correction(id: id, in: db) else { throw StoreError.notFound(kind: "correction request", id: id) }
            var record = CorrectionStatusRow(correctionID: id, status: status.rawValue, by: by, note: note, at: at)
            try record.insert(db)
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: by, event: AuditEvent.correctionStatus, subject: "unit:\(current.unit)",
                detail: AuditChain.detail(["correction_id": id, "from": current.status.rawValue, "status": status.rawValue])), in: db)
            return try Self.stored(id: id, in: db)
        }
    }

    private static let correctionSQL = """
        SELECT c.id, c.unit, c.field, c.claimed_value, c.message, c.contact, c.submitted_at,
               s.status, s.by AS status_by, s.note AS status_note, s.at AS status_at
        FROM correction c
        JOIN correction_status s ON s.id = (SELECT max(id) FROM correction_status WHERE correction_id = c.id)
        """

    /// The request just written in this transaction.
    private static func stored(id: Int64, in db: Database) throws -> CorrectionRecord {
        guard let record = try correction(id: id, in: db) else { preconditionFailure("correction \(id) was written in this transaction") }
        return record
    }

    private static func correction(id: Int64, in db: Database) throws -> CorrectionRecord? {
        try Row.fetchOne(db, sql: correctionSQL + " WHERE c.id = ?", arguments: [id]).map(correctionRecord)
    }

    /// A row of ``correctionSQL`` as a record, its times read once.
    private static func correctionRecord(_ row: Row) throws -> CorrectionRecord {
        CorrectionRecord(
            id: row["id"], unit: row["unit"], field: row["field"], claimedValue: row["claimed_value"], message: row["message"],
            contact: row["contact"], submittedAt: try StoreTime.date(row["submitted_at"], field: "correction.submitted_at"),
            status: try CorrectionStatus.stored(row["status"], field: "correction_status.status"), statusBy: row["status_by"],
            statusNote: row["status_note"], statusAt: try StoreTime.date(row["status_at"], field: "correction_status.at"))
    }
}
