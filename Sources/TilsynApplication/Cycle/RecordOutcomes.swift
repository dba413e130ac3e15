import Foundation
import TilsynCore
import TilsynStore

/// Records visits' outcomes ⚖: the one home of `tilsyn outcomes record` and the service's
/// `POST /inspector/lists/{id}/outcomes`.
///
/// Per visit `violation_found` (0/1), the reactions given (strakspåbud, påbud, forbud, vejledning or
/// none; several separated by `;`), the inspector and the date. Each outcome is linked to its list row,
/// so it knows the channel, inclusion probability, model and score at selection.
public struct RecordOutcomes: Sendable {
    public var store: TilsynDatabase

    public init(store: TilsynDatabase) { self.store = store }

    public static let columns = ["unit", "violation_found", "reactions", "date", "inspector"]

    /// Reads an outcomes CSV into drafts, refusing a bad cell with file, line and column.
    public static func parse(_ input: InputFile) throws -> (drafts: [OutcomeDraft], lines: [Int]) {
        let t = try CycleTable(input, required: columns, optional: [])
        let unit = try t.column("unit"), found = try t.column("violation_found"), reactions = try t.column("reactions")
        let date = try t.column("date"), inspector = try t.column("inspector")
        let lines = t.lines
        var drafts: [OutcomeDraft] = []
        for i in 0..<t.table.rowCount {
            guard !unit[i].isEmpty else {
                throw CycleInputError.cell(t.file, line: lines[i], column: "unit", expected: "the unit's id", found: "")
            }
            guard found[i] == "0" || found[i] == "1" else {
                throw CycleInputError.cell(t.file, line: lines[i], column: "violation_found", expected: "0 or 1", found: found[i])
            }
            var given: [Reaction] = []
            for part in reactions[i].split(separator: ";") {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let r = Reaction(rawValue: name.precomposedStringWithCanonicalMapping) else {
                    throw CycleInputError.cell(t.file, line: lines[i], column: "reactions",
                                               expected: "strakspåbud, påbud, forbud, vejledning or none, several separated by ';'", found: reactions[i])
                }
                if !given.contains(r) { given.append(r) }
            }
            drafts.append(OutcomeDraft(unit: unit[i], violationFound: found[i] == "1", reactions: given, date: date[i], inspector: inspector[i]))
        }
        return (drafts, lines)
    }

    /// Records the outcomes of `input` for list `listID`.
    /// - Throws: ``CycleInputError`` naming file and line; ``StoreError``.
    @discardableResult
    public func run(listID: Int64, input: InputFile, recordedBy: String, at: Date) async throws -> Int {
        let (drafts, lines) = try Self.parse(input)
        return try await run(listID: listID, drafts: drafts, recordedBy: recordedBy, at: at) { "\(input.path), line \(lines[$0])" }
    }

    @discardableResult
    public func run(listID: Int64, drafts: [OutcomeDraft], recordedBy: String, at: Date,
                    place: (Int) -> String = { "item \($0 + 1)" }) async throws -> Int {
        do {
            return try await store.recordOutcomes(listID: listID, drafts, recordedBy: recordedBy, at: at)
        } catch let error as CycleBatchError {
            throw CycleInputError.refusal(error, place: place)
        }
    }
}
