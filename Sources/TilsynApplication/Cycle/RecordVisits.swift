import Foundation
import TilsynCore
import TilsynStore

/// Records inspectors' decisions on an issued list ⚖: the one home of `tilsyn visits record` and the
/// service's `POST /inspector/lists/{id}/visits`.
///
/// Per listed unit `visited`, `not_visited` (with a reason: closed, moved, not_found, capacity, other —
/// `other` with text) or `deferred`; a swap or an addition is a `manual` row with the reason in the
/// text. The whole batch is recorded or none of it, each decision with its audit entry.
public struct RecordVisits: Sendable {
    public var store: TilsynDatabase

    public init(store: TilsynDatabase) { self.store = store }

    /// The columns of a decisions file: `unit, status, reason, date, inspector`, and optionally `text`.
    public static let columns = ["unit", "status", "reason", "date", "inspector"]

    /// Reads a decisions CSV into drafts, refusing a bad cell with file, line and column.
    /// - Returns: the drafts and each one's line in the file.
    public static func parse(_ input: InputFile) throws -> (drafts: [VisitDraft], lines: [Int]) {
        let t = try CycleTable(input, required: columns, optional: ["text"])
        let unit = try t.column("unit"), status = try t.column("status"), reason = try t.column("reason")
        let date = try t.column("date"), inspector = try t.column("inspector"), text = try t.column("text")
        let lines = t.lines
        var drafts: [VisitDraft] = []
        for i in 0..<t.table.rowCount {
            guard !unit[i].isEmpty else {
                throw CycleInputError.cell(t.file, line: lines[i], column: "unit", expected: "the unit's id", found: "")
            }
            guard let s = VisitStatus(rawValue: status[i]) else {
                throw CycleInputError.cell(t.file, line: lines[i], column: "status", expected: "visited, not_visited, deferred or manual", found: status[i])
            }
            var r: NonVisitReason?
            if !reason[i].isEmpty {
                guard let parsed = NonVisitReason(rawValue: reason[i]) else {
                    throw CycleInputError.cell(t.file, line: lines[i], column: "reason", expected: "closed, moved, not_found, capacity, other or empty", found: reason[i])
                }
                r = parsed
            }
            drafts.append(VisitDraft(unit: unit[i], status: s, reason: r, reasonText: text[i], date: date[i], inspector: inspector[i]))
        }
        return (drafts, lines)
    }

    /// Records the decisions of `input` on list `listID`.
    /// - Throws: ``CycleInputError`` naming file and line; ``StoreError``.
    @discardableResult
    public func run(listID: Int64, input: InputFile, recordedBy: String, at: Date) async throws -> Int {
        let (drafts, lines) = try Self.parse(input)
        return try await run(listID: listID, drafts: drafts, recordedBy: recordedBy, at: at) { "\(input.path), line \(lines[$0])" }
    }

    /// Records drafts already parsed (the service's JSON body, the demo's simulation).
    @discardableResult
    public func run(listID: Int64, drafts: [VisitDraft], recordedBy: String, at: Date,
                    place: (Int) -> String = { "item \($0 + 1)" }) async throws -> Int {
        do {
            return try await store.recordVisits(listID: listID, drafts, recordedBy: recordedBy, at: at)
        } catch let error as CycleBatchError {
            throw CycleInputError.refusal(error, place: place)
        }
    }
}
