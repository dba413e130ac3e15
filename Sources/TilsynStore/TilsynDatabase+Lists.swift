import Foundation
import GRDB

extension TilsynDatabase {
    /// Records an issued list: its manifest, the CSV's digest, the model, every row and each listed
    /// unit's selection, and its audit entry (`list.issued`, subject `list:<id>`).
    ///
    /// A list over the whole register (300,000 rows and their feature snapshots) is seconds of writing,
    /// and one transaction held the store's write lock all that time, so `tilsyn serve`'s card records
    /// waited on it. It is written instead as `codes issue` writes its codes (``inSlices(_:_:)``):
    /// 1. one transaction inserts the list under a pending marker (migration `v6-pending-lists`);
    /// 2. the rows and selections go in slices of at most ``writeSlice`` each, with pauses between them;
    /// 3. one short transaction appends the `list.issued` entry and removes the marker: only from then
    ///    on does any reader see the list (``onRecord(_:)``), and then with every row.
    ///
    /// So a recorded list is still always the whole list. A failure part-way (a row the schema refuses, a
    /// busy store) removes what was written and rethrows; a kill part-way leaves a pending list that no
    /// reader sees and that the next call removes before it writes (``discardAbandonedLists()``) — it is
    /// cleaned up, not resumed: the killed run's list was never on record, and a rerun draws it again.
    /// Rows are checked before anything is written (rank ≥ 1 and unique, unit unique, channel
    /// `risk`/`random`/`manual`, probability in [0, 1], selections of listed units with an inclusion
    /// probability in (0, 1]) and again by the schema as they go in.
    /// - Parameters:
    ///   - draft: the list; `manifest` must be a JSON object, `issuedBy`, `fingerprint` and `asOf` not empty.
    ///   - at: the time of recording (the list's `issued_at` and its entry's time).
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
        let selections = try Self.selectionArguments(draft.selections, rows: draft.rows)
        try await discardAbandonedLists()

        let rows = draft.rows
        let list = IssuedListRow(issuedAt: at, issuedBy: issuedBy, asOf: asOf, fingerprint: fingerprint,
                                 listSHA256: draft.listSHA256, manifest: draft.manifest, rowCount: rows.count)
        let id: Int64 = try await writer.write { db in
            var list = list
            try list.insert(db)
            guard let id = list.id else { throw StoreError.invalidField(field: "list", reason: "was inserted without an id") }
            try Self.markPending(id, in: db)
            return id
        }
        do {
            try await inSlices(ListProgress()) { db, deadline, done in
                try Self.touchPending(id, in: db)
                let insertRow = try db.cachedStatement(sql: "INSERT INTO list_row (list_id, rank, unit, channel, probability, region) VALUES (?, ?, ?, ?, ?, ?)")
                let insertSelection = try db.cachedStatement(sql: "INSERT INTO list_unit_selection (list_id, unit, inclusion_probability, features) VALUES (?, ?, ?, ?)")
                repeat {
                    if done.rows < rows.count {
                        let row = rows[done.rows]
                        try insertRow.execute(arguments: [id, row.rank, row.unit, row.channel, row.probability, row.region])
                        done.rows += 1
                    } else if done.selections < selections.count {
                        let s = selections[done.selections]
                        try insertSelection.execute(arguments: [id, s.unit, s.inclusionProbability, s.features])
                        done.selections += 1
                    } else {
                        return true
                    }
                } while ContinuousClock.now < deadline
                return done.rows == rows.count && done.selections == selections.count
            }
            return try await writer.write { db in
                var recorded = list
                recorded.id = id
                try Self.appendAudit(AuditEntryDraft(
                    at: at, actor: issuedBy, event: AuditEvent.listIssued, subject: "list:\(id)",
                    detail: AuditChain.detail(["fingerprint": fingerprint, "as_of": asOf, "rows": rows.count, "list_sha256": draft.listSHA256])), in: db)
                try db.execute(sql: "DELETE FROM list_pending WHERE list_id = ?", arguments: [id])
                guard db.changesCount == 1 else {
                    throw StoreError.invalidField(field: "list", reason: "\(id) was discarded while it was being written; nothing of it is on record")
                }
                return try recorded.value()
            }
        } catch {
            try? await discardPendingList(id)
            throw error
        }
    }

    /// How far ``recordList(_:at:)``'s slices have got.
    struct ListProgress: Sendable {
        var rows = 0
        var selections = 0
    }

    /// A selection as it is inserted, its features already JSON text, so that no slice holds the lock
    /// while it encodes.
    struct SelectionArguments: Sendable {
        var unit: String
        var inclusionProbability: Double
        var features: String
    }

    /// Refuses, naming the unit, a selection of a unit not on the list or with an inclusion probability
    /// outside (0, 1] — before anything is written — and encodes the rest.
    static func selectionArguments(_ selections: [UnitSelection], rows: [ListDraft.Row]) throws -> [SelectionArguments] {
        let listed = Set(rows.map(\.unit))
        var text = FeatureText()
        return try selections.map { s in
            guard listed.contains(s.unit) else {
                throw StoreError.invalidField(field: "selection", reason: "names unit '\(s.unit)', which is not a row of the list")
            }
            guard s.inclusionProbability > 0, s.inclusionProbability <= 1 else {
                throw StoreError.invalidField(field: "selection", reason: "gives unit '\(s.unit)' the inclusion probability \(s.inclusionProbability); a selected unit has one in (0, 1]")
            }
            return SelectionArguments(unit: s.unit, inclusionProbability: s.inclusionProbability, features: text.json(s.features))
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
        try await writer.read { db in
            try IssuedListRow.fetchAll(db, sql: "SELECT * FROM issued_list WHERE \(Self.onRecord("id")) ORDER BY id DESC").map { try $0.value() }
        }
    }

    /// The ids of the recorded lists of the model with `fingerprint`, newest first: what a card asks the
    /// store each time (the lists themselves never change once recorded, so a reader may keep them).
    public func listIDs(fingerprint: String) async throws -> [Int64] {
        try await writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM issued_list WHERE fingerprint = ? AND \(Self.onRecord("id")) ORDER BY id DESC", arguments: [fingerprint])
        }
    }

    /// The recorded list with this id, without rows; `nil` for one still being written.
    public func list(id: Int64) async throws -> ListRecord? {
        try await writer.read { db in
            try IssuedListRow.fetchOne(db, sql: "SELECT * FROM issued_list WHERE id = ? AND \(Self.onRecord("id"))", arguments: [id])?.value()
        }
    }

    /// The rows of a recorded list in rank order (empty for an unknown id or a list still being written).
    public func listRows(id: Int64) async throws -> [ListRowRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT list_id, rank, unit, channel, probability, region FROM list_row WHERE list_id = ? AND \(Self.onRecord("list_id")) ORDER BY rank",
                             arguments: [id]).map { row in
                ListRowRecord(listID: row["list_id"], rank: row["rank"], unit: row["unit"], channel: row["channel"],
                              probability: row["probability"], region: row["region"])
            }
        }
    }
}
