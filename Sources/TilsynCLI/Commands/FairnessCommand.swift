import TilsynApplication
import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynReports

struct FairnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairness",
        abstract: "Check whether the model's selection burdens some industries or company sizes more than their risk warrants.",
        discussion: """
            Scores the labelled history, selects the top fraction or top k by score (ties by a seeded key), \
            and reports, per group of each --by column and of their intersection: units, selections, \
            violations, selection rate and share, precision, recall, FPR, base rate, calibration gap, AUC \
            (stratified bootstrap) and Brier score, each with a 95% interval and its estimand — `selection`, \
            `among_inspected` (all inspections) or `population` (rows with channel = random, or all rows with \
            --representative) — with ratios and differences to the overall value, Holm-adjusted tests, the \
            smallest ratio each group could have detected, the share of the score from discovered vs reported \
            features, and a verdict pass / flag / insufficient.

            Example:
              tilsyn fairness --model model.json --data history.csv --by industry --by size_band --top-fraction 0.2 --format html --out fairness.html
            """)

    @Option(help: "The fitted model (JSON).") var model: String
    @Option(help: "Labelled history (CSV) with the model's columns and its label.") var data: String
    @Option(name: .customLong("by"), help: "A column to group by; repeat for more (their intersection is added). Default: the spec's groups.") var by: [String] = []
    @Option(help: "Select this fraction of rows by score (0 < F ≤ 1).") var topFraction: Double?
    @Option(help: "Select this many rows by score.") var topK: Int?
    @Option(help: "Primary criterion: recall, precision or calibration.") var criterion: String = "recall"
    @Option(help: "Fewer units than this in a group gives the verdict insufficient.") var minUnits = 30
    @Option(help: "Fewer violations than this in a group gives the verdict insufficient.") var minEvents = 5
    @Option(help: "Bootstrap resamples for the AUC intervals.") var bootstrap = 200
    @Flag(help: "The data is a representative labelled sample: every row estimates population rates.") var representative = false
    @Option(help: "json, md or html.") var format: ReportFormat = .json
    @Option(help: "Where to write the report (default: standard output).") var out: String?
    @Option(help: "Seed for the tie-break and the bootstrap.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        switch (topFraction, topK) {
        case (nil, nil), (.some, .some): throw ValidationError("give exactly one of --top-fraction and --top-k.")
        case (.some(let f), nil): if !(f > 0 && f <= 1) { throw ValidationError("--top-fraction must be in (0, 1], not \(f).") }
        case (nil, .some(let k)): if k < 1 { throw ValidationError("--top-k must be at least 1, not \(k).") }
        }
        guard FairnessCriterion(rawValue: criterion) != nil else { throw ValidationError("--criterion must be recall, precision or calibration, not '\(criterion)'.") }
        if minUnits < 1 || minEvents < 0 { throw ValidationError("--min-units must be at least 1 and --min-events at least 0.") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be at least 0, not \(bootstrap).") }
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        var options = FairnessOptions(rule: topK.map { .topK($0) } ?? .topFraction(topFraction ?? 0.2))
        options.criterion = FairnessCriterion(rawValue: criterion) ?? .recall
        options.minUnits = minUnits
        options.minEvents = minEvents
        options.bootstrap = bootstrap
        options.seed = seed
        options.threads = threads ?? defaultThreadCount
        let report = try FairnessJob.run(modelPath: model, dataPath: data, by: by, options: options, representative: representative, progress: progress)
        let bytes = try FairnessJob.render(report, format: format)
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }
}

/// The fairness job shared by `tilsyn fairness` and `tilsyn demo`.
enum FairnessJob {
    static func run(modelPath: String, dataPath: String, by: [String], options: FairnessOptions, representative: Bool, progress: Progress) throws -> FairnessReport {
        let model = try Inputs.model(modelPath)
        // Without --by, the groups the spec declares for fairness checks.
        let by = by.isEmpty ? (model.spec.groups ?? []) : by
        guard !by.isEmpty else { throw FairnessError.noGrouping }
        LAPACK.useSingleThreadedBLAS()
        progress.step("reading \(dataPath)")
        let (table, digest) = try CSVReader.readDigested(path: dataPath, columns: FairnessReport.columnRequests(for: model, by: by), threads: options.threads)
        progress.step("scoring, selecting and analysing \(table.rowCount) rows by \(by.joined(separator: ", "))")
        return try FairnessReport.build(model: model, table: table, by: by, options: options, representative: representative,
                                        dataFile: (dataPath as NSString).lastPathComponent, dataSHA256: digest)
    }

    static func render(_ report: FairnessReport, format: ReportFormat) throws -> [UInt8] {
        switch format {
        case .json: return Array(try JSONOutput.encode(report))
        case .md: return Array(try report.markdown().utf8)
        case .html: return Array(try report.html().utf8)
        }
    }
}
