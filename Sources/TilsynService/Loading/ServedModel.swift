import Foundation
import TilsynApplication
import TilsynCore
import TilsynReports

/// The scored register the service answers from, loaded once at start-up, and the board's reports.
///
/// Every unit is scored when the service starts (a third of a second for 300,000 units), so a card needs
/// only its own row explained and a list request only re-ranks for its seed. Nothing here changes while
/// the service runs: a new register or model means a restart, so every card and list of one run rests on
/// the same inputs, named by the SHA-256s recorded in each list manifest.
public struct ServedModel: Sendable {
    /// The register and model, as the application's jobs take them.
    public let register: ScoredRegister
    /// The validation, fairness and drift reports the board reads, as given at start-up.
    public let validation: LoadedReport<ValidationReport>?
    public let fairness: LoadedReport<FairnessReport>?
    public let drift: LoadedReport<DriftReport>?
    /// The champion–challenger comparison the board is asked to decide on (`tilsyn challenger --format json`),
    /// when one was given; its champion is the model served.
    public let challenger: LoadedReport<ChallengerReport>?

    public typealias ListColumns = TilsynApplication.ListColumns

    /// A report file: its bytes as given (served as JSON unchanged) and its decoded form (rendered).
    public struct LoadedReport<Report: Sendable>: Sendable {
        public var bytes: Data
        public var report: Report
        /// The file's name (without its folder), as reports that cite it name it; `nil` when not from a file.
        public var file: String?
        public init(bytes: Data, report: Report, file: String? = nil) {
            self.bytes = bytes
            self.report = report
            self.file = file
        }
    }

    /// Serves `register`, refusing reports about another model now rather than on every model-card request.
    /// - Throws: ``ServiceSetupError`` when a report is about another model (the model card could not be written),
    ///   or the challenger report's champion is not the model served (the board would read a comparison
    ///   with a model that makes no list here).
    public init(register: ScoredRegister, validation: LoadedReport<ValidationReport>? = nil,
                fairness: LoadedReport<FairnessReport>? = nil, drift: LoadedReport<DriftReport>? = nil,
                challenger: LoadedReport<ChallengerReport>? = nil) throws {
        self.register = register
        self.validation = validation
        self.fairness = fairness
        self.drift = drift
        self.challenger = challenger
        if let champion = challenger?.report.champion, champion.fingerprint != register.model.fingerprint {
            throw ServiceSetupError("The challenger report\(challenger?.file.map { " \($0)" } ?? "") compares the challenger with model \(champion.fingerprint.prefix(16)), not with the model served (\(register.model.fingerprint.prefix(16))); give the report that `tilsyn challenger --champion` wrote for the model in use.")
        }
        do {
            _ = try ModelCard.build(model: register.model, validation: validation?.report, fairness: fairness?.report,
                                    drift: drift?.report, toolVersion: TilsynVersion.current)
        } catch {
            throw ServiceSetupError("\(error)")
        }
    }

    /// Scores `register` (read with ``ListColumns/requests(for:)``) and indexes its units.
    public init(
        model: FittedModel, register: DataTable, modelFile: ListManifest.FileRecord, registerFile: ListManifest.FileRecord,
        listColumns: ListColumns = ListColumns(), validation: LoadedReport<ValidationReport>? = nil,
        fairness: LoadedReport<FairnessReport>? = nil, drift: LoadedReport<DriftReport>? = nil,
        seed: UInt64 = TieBreak.defaultSeed, threads: Int = 2
    ) throws {
        try self.init(register: ScoredRegister(model: model, register: register, modelFile: modelFile, registerFile: registerFile,
                                               columns: listColumns, seed: seed, threads: threads, indexUnits: true),
                      validation: validation, fairness: fairness, drift: drift)
    }

    /// The columns to read from the register: the model's, and those lists use when present.
    public static func columnRequests(model: FittedModel, listColumns: ListColumns) throws -> [ColumnRequest] {
        try listColumns.requests(for: model)
    }

    public var model: FittedModel { register.model }
    public var explainer: Explainer { register.explainer }
    public var prepared: DesignEncoder.Prepared { register.prepared }
    public var scores: Scores { register.scores }
    public var listColumns: ListColumns { register.columns }
    public var modelFile: ListManifest.FileRecord { register.modelFile }
    public var registerFile: ListManifest.FileRecord { register.registerFile }

    /// The register row of `unit`, or `nil` when the register has no such unit.
    public func row(of unit: String) -> Int? { register.row(of: unit) }

    /// Units in the register.
    public var unitCount: Int { register.unitCount }

    /// The disclosed features a company may ask to have corrected, in spec order.
    public var correctableFields: [String] { model.spec.features.filter(\.isDisclosed).map(\.name) }
}

/// Why the service cannot start, in one sentence.
public struct ServiceSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
