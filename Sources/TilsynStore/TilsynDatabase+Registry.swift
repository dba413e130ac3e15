import Foundation
import GRDB
import TilsynCore

extension TilsynDatabase {
    /// Registers a model version (once per fingerprint) and returns its entry.
    ///
    /// The same fingerprint always means the same content, so registering again keeps the first entry and
    /// its `registered_at`. A first registration is audited (`model.registered`) in the same transaction.
    /// - Parameters:
    ///   - actor: who registered it, for the audit log.
    ///   - at: the time of registration.
    @discardableResult
    public func register(_ model: FittedModel, actor: String = "tilsyn", at: Date) async throws -> ModelRecord {
        let at = StoreTime.text(at)
        return try await writer.write { db in try Self.register(model, actor: actor, at: at, in: db) }
    }

    @discardableResult
    private static func register(_ model: FittedModel, actor: String, at: String, in db: Database) throws -> ModelRecord {
        if let existing = try ModelRow.fetchOne(db, key: model.fingerprint) { return try existing.value() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let row = ModelRow(
            fingerprint: model.fingerprint, name: model.name, version: model.version, created: model.created,
            registeredAt: at, spec: String(decoding: try encoder.encode(model.spec), as: UTF8.self))
        try row.insert(db)
        try Self.appendAudit(AuditEntryDraft(
            at: at, actor: actor, event: AuditEvent.modelRegistered, subject: "model:\(model.fingerprint)",
            detail: AuditChain.detail(["name": model.name, "version": model.version, "created": model.created])), in: db)
        return try row.value()
    }

    /// Registers the model if needed and appends the board's decision on it and its audit entry
    /// (`approval.recorded`, actor `by`), in one transaction.
    ///
    /// - Parameters:
    ///   - by: who decided (the board and its chair); must not be empty.
    ///   - note: the minutes or case reference; must not be empty, the record must say why.
    ///   - at: the time of the decision.
    /// - Throws: ``StoreError/emptyField(field:)`` naming `decided_by` or `note`; database errors.
    @discardableResult
    public func recordDecision(for model: FittedModel, by: String, decision: ApprovalDecision, note: String, at: Date) async throws -> BoardDecision {
        let by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if by.isEmpty { throw StoreError.emptyField(field: "decided_by") }
        if note.isEmpty { throw StoreError.emptyField(field: "note") }
        let at = StoreTime.text(at)
        return try await writer.write { db in
            try Self.register(model, actor: by, at: at, in: db)
            var row = DecisionRow(fingerprint: model.fingerprint, decidedBy: by, decision: decision.rawValue, note: note, decidedAt: at)
            try row.insert(db)
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: by, event: AuditEvent.approvalRecorded, subject: "model:\(model.fingerprint)",
                detail: AuditChain.detail(["approval_id": row.id ?? 0, "decision": decision.rawValue, "note": note,
                                           RowDigest.detailKey: RowDigest.approval(row)])), in: db)
            return try row.value()
        }
    }

    /// The most recent decision on this exact fingerprint, or `nil` if the board has not decided.
    public func latestDecision(fingerprint: String) async throws -> BoardDecision? {
        try await writer.read { db in
            try DecisionRow.filter(Column("fingerprint") == fingerprint).order(Column("id").desc).fetchOne(db)?.value()
        }
    }

    /// The decision that approves the model with this fingerprint: its latest decision, when that is an
    /// approval. A later rejection revokes an approval, and an edited or refitted model has a new
    /// fingerprint and so needs its own.
    public func approval(fingerprint: String) async throws -> BoardDecision? {
        guard let latest = try await latestDecision(fingerprint: fingerprint), latest.approves else { return nil }
        return latest
    }

    /// Every decision on this fingerprint, oldest first: the history a model card shows.
    public func decisions(fingerprint: String) async throws -> [BoardDecision] {
        try await writer.read { db in
            try DecisionRow.filter(Column("fingerprint") == fingerprint).order(Column("id")).fetchAll(db).map { try $0.value() }
        }
    }

    /// The registered model with this fingerprint, if any.
    public func model(fingerprint: String) async throws -> ModelRecord? {
        try await writer.read { db in try ModelRow.fetchOne(db, key: fingerprint)?.value() }
    }
}
