import Foundation
import TilsynCore
import TilsynIO
import TilsynReports

/// A register scored by a model: what lists and cards are drawn from.
///
/// `tilsyn list` loads one per run; `tilsyn serve` loads one at start-up and answers every card and list
/// from it, re-ranking only for a list's seed. Either way the same register, model and order give the same
/// rows, whichever door the request came through. Both files are named by the SHA-256 of the bytes read.
public struct ScoredRegister: Sendable {
    public let model: FittedModel
    /// The model file and the register as a list manifest names them.
    public let modelFile: ListManifest.FileRecord
    public let registerFile: ListManifest.FileRecord
    public let explainer: Explainer
    public let prepared: DesignEncoder.Prepared
    /// Scores of every unit, ranked with the load seed.
    public let scores: Scores
    /// The register as read (the model's columns and the list columns, plus any extra asked for).
    public let table: DataTable
    public let columns: ListColumns
    /// Day number of each unit's last inspection (`NaN` = never, or no such column in the register).
    public let lastInspection: [Double]
    /// The flag columns, parsed; a list picks among them by name.
    public let flags: [(name: String, excludes: [Bool])]
    /// Each unit's region, when the register has the region column.
    public let region: [String]?
    /// Every region in the register.
    public let regions: Set<String>
    private let rowOfUnit: [String: Int]

    /// Reads the register (the model's columns, the list columns and `extra`) and scores it.
    /// - Throws: ``DataError`` naming file, line and column; ``JobError`` for a list column that cannot be used.
    public static func load(
        model: ModelInput, register path: String, columns: ListColumns, extra: [ColumnRequest] = [],
        seed: UInt64 = TieBreak.defaultSeed, threads: Int, indexUnits: Bool = false
    ) throws -> ScoredRegister {
        var requests = try columns.requests(for: model.model)
        for r in extra where !requests.contains(where: { $0.name == r.name }) { requests.append(r) }
        let (table, sha256) = try CSVReader.readDigested(path: path, columns: requests, threads: threads)
        return try ScoredRegister(model: model.model, register: table, modelFile: model.file.record(role: "model"),
                                  registerFile: .init(role: "register", file: path, sha256: sha256),
                                  columns: columns, seed: seed, threads: threads, indexUnits: indexUnits)
    }

    /// Scores a register already read with ``ListColumns/requests(for:)``.
    /// - Parameters:
    ///   - indexUnits: index units by id for card lookups; a unit that appears twice is then refused,
    ///     as a service could otherwise show one company another's card.
    /// - Throws: ``DataError``; ``JobError`` for a list column that cannot be used;
    ///   ``DuplicateUnitError`` when indexing meets a unit twice.
    public init(
        model: FittedModel, register: DataTable, modelFile: ListManifest.FileRecord, registerFile: ListManifest.FileRecord,
        columns: ListColumns, seed: UInt64 = TieBreak.defaultSeed, threads: Int = 2, indexUnits: Bool = false
    ) throws {
        _ = try columns.requests(for: model)
        let scores = try Scorer.score(model: model, table: register, seed: seed, threads: threads)
        var rowOfUnit: [String: Int] = [:]
        if indexUnits {
            rowOfUnit.reserveCapacity(scores.units.count)
            for (row, unit) in scores.units.enumerated() {
                if let first = rowOfUnit.updateValue(row, forKey: unit) {
                    throw DuplicateUnitError(file: register.source, unit: unit, firstLine: register.line(ofRow: first), line: register.line(ofRow: row))
                }
            }
        }
        self.model = model
        self.modelFile = modelFile
        self.registerFile = registerFile
        self.explainer = Explainer(model: model)
        self.prepared = try model.encoder.prepare(register)
        self.scores = scores
        self.table = register
        self.columns = columns
        self.rowOfUnit = rowOfUnit
        lastInspection = register.columns[columns.lastInspection] != nil
            ? try register.numeric(columns.lastInspection)
            // Without the column nobody counts as recently inspected; the manifest names the column used.
            : [Double](repeating: .nan, count: register.rowCount)
        flags = try columns.flags.map { name in (name: name, excludes: try ExclusionFlag.parse(register, column: name)) }
        if let name = columns.region, register.columns[name] != nil {
            let region = try register.text(name)
            self.region = region
            regions = Set(region)
        } else {
            region = nil
            regions = []
        }
    }

    /// The register row of `unit` (with `indexUnits`), or `nil` when the register has no such unit.
    public func row(of unit: String) -> Int? { rowOfUnit[unit] }

    /// Units in the register.
    public var unitCount: Int { scores.units.count }
}

/// A register that names a unit twice, where each unit must be once.
public struct DuplicateUnitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var unit: String
    public var firstLine: Int
    public var line: Int
    public var description: String {
        "\(file): unit '\(Abbreviated.text(unit))' appears on lines \(firstLine) and \(line); each unit must appear once, or one company could be shown another's card."
    }
}
