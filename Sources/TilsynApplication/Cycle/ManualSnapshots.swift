import Foundation
import TilsynCore
import TilsynIO
import TilsynStore

/// The model columns of units visited outside a list's design (manual swaps and additions), taken from
/// the register in hand when the visit is recorded, so the history can train on them as they were.
///
/// Listed units get their values at issue time (``ListSelections``); a manual unit was on no list, so
/// `tilsyn visits record --register`, the service (its loaded register) and the demo give them here.
public struct ManualSnapshots: Sendable {
    let table: DataTable
    let units: [String]
    let requests: [ColumnRequest]
    /// Where the values come from, as the store records it.
    public let source: String

    /// Snapshots from a register already read with at least the spec's columns.
    /// - Parameter source: where the register came from (file name and SHA-256), recorded with each snapshot.
    /// - Throws: ``DataError`` when the register lacks the unit column or one of the spec's columns.
    public init(table: DataTable, spec: ModelSpec, source: String) throws {
        self.requests = DesignEncoder.columnRequests(for: spec).filter { $0.name != spec.unit }
        for request in requests where table.columns[request.name] == nil {
            throw DataError.missingColumn(file: table.source, column: request.name, available: table.header)
        }
        self.units = try table.strings(spec.unit)
        self.table = table
        self.source = source
    }

    /// Reads the spec's columns of the register at `path`.
    /// - Throws: ``DataError`` naming file, line and column.
    public static func read(register path: String, spec: ModelSpec, threads: Int = 1) throws -> ManualSnapshots {
        let requests = [ColumnRequest(spec.unit, .string)] + DesignEncoder.columnRequests(for: spec).filter { $0.name != spec.unit }
        let (table, sha256) = try CSVReader.readDigested(path: path, columns: requests, threads: threads)
        return try ManualSnapshots(table: table, spec: spec, source: "\((path as NSString).lastPathComponent) (sha256 \(sha256))")
    }

    /// Each unit's snapshot, for the units asked for; a unit the register does not hold is absent.
    public func snapshots(for wanted: Set<String>) -> [String: VisitSnapshot] {
        var out: [String: VisitSnapshot] = [:]
        guard !wanted.isEmpty else { return out }
        for (row, unit) in units.enumerated() where wanted.contains(unit) && out[unit] == nil {
            var features: [String: String] = [:]
            for request in requests {
                if let column = table.columns[request.name] { features[request.name] = ListSelections.text(column, row: row, kind: request.kind) }
            }
            out[unit] = VisitSnapshot(features: features, source: source)
        }
        return out
    }
}
