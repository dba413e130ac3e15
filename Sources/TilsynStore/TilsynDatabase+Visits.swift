import Foundation
import GRDB
import TilsynCore

extension TilsynDatabase {
    /// Migration `v4-visits-outcomes` ⚖: what listed units looked like at issue time, the inspectors'
    /// decisions and the visits' outcomes. v1 and v2 are released and never edited.
    ///
    /// All three tables are evidence and append-only (the same `RAISE(ABORT)` triggers as v2): a decision
    /// is not edited, it is decided once (a `deferred` one may be followed by the final one), and an
    /// outcome is recorded once per visit (`UNIQUE(list_id, unit)`).
    static func registerV4Visits(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-visits-outcomes") { db in
            try db.create(table: "list_unit_selection", options: .withoutRowID) { t in
                t.column("list_id", .integer).notNull().references("issued_list", onDelete: .restrict)
                t.column("unit", .text).notNull()
                t.column("inclusion_probability", .double).notNull().check { $0 > 0 && $0 <= 1 }
                t.column("features", .text).notNull()
                t.primaryKey(["list_id", "unit"])
            }
            try db.create(table: "visit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("list_id", .integer).notNull().indexed().references("issued_list", onDelete: .restrict)
                t.column("unit", .text).notNull()
                t.column("status", .text).notNull().check { ["visited", "not_visited", "deferred", "manual"].contains($0) }
                t.column("reason", .text).check { $0 == nil || ["closed", "moved", "not_found", "capacity", "other"].contains($0) }
                t.column("reason_text", .text).notNull()
                t.column("visit_date", .text).notNull()
                t.column("inspector", .text).notNull()
                t.column("recorded_by", .text).notNull()
                t.column("recorded_at", .text).notNull()
            }
            // One final decision per unit and list; deferrals may come before it.
            try db.execute(sql: """
                CREATE UNIQUE INDEX visit_final ON visit (list_id, unit) WHERE status <> 'deferred';
                """)
            try db.create(table: "outcome") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("list_id", .integer).notNull().references("issued_list", onDelete: .restrict)
                t.column("unit", .text).notNull()
                t.column("violation_found", .integer).notNull().check { [0, 1].contains($0) }
                t.column("reactions", .text).notNull()
                t.column("inspector", .text).notNull()
                t.column("outcome_date", .text).notNull()
                t.column("recorded_by", .text).notNull()
                t.column("recorded_at", .text).notNull()
                t.uniqueKey(["list_id", "unit"])
            }
            for table in ["list_unit_selection", "visit", "outcome"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_append_only_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    CREATE TRIGGER \(table)_append_only_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    """)
            }
        }
    }

    /// Records inspectors' decisions on a list ⚖, all or none, each with its audit entry
    /// (`visit.recorded`, subject `list:<id>`), in one transaction.
    ///
    /// Refused, with a ``CycleRefusal`` naming the unit (and the index of its draft): an unknown list; a
    /// listed status for a unit not on the list, or `manual` for one on it; a second final decision; a
    /// unit twice in the batch; `not_visited` without a reason or a reason on another status; `other` or
    /// `manual` without text; a date that is not YYYY-MM-DD; no inspector.
    /// - Returns: the number of decisions recorded.
    /// - Throws: ``CycleBatchError`` wrapping the first refusal; ``StoreError``; database errors.
    @discardableResult
    public func recordVisits(listID: Int64, _ drafts: [VisitDraft], recordedBy: String, at: Date) async throws -> Int {
        let at = StoreTime.text(at)
        let actor = try FieldCheck.required(recordedBy, field: "recorded_by", limit: 500)
        return try await writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM issued_list WHERE id = ? AND \(Self.onRecord("id"))", arguments: [listID]) != nil else {
                throw CycleBatchError(index: nil, refusal: .unknownList(listID))
            }
            let listed = Set(try String.fetchAll(db, sql: "SELECT unit FROM list_row WHERE list_id = ?", arguments: [listID]))
            var final: [String: (String, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT unit, status, visit_date FROM visit WHERE list_id = ? AND status <> 'deferred'", arguments: [listID]) {
                final[row["unit"]] = (row["status"], row["visit_date"])
            }
            var seen = Set<String>()
            for (i, d) in drafts.enumerated() {
                func refuse(_ r: CycleRefusal) -> CycleBatchError { CycleBatchError(index: i, refusal: r) }
                guard seen.insert(d.unit).inserted else { throw refuse(.repeatedInBatch(unit: d.unit)) }
                if d.status == .manual {
                    if listed.contains(d.unit) { throw refuse(.manualOnList(unit: d.unit, list: listID)) }
                } else if !listed.contains(d.unit) {
                    throw refuse(.notOnList(unit: d.unit, list: listID))
                }
                if let (status, date) = final[d.unit] { throw refuse(.alreadyDecided(unit: d.unit, list: listID, status: status, date: date)) }
                let text = d.reasonText.trimmingCharacters(in: .whitespacesAndNewlines)
                switch d.status {
                case .notVisited:
                    guard let reason = d.reason else { throw refuse(.reasonMissing(unit: d.unit)) }
                    if reason == .other && text.isEmpty { throw refuse(.textMissing(unit: d.unit, what: "what the other reason was")) }
                case .manual:
                    if d.reason != nil { throw refuse(.reasonNotAllowed(unit: d.unit, status: d.status.rawValue)) }
                    if text.isEmpty { throw refuse(.textMissing(unit: d.unit, what: "why it was swapped in or added (the suspicion, the unit it replaces)")) }
                case .visited, .deferred:
                    if d.reason != nil { throw refuse(.reasonNotAllowed(unit: d.unit, status: d.status.rawValue)) }
                }
                guard parseISODate(d.date) != nil else { throw refuse(.invalidDate(unit: d.unit, value: d.date)) }
                guard !d.inspector.trimmingCharacters(in: .whitespaces).isEmpty else { throw refuse(.emptyInspector(unit: d.unit)) }
                guard text.count <= 2000, d.inspector.count <= 200, d.unit.count <= 200 else {
                    throw StoreError.invalidField(field: "visit[\(i)]", reason: "has a unit, inspector or text longer than the store keeps (200, 200, 2000 characters)")
                }
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO visit (list_id, unit, status, reason, reason_text, visit_date, inspector, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for d in drafts {
                let text = d.reasonText.trimmingCharacters(in: .whitespacesAndNewlines)
                let inspector = d.inspector.trimmingCharacters(in: .whitespaces)
                try insert.execute(arguments: [listID, d.unit, d.status.rawValue, d.reason?.rawValue, text, d.date, inspector, actor, at])
                // Only a manual unit needs its own snapshot: a listed one has its values from issue time.
                if d.status == .manual, let snapshot = d.snapshot { try Self.insertSnapshot(snapshot, listID: listID, unit: d.unit, in: db) }
                var detail: [String: any Sendable] = ["unit": d.unit, "status": d.status.rawValue, "date": d.date, "inspector": inspector]
                if let reason = d.reason { detail["reason"] = reason.rawValue }
                if !text.isEmpty { detail["text"] = text }
                if d.status == .manual { detail["snapshot"] = d.snapshot?.source ?? "none (no register given)" }
                try Self.appendAudit(AuditEntryDraft(at: at, actor: actor, event: AuditEvent.visitRecorded, subject: "list:\(listID)",
                                                     detail: AuditChain.detail(detail)), in: db)
            }
            return drafts.count
        }
    }

    /// Records visits' outcomes ⚖, all or none, each with its audit entry (`outcome.recorded`, subject
    /// `list:<id>`), in one transaction.
    ///
    /// An outcome needs a recorded visit (`visited` or `manual`) of the unit on the list and is recorded
    /// once. A reaction that follows only a violation (strakspåbud, påbud, forbud) with `violation_found`
    /// 0 is refused, as is `none` with other reactions.
    /// - Throws: ``CycleBatchError``; ``StoreError``; database errors.
    @discardableResult
    public func recordOutcomes(listID: Int64, _ drafts: [OutcomeDraft], recordedBy: String, at: Date) async throws -> Int {
        let at = StoreTime.text(at)
        let actor = try FieldCheck.required(recordedBy, field: "recorded_by", limit: 500)
        return try await writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM issued_list WHERE id = ? AND \(Self.onRecord("id"))", arguments: [listID]) != nil else {
                throw CycleBatchError(index: nil, refusal: .unknownList(listID))
            }
            let visited = Set(try String.fetchAll(db, sql: "SELECT unit FROM visit WHERE list_id = ? AND status IN ('visited', 'manual')", arguments: [listID]))
            var recorded: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT unit, outcome_date FROM outcome WHERE list_id = ?", arguments: [listID]) {
                recorded[row["unit"]] = row["outcome_date"]
            }
            var seen = Set<String>()
            for (i, d) in drafts.enumerated() {
                func refuse(_ r: CycleRefusal) -> CycleBatchError { CycleBatchError(index: i, refusal: r) }
                guard seen.insert(d.unit).inserted else { throw refuse(.repeatedInBatch(unit: d.unit)) }
                guard visited.contains(d.unit) else { throw refuse(.noVisit(unit: d.unit, list: listID)) }
                if let date = recorded[d.unit] { throw refuse(.secondOutcome(unit: d.unit, list: listID, date: date)) }
                guard !d.reactions.isEmpty else { throw refuse(.noReaction(unit: d.unit)) }
                if d.reactions.count > 1 && d.reactions.contains(.none) { throw refuse(.noneWithOthers(unit: d.unit)) }
                if !d.violationFound, let r = d.reactions.first(where: \.impliesViolation) {
                    throw refuse(.reactionsContradict(unit: d.unit, reaction: r.rawValue))
                }
                guard parseISODate(d.date) != nil else { throw refuse(.invalidDate(unit: d.unit, value: d.date)) }
                guard !d.inspector.trimmingCharacters(in: .whitespaces).isEmpty else { throw refuse(.emptyInspector(unit: d.unit)) }
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO outcome (list_id, unit, violation_found, reactions, inspector, outcome_date, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for d in drafts {
                let reactions = Self.reactionText(d.reactions)
                let inspector = d.inspector.trimmingCharacters(in: .whitespaces)
                try insert.execute(arguments: [listID, d.unit, d.violationFound ? 1 : 0, reactions, inspector, d.date, actor, at])
                try Self.appendAudit(AuditEntryDraft(
                    at: at, actor: actor, event: AuditEvent.outcomeRecorded, subject: "list:\(listID)",
                    detail: AuditChain.detail(["unit": d.unit, "violation_found": d.violationFound ? 1 : 0, "reactions": reactions,
                                               "date": d.date, "inspector": inspector])), in: db)
            }
            return drafts.count
        }
    }

    /// Reactions as stored: in the order of ``Reaction/allCases``, joined by `;`.
    static func reactionText(_ reactions: [Reaction]) -> String {
        Reaction.allCases.filter(reactions.contains).map(\.rawValue).joined(separator: ";")
    }

    /// Every decision on a list, in the order recorded.
    public func visits(listID: Int64) async throws -> [VisitRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM visit WHERE list_id = ? ORDER BY id", arguments: [listID]).compactMap(Self.visitRecord)
        }
    }

    private static func visitRecord(_ row: Row) throws -> VisitRecord? {
        guard let status = VisitStatus(rawValue: row["status"]) else { return nil }
        return VisitRecord(id: row["id"], listID: row["list_id"], unit: row["unit"], status: status,
                           reason: (row["reason"] as String?).flatMap(NonVisitReason.init(rawValue:)),
                           reasonText: row["reason_text"], date: row["visit_date"], inspector: row["inspector"],
                           recordedAt: try StoreTime.date(row["recorded_at"], field: "visit.recorded_at"))
    }

    /// Every final decision (not `deferred`) with its list row, selection and outcome, in list and
    /// decision order: the rows of `history export` and `monitor`.
    public func visitHistory() async throws -> [VisitHistoryRow] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT v.list_id, v.unit, v.status, v.reason, v.reason_text, v.visit_date, v.inspector,
                       l.as_of, l.fingerprint, r.channel, r.probability AS score, r.region,
                       s.inclusion_probability, s.features, m.features AS manual_features, m.source AS manual_source,
                       o.violation_found, o.reactions, o.inspector AS outcome_inspector, o.outcome_date
                FROM visit v
                JOIN issued_list l ON l.id = v.list_id
                LEFT JOIN list_row r ON r.list_id = v.list_id AND r.unit = v.unit
                LEFT JOIN list_unit_selection s ON s.list_id = v.list_id AND s.unit = v.unit
                LEFT JOIN outcome o ON o.list_id = v.list_id AND o.unit = v.unit
                LEFT JOIN visit_snapshot m ON m.list_id = v.list_id AND m.unit = v.unit AND v.status = 'manual'
                WHERE v.status <> 'deferred' AND \(Self.onRecord("v.list_id"))
                ORDER BY v.list_id, v.id
                """)
            return rows.compactMap { row -> VisitHistoryRow? in
                guard let status = VisitStatus(rawValue: row["status"]) else { return nil }
                let manual = status == .manual
                var features: [String: String]?
                if let text: String = manual ? row["manual_features"] : row["features"],
                   let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] {
                    features = object
                }
                let violation: Int? = row["violation_found"]
                let reactions: String = row["reactions"] ?? ""
                return VisitHistoryRow(
                    listID: row["list_id"], listAsOf: row["as_of"], fingerprint: row["fingerprint"], unit: row["unit"],
                    channel: manual ? "manual" : (row["channel"] ?? "manual"), region: row["region"],
                    inclusionProbability: manual ? nil : row["inclusion_probability"], scoreAtSelection: manual ? nil : row["score"],
                    features: features, featuresSource: manual ? row["manual_source"] : nil, status: status,
                    reason: (row["reason"] as String?).flatMap(NonVisitReason.init(rawValue:)), reasonText: row["reason_text"],
                    date: row["visit_date"], inspector: row["inspector"], violationFound: violation.map { $0 == 1 },
                    reactions: reactions.split(separator: ";").compactMap { Reaction(rawValue: String($0)) },
                    outcomeInspector: row["outcome_inspector"], outcomeDate: row["outcome_date"])
            }
        }
    }

    /// The random arm of every list: per list and region, how many were drawn and with what probability.
    public func randomArms() async throws -> [RandomArmStratum] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.list_id, r.region, COUNT(*) AS drawn, MIN(s.inclusion_probability) AS pi
                FROM list_row r JOIN list_unit_selection s ON s.list_id = r.list_id AND s.unit = r.unit
                WHERE r.channel = 'random' AND \(Self.onRecord("r.list_id"))
                GROUP BY r.list_id, r.region ORDER BY r.list_id, r.region
                """).map { row in
                RandomArmStratum(listID: row["list_id"], region: row["region"], drawn: row["drawn"], inclusionProbability: row["pi"])
            }
        }
    }
}

/// A refused batch: the refusal and the index of the draft it concerns (`nil` for the batch as a whole).
public struct CycleBatchError: Error, Sendable, Equatable {
    public var index: Int?
    public var refusal: CycleRefusal
}

extension AuditEvent {
    public static let visitRecorded = "visit.recorded"
    public static let outcomeRecorded = "outcome.recorded"
}

