import TilsynApplication
import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynReports

/// Output formats of reports.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, md, html
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Fit on inspections before a date and evaluate on the inspections after it.",
        discussion: """
            Reports AUC (DeLong interval), Brier score, log loss, calibration intercept and slope (logistic \
            recalibration of the outcome on logit(p), Wald intervals), calibration-in-the-large, a \
            reliability table (10 equal-width bins, Wilson intervals), precision and recall at 1, 2, 4, 8 \
            and 13 weeks of capacity (Wilson intervals), and — when the history has a `channel` column — \
            hit rates per channel, the lift of the risk channel over the random channel (Katz interval) \
            and the AUC on the random arm alone, the only estimate that holds for the whole eligible \
            population. Default capacity per week: 0.55 × the evaluation period's inspections per week.

            Example:
              tilsyn validate --spec spec.json --data history.csv --split-date 2025-11-16 --format html --out validation.html
            """)

    @Option(help: "The model spec (JSON).") var spec: String
    @Option(help: "The inspection history (CSV).") var data: String
    @Option(help: "First day of the evaluation period (YYYY-MM-DD); training is every inspection before it.") var splitDate: String
    @Option(help: "json, md or html.") var format: ReportFormat = .json
    @Option(help: "Where to write the report (default: standard output).") var out: String?
    @Option(help: "Weekly capacity for precision@k (default: 0.55 × evaluation inspections per week).") var capacityPerWeek: Int?
    @Option(help: "Seed for the tie-break between equal scores.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        if let capacityPerWeek, capacityPerWeek < 1 { throw ValidationError("--capacity-per-week must be at least 1, not \(capacityPerWeek).") }
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        let report = try ValidateJob.run(specPath: spec, dataPath: data, splitDate: splitDate, capacityPerWeek: capacityPerWeek,
                                         seed: seed, threads: threads ?? defaultThreadCount, progress: progress)
        let bytes = try ValidateJob.render(report, format: format)
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }
}

/// The validation job shared by `tilsyn validate` and `tilsyn demo`.
enum ValidateJob {
    static func run(specPath: String, dataPath: String, splitDate: String, capacityPerWeek: Int?, seed: UInt64, threads: Int, progress: Progress) throws -> ValidationReport {
        guard let splitDay = parseISODate(splitDate) else {
            throw CLIError("--split-date must be a calendar date YYYY-MM-DD, not '\(splitDate)'.")
        }
        let spec = try Inputs.spec(specPath)
        LAPACK.useSingleThreadedBLAS()
        progress.step("reading \(dataPath)")
        let (table, digest) = try CSVReader.readDigested(path: dataPath, columns: TimeSplitValidation.columnRequests(for: spec), threads: threads)
        progress.step("fitting before \(splitDate), evaluating from it")
        return try TimeSplitValidation.run(
            spec: spec, table: table, splitDay: splitDay, capacityPerWeek: capacityPerWeek,
            dataFile: (dataPath as NSString).lastPathComponent, dataSHA256: digest, seed: seed, threads: threads)
    }

    static func render(_ report: ValidationReport, format: ReportFormat) throws -> [UInt8] {
        switch format {
        case .json: return Array(try JSONOutput.encode(report))
        case .md: return Array(try report.markdown().utf8)
        case .html: return Array(try report.html().utf8)
        }
    }
}
