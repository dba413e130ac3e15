import Foundation
import TilsynCore
import TilsynIO
import TilsynStore

/// A decisions or outcomes file the cycle jobs refuse, in one sentence naming file, line and column.
public struct CycleInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// The store's refusal, when the store refused (the service maps it to a status).
    public var refusal: CycleRefusal?

    public init(description: String, refusal: CycleRefusal? = nil) {
        self.description = description
        self.refusal = refusal
    }

    /// `file, line N, column 'c': expected …, found '…'.`
    static func cell(_ file: String, line: Int, column: String, expected: String, found: String) -> CycleInputError {
        CycleInputError(description: "\(file), line \(line), column '\(column)': expected \(expected), found '\(Abbreviated.text(found))'.")
    }

    /// The store's refusal of the batch, placed where the draft it concerns came from (`place(i)`:
    /// "visits.csv, line 4", "decisions[3]").
    static func refusal(_ error: CycleBatchError, place: (Int) -> String) -> CycleInputError {
        let sentence = error.refusal.description
        guard let i = error.index else { return CycleInputError(description: sentence, refusal: error.refusal) }
        return CycleInputError(description: "\(place(i)): \(sentence)", refusal: error.refusal)
    }
}

/// A CSV of decisions or outcomes, read as text columns.
struct CycleTable {
    var table: DataTable
    var file: String

    init(_ input: InputFile, required: [String], optional: [String]) throws {
        let requests = required.map { ColumnRequest($0, .string) } + optional.map { ColumnRequest($0, .string, required: false) }
        table = try CSVReader.read(bytes: Array(input.bytes), source: input.path, columns: requests, threads: 1)
        file = input.path
    }

    func column(_ name: String) throws -> [String] {
        guard table.columns[name] != nil else { return [String](repeating: "", count: table.rowCount) }
        return try table.strings(name).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    var lines: [Int] { (0..<table.rowCount).map(table.line(ofRow:)) }
}
