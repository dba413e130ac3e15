import Foundation
import TilsynCore
import TilsynIO
import TilsynStore

/// Writes the next training history from the store ⚖: the one home of `tilsyn history export` and
/// the demo's cycle.
///
/// One row per visit with a recorded outcome: the unit's model columns **as they were when it was
/// selected** (kept by the store at issue time), the spec's date column (`inspection_date`, the visit's
/// date) and label (`violation_found`), then `channel`, `inclusion_probability`, `inspector`,
/// `fingerprint`, `list_id`, `score_at_selection` and `reactions`. That is the format `tilsyn fit`
/// reads (extra columns are ignored), so the loop closes without hand work. Manual visits are left out
/// (no design selected them and the store has no snapshot of them), as are visits without an outcome;
/// the result counts both.
public struct ExportHistory: Sendable {
    public var store: TilsynDatabase

    public init(store: TilsynDatabase) { self.store = store }

    public struct Exported: Sendable {
        public var csv: [UInt8]
        public var rows: Int
        public var manualLeftOut: Int
        public var withoutOutcome: Int
        public var withoutSnapshot: Int
        /// The spec whose unit, date and label names the header uses.
        public var specFrom: String
    }

    /// Builds the history.
    /// - Parameter spec: the spec naming unit, date and label columns; default the spec of the model that
    ///   issued the most recent list, from the store's registry.
    /// - Throws: ``CycleInputError`` when there are no visits or no spec can be found.
    public func run(spec given: ModelSpec? = nil) async throws -> Exported {
        let history = try await store.visitHistory()
        var spec = given
        var specFrom = "the given spec"
        if spec == nil, let latest = history.last?.fingerprint {
            if let record = try await store.model(fingerprint: latest) {
                spec = try? JSONDecoder().decode(ModelSpec.self, from: Data(record.spec.utf8))
                specFrom = "model \(record.name) \(record.version) (fingerprint \(latest.prefix(16)))"
            }
        }
        guard let spec else {
            throw CycleInputError(description: history.isEmpty
                ? "the store has no recorded visits; record decisions with `tilsyn visits record` and outcomes with `tilsyn outcomes record` first."
                : "the model of the latest list is not in the store's registry, so the history's column names are unknown; give the spec with --spec.")
        }
        let dateColumn = spec.date ?? "inspection_date"
        var featureColumns: [String] = []
        var known = Set<String>()
        var manual = 0, noOutcome = 0, noSnapshot = 0
        var kept: [VisitHistoryRow] = []
        for row in history where row.status == .visited || row.status == .manual {
            if row.status == .manual { manual += 1; continue }
            guard row.violationFound != nil else { noOutcome += 1; continue }
            guard let features = row.features else { noSnapshot += 1; continue }
            for name in features.keys.sorted() where !known.contains(name) && name != spec.unit && name != dateColumn && name != spec.label {
                known.insert(name)
                featureColumns.append(name)
            }
            kept.append(row)
        }
        let header = [spec.unit] + featureColumns + [dateColumn, spec.label, "channel", "inclusion_probability", "inspector",
                                                     "fingerprint", "list_id", "score_at_selection", "reactions"]
        var writer = CSVWriter(header: header, reservingCapacity: kept.count * 400)
        for row in kept {
            writer.append(row.unit)
            for name in featureColumns { writer.append(row.features?[name] ?? "") }
            writer.append(row.date)
            writer.append((row.violationFound ?? false) ? 1 : 0)
            writer.append(row.channel)
            if let p = row.inclusionProbability { writer.append(p) } else { writer.appendMissing() }
            writer.append(row.outcomeInspector ?? row.inspector)
            writer.append(row.fingerprint)
            writer.append(Int(row.listID))
            if let s = row.scoreAtSelection { writer.append(s) } else { writer.appendMissing() }
            writer.append(row.reactions.map(\.rawValue).joined(separator: ";"))
            writer.endRow()
        }
        return Exported(csv: writer.bytes, rows: kept.count, manualLeftOut: manual, withoutOutcome: noOutcome,
                        withoutSnapshot: noSnapshot, specFrom: specFrom)
    }
}
