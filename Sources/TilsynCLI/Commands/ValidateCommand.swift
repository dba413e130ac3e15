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
            hit rates per channel, the AUC on the random arm alone (the only AUC that holds for the whole \
            eligible population), the model's own lift (`model_lift`: among the random-audit inspections of \
            the evaluation period, the violation rate of those the model ranks in its top fraction over the \
            arm's rate, percentile bootstrap) and the history's `historical_channel_lift` (risk channel over \
            random channel: what the earlier selection achieved, not this model). Default capacity per \
            week: 0.55 × the evaluation period's inspections per week; default top fraction: the weekly \
            capacity's share of --register-units, or 0.1 without it. A model lift whose top fraction holds fewer \
            than 30 random-audit inspections is reported as `insufficient`, with its count and without an interval.

            Example:
              tilsyn validate --spec spec.json --data history.csv --split-date 2025-11-16 --format html --out validation.html
            """)

    @Option(help: "The model spec (JSON).") var spec: String
    @Option(help: "The inspection history (CSV).") var data: String
    @Option(help: "First day of the evaluation period (YYYY-MM-DD); training is every inspection before it.") var splitDate: String
    @Option(help: "json, md or html.") var format: ReportFormat = .json
    @Option(help: "Language of the Markdown or HTML report: da or en.") var lang: String = "da"
    @Option(help: "Where to write the report (default: standard output).") var out: String?
    @Option(help: "Weekly capacity for precision@k (default: 0.55 × evaluation inspections per week).") var capacityPerWeek: Int?
    @Option(help: "Top fraction for the model lift (0 < F ≤ 1; default: capacity per week ÷ --register-units).") var topFraction: Double?
    @Option(help: "Eligible units the list's risk places are filled from (sets the default top fraction: capacity per week ÷ this).") var registerUnits: Int?
    @Option(help: "Bootstrap resamples for the model lift's interval.") var liftBootstrap = 1000
    @Option(help: "Seed for the tie-break between equal scores and the bootstrap.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        if let capacityPerWeek, capacityPerWeek < 1 { throw ValidationError("--capacity-per-week must be at least 1, not \(capacityPerWeek).") }
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(lang)'.") }
        if let topFraction, !(topFraction > 0 && topFraction <= 1) { throw ValidationError("--top-fraction must be in (0, 1], not \(topFraction).") }
        if let registerUnits, registerUnits < 1 { throw ValidationError("--register-units must be at least 1, not \(registerUnits).") }
        if liftBootstrap < 0 { throw ValidationError("--lift-bootstrap must be at least 0, not \(liftBootstrap).") }
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        let lift = LiftOptions(topFraction: topFraction, registerUnits: registerUnits, resamples: liftBootstrap)
        let report = try ValidateJob.run(specPath: spec, dataPath: data, splitDate: splitDate, capacityPerWeek: capacityPerWeek,
                                         lift: lift, seed: seed, threads: threads ?? defaultThreadCount, progress: progress)
        let bytes = try ValidateJob.render(report, format: format, language: lang)
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }
}

/// The validation job shared by `tilsyn validate` and `tilsyn demo`.
enum ValidateJob {
    static func run(specPath: String, dataPath: String, splitDate: String, capacityPerWeek: Int?, lift: LiftOptions = LiftOptions(), seed: UInt64, threads: Int, progress: Progress) throws -> ValidationReport {
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
            dataFile: (dataPath as NSString).lastPathComponent, dataSHA256: digest, lift: lift, seed: seed, threads: threads)
    }

    static func render(_ report: ValidationReport, format: ReportFormat, language: String = "en") throws -> [UInt8] {
        switch format {
        case .json: return Array(try JSONOutput.encode(report))
        case .md: return Array(try report.markdown(language: language).utf8)
        case .html: return Array(try report.html(language: language).utf8)
        }
    }
}
