import Foundation
import TilsynCore
import TilsynReports

/// The model and register the service answers from, loaded and scored once at start-up.
///
/// Every unit is scored when the service starts (a third of a second for 300,000 units), so a card needs
/// only its own row explained — rank, percentile and the list cut-off come from these scores — and a
/// list request only re-ranks for its seed. Nothing here changes while the service runs: a new register
/// or model means a restart, so every card and list of one run rests on the same inputs, named by the
/// SHA-256s recorded in each list manifest.
public struct ServedModel: Sendable {
    public let model: FittedModel
    public let explainer: Explainer
    public let prepared: DesignEncoder.Prepared
    /// Scores of every register unit, ranked with the start-up seed.
    public let scores: Scores
    /// The model file and the register as the list manifest names them.
    public let modelFile: ListManifest.FileRecord
    public let registerFile: ListManifest.FileRecord
    /// Register columns the list endpoint draws with.
    public let listColumns: ListColumns
    /// Day number of each unit's last inspection (`NaN` = never).
    let lastInspection: [Double]
    /// The flag columns loaded at start-up, parsed; a list request picks among them by name.
    let flags: [(name: String, excludes: [Bool])]
    /// Each unit's region, when the register has the region column.
    let region: [String]?
    /// Every region in the register.
    let regions: Set<String>
    private let rowOfUnit: [String: Int]
    /// The validation, fairness and drift reports the board reads, as given at start-up.
    public let validation: LoadedReport<ValidationReport>?
    public let fairness: LoadedReport<FairnessReport>?
    public let drift: LoadedReport<DriftReport>?

    /// Which register columns lists use.
    public struct ListColumns: Sendable, Equatable {
        public var lastInspection: String
        public var region: String
        /// Flag columns a list request may exclude by.
        public var flags: [String]

        public init(lastInspection: String = "last_inspection_date", region: String = "region", flags: [String] = []) {
            self.lastInspection = lastInspection
            self.region = region
            self.flags = flags
        }
    }

    /// A report file: its bytes as given (served as JSON unchanged) and its decoded form (rendered).
    public struct LoadedReport<Report: Sendable>: Sendable {
        public var bytes: Data
        public var report: Report
        public init(bytes: Data, report: Report) {
            self.bytes = bytes
            self.report = report
        }
    }

    /// Scores the register and indexes its units.
    /// - Parameters:
    ///   - register: read with ``columnRequests(model:listColumns:)``.
    /// - Throws: ``ServiceSetupError`` when a unit id appears twice, a list column cannot be used or a
    ///   report is about another model (the model card could not be written);
    ///   ``DataError`` when a row cannot be scored.
    public init(
        model: FittedModel, register: DataTable, modelFile: ListManifest.FileRecord, registerFile: ListManifest.FileRecord,
        listColumns: ListColumns = ListColumns(), validation: LoadedReport<ValidationReport>? = nil,
        fairness: LoadedReport<FairnessReport>? = nil, drift: LoadedReport<DriftReport>? = nil,
        seed: UInt64 = TieBreak.defaultSeed, threads: Int = 2
    ) throws {
        let scores = try Scorer.score(model: model, table: register, seed: seed, threads: threads)
        var rowOfUnit: [String: Int] = [:]
        rowOfUnit.reserveCapacity(scores.units.count)
        for (row, unit) in scores.units.enumerated() {
            if let first = rowOfUnit.updateValue(row, forKey: unit) {
                throw ServiceSetupError("\(register.source): unit '\(unit)' appears on lines \(register.line(ofRow: first)) and \(register.line(ofRow: row)); the service needs each unit once, or it could show one company another's card.")
            }
        }
        self.model = model
        self.explainer = Explainer(model: model)
        self.prepared = try model.encoder.prepare(register)
        self.scores = scores
        self.rowOfUnit = rowOfUnit
        self.modelFile = modelFile
        self.registerFile = registerFile
        self.listColumns = listColumns
        self.validation = validation
        self.fairness = fairness
        self.drift = drift
        // A report about another model would make every model-card request fail; say so now, once.
        do {
            _ = try ModelCard.build(model: model, validation: validation?.report, fairness: fairness?.report, drift: drift?.report,
                                    toolVersion: TilsynVersion.current)
        } catch {
            throw ServiceSetupError("\(error)")
        }

        if register.columns[listColumns.lastInspection] != nil {
            lastInspection = try register.numeric(listColumns.lastInspection)
        } else {
            // Without the column nobody counts as recently inspected; lists then say so in their manifest's parameters.
            lastInspection = [Double](repeating: .nan, count: register.rowCount)
        }
        do {
            flags = try listColumns.flags.map { name in (name: name, excludes: try ExclusionFlag.parse(register, column: name)) }
        } catch {
            throw ServiceSetupError("\(error)")
        }
        if register.columns[listColumns.region] != nil {
            let region = try register.text(listColumns.region)
            self.region = region
            self.regions = Set(region)
        } else {
            self.region = nil
            self.regions = []
        }
    }

    /// The columns to read from the register: the model's, and those lists use when present.
    public static func columnRequests(model: FittedModel, listColumns: ListColumns) -> [ColumnRequest] {
        ListDraw.columnRequests(model: model, lastInspectionColumn: listColumns.lastInspection, excludeIf: listColumns.flags,
                                regionColumn: listColumns.region, required: false)
            .map { request in
                // Flags a list may exclude by must exist: a missing one would silently exclude nobody.
                var request = request
                if listColumns.flags.contains(request.name) { request.required = true }
                return request
            }
    }

    /// The register row of `unit`, or `nil` when the register has no such unit.
    public func row(of unit: String) -> Int? { rowOfUnit[unit] }

    /// Units in the register.
    public var unitCount: Int { scores.units.count }

    /// The disclosed features a company may ask to have corrected, in spec order.
    public var correctableFields: [String] { model.spec.features.filter(\.isDisclosed).map(\.name) }
}

/// Why the service cannot start, in one sentence.
public struct ServiceSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
