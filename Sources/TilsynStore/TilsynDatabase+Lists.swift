import Foundation
import GRDB

extension TilsynDatabase {
    /// Records an issued list: its manifest, the CSV's digest, the model, and every row, with its audit
    /// entry (`list.issued`, subject `list:<id>`), in one transaction.
    ///
    /// One transaction is the point: a crash or a bad row part-way leaves no list, no rows and no entry,
    /// never a list with half its rows, so any recorded list is the whole list. Rows are checked by the
    /// store before the transaction (rank ≥ 1 and unique, unit unique, channel `risk`/`random`/`manual`,
    /// probability in [0, 1]) and again by the schema as they go in; any failure inside the transaction
    /// rolls everything back.
    /// - Parameters:
    ///   - draft: the list; `manifest` must be a JSON object, `issuedBy`, `fingerprint` and `asOf` not empty.
    ///   - at: the time of recording.
    /// - Returns: the recorded list (without rows; see ``listRows(id:)``).
    /// - Throws: ``StoreError/invalidField(field:reason:)``; database errors for a row the schema refuses.
    @discardableResult
    public func recordList(_ draft: ListDraft, at: Date) async throws -> ListRecord {
        let at = StoreTime.text(at)
        let issuedBy = try FieldCheck.required(draft.issuedBy, field: "issued_by", limit: 500)
        let fingerprint = try FieldCheck.required(draft.fingerprint, field: "fingerprint", limit: 200)
        let asOf = try FieldCheck.required(draft.asOf, field: "as_of", limit: 40)
        guard draft.listSHA256.utf8.count == 64, Self.bytes(hex: draft.listSHA256) != nil else {
            throw StoreError.invalidField(field: "list_sha256", reason: "must be 64 lower-case hex digits, not '\(draft.listSHA256)'")
        }
        guard (try? JSONSerialization.jsonObject(with: Data(draft.manifest.utf8))) is [String: Any] else {
            throw StoreError.invalidField(field: "manifest", reason: "must be the list manifest's JSON object")
        }
        try Self.checkRows(draft.rows)
        return try await writer.write { db in
            var list = IssuedListRow(issuedAt: at, issuedBy: issuedBy, asOf: asOf, fingerprint: fingerprint,
                                     listSHA256: draft.listSHA256, manifest: draft.manifest, rowCount: draft.rows.count)
            try list.insert(db)
            guard let id = list.id else { preconditionFailure("an inserted list has an id") }
            let insert = try db.makeStatement(sql: "INSERT INTO list_row (list_id, rank, unit, channel, probability, region) VALUES (?, ?, ?, ?, ?, ?)")
            for row in draft.rows {
                try insert.execute(arguments: [id, row.rank, row.unit, row.channel, row.probability, row.region])
            }
            try Self.insertSelections(draft.selections, listID: id, rows: draft.rows, in: db)
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: issuedBy, event: AuditEvent.listIssued, subject: "list:\(id)",
                detail: AuditChain.detail(["fingerprint": fingerprint, "as_of": asOf, "rows": draft.rows.count, "list_sha256": draft.listSHA256])), in: db)
            return try list.value()
        }
    }

    /// Refuses, naming the row, what the schema would refuse anyway, so the caller reads a sentence
    /// rather than a constraint name.
    private static func checkRows(_ rows: [ListDraft.Row]) throws {
        var ranks = Set<Int>(), units = Set<String>()
        for (i, row) in rows.enumerated() {
            let field = "rows[\(i)]"
            if row.rank < 1 { throw StoreError.invalidField(field: "\(field).rank", reason: "must be 1 or more, not \(row.rank)") }
            if !ranks.insert(row.rank).inserted { throw StoreError.invalidField(field: "\(field).rank", reason: "repeats rank \(row.rank)") }
            if row.unit.isEmpty { throw StoreError.invalidField(field: "\(field).unit", reason: "must not be empty") }
            if !units.insert(row.unit).inserted { throw StoreError.invalidField(field: "\(field).unit", reason: "repeats unit '\(row.unit)'; a unit is on a list once") }
            if !["risk", "random", "manual"].contains(row.channel) {
                throw StoreError.invalidField(field: "\(field).channel", reason: "must be risk, random or manual, not '\(row.channel)'")
            }
            if !(row.probability >= 0 && row.probability <= 1) {
                throw StoreError.invalidField(field: "\(field).probability", reason: "must be a probability from 0 to 1, not \(row.probability)")
            }
        }
    }

    /// Every recorded list, newest first, without rows.
    public func lists() async throws -> [ListRecord] {
        try await writer.read { db in try IssuedListRow.order(Column("id").desc).fetchAll(db).map { try $0.value() } }
    }

    /// The recorded list with this id, without rows.
    public func list(id: Int64) async throws -> ListRecord? {
        try await writer.read { db in try IssuedListRow.fetchOne(db, key: id)?.value() }
    }

    /// The rows of a recorded list in rank order (empty for an unknown id).
    public func listRows(id: Int64) async throws -> [ListRowRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT list_id, rank, unit, channel, probability, region FROM list_row WHERE list_id = ? ORDER BY rank",
                             arguments: [id]).map { row in
                ListRowRecord(listID: row["list_id"], rank: row["rank"], unit: row["unit"], channel: row["channel"],
                              probability: row["probability"], region: row["region"])
            }
        }
    }
}
