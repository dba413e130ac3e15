import Foundation
import GRDB

extension TilsynDatabase {
    /// Erases a correction request's texts — the field it named, the claimed value, the message and the
    /// contact — when the company (or the law) asks for its words to be forgotten.
    ///
    /// What stays is that a request existed: its id, unit, submission time and status history, and
    /// the audit log's entries, which never held the texts (since this version; see
    /// ``submitCorrection(unit:field:claimedValue:message:contact:at:)``). The erasure is audited
    /// (`correction.erased`, detail: the id only) in the same transaction. The schema allows exactly this
    /// one change to a request, once (migration `v3-code-batches-erasure`).
    ///
    /// Entries written by versions before this one may hold a request's `field` in their detail; the
    /// audit log cannot be edited without breaking its chain, so those words stay there. `audit show`
    /// finds them (`correction.submitted` entries with a `field`).
    /// - Parameters:
    ///   - id: the request.
    ///   - by: who erased it, for the audit log.
    ///   - at: the time.
    /// - Returns: `false` when the request's texts were already erased (nothing changes).
    /// - Throws: ``StoreError/notFound(kind:id:)`` for an unknown request.
    @discardableResult
    public func eraseCorrection(id: Int64, by: String, at: Date) async throws -> Bool {
        let at = StoreTime.text(at)
        let by = try FieldCheck.required(by, field: "by", limit: CorrectionLimits.by)
        return try await writer.write { db in
            guard let erased = try Row.fetchOne(db, sql: "SELECT erased_at FROM correction WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(kind: "correction request", id: id)
            }
            if (erased["erased_at"] as String?) != nil { return false }
            try db.execute(sql: "UPDATE correction SET field = '', claimed_value = '', message = '', contact = NULL, erased_at = ? WHERE id = ?",
                           arguments: [at, id])
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: by, event: AuditEvent.correctionErased, subject: "correction:\(id)",
                detail: AuditChain.detail(["correction_id": id])), in: db)
            return true
        }
    }
}
