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
            --representative) — with ratios and differences to the rest of the population, the smallest ratio \
            each group could have detected, the share of the score from discovered vs reported features, and a \
            verdict: the primary metric's ratio gets a Bonferroni-adjusted interval over the groups of its \
            grouping (family-wise --confidence); pass when it lies inside --band, flag when wholly outside, \
            insufficient otherwise or for a group below --min-units/--min-events.

            Out of sample: --split-date DATE refits the model's spec on the inspections of --data before DATE \
            and judges the refit on those from DATE on; --evaluate EVAL.csv judges the given model on another \
            file. Without either the report is marked in_sample and says so on its first line.

            Example:
              tilsyn fairness --model model.json --data history.csv --split-date 2025-11-16 --by industry --by size_band --top-fraction 0.2 --format html --out fairness.html
            """)

    @Option(help: "The fitted model (JSON).") var model: String
    @Option(help: "Labelled history (CSV) with the model's columns and its label.") var data: String?
    @Option(help: "Refit the model's spec on --data before this date (YYYY-MM-DD) and judge it on the rest.") var splitDate: String?
    @Option(help: "Judge the given model on this labelled file instead of --data (it must not be the training data).") var evaluate: String?
    @Option(name: .customLong("by"), help: "A column to group by; repeat for more (their intersection is added). Default: the spec's groups.") var by: [String] = []
    @Option(help: "Select this fraction of rows by score (0 < F ≤ 1).") var topFraction: Double?
    @Option(help: "Select this many rows by score.") var topK: Int?
    @Option(help: "Primary criterion: recall, precision or calibration.") var criterion: String = "recall"
    @Option(help: "Fewer units than this in a group gives the verdict insufficient.") var minUnits = 30
    @Option(help: "Fewer violations than this in a group gives the verdict insufficient.") var minEvents = 5
    @Option(help: "Bootstrap resamples for the AUC intervals.") var bootstrap = 200
    @Option(help: "Tolerance band on the primary ratio, LOW,HIGH.") var band: String = "0.8,1.25"
    @Option(help: "Family-wise confidence level of each grouping's verdict intervals (0 < C < 1).") var confidence = 0.95
    @Flag(help: "The data is a representative labelled sample: every row estimates population rates.") var representative = false
    @Option(help: "json, md or html.") var format: ReportFormat = .json
    @Option(help: "Language of the Markdown or HTML report and summary: da or en.") var lang: String = "da"
    @Option(help: "Also write the one-page board summary here (.md or .html, in --lang).") var boardSummary: String?
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
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(lang)'.") }
        if let boardSummary, !(boardSummary.hasSuffix(".md") || boardSummary.hasSuffix(".html")) {
            throw ValidationError("--board-summary must name a .md or .html file, not '\(boardSummary)'.")
        }
        if Self.parseBand(band) == nil { throw ValidationError("--band must be two numbers LOW,HIGH with 0 < LOW < 1 < HIGH, e.g. 0.8,1.25, not '\(band)'.") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1, e.g. 0.95, not \(confidence).") }
        switch (data, evaluate) {
        case (nil, nil): throw ValidationError("give --data (the labelled history) or --evaluate (a labelled file the model was not fitted on).")
        case (.some, .some): throw ValidationError("give --data or --evaluate, not both: --evaluate is the file the model is judged on.")
        default: break
        }
        if splitDate != nil && evaluate != nil { throw ValidationError("--split-date splits --data; it cannot be combined with --evaluate.") }
        if let splitDate, parseISODate(splitDate) == nil { throw ValidationError("--split-date must be a calendar date YYYY-MM-DD, not '\(splitDate)'.") }
    }

    /// `LOW,HIGH` with `0 < LOW < 1 < HIGH`.
    static func parseBand(_ text: String) -> (Double, Double)? {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low > 0, low < 1, high > 1, high.isFinite else { return nil }
        return (low, high)
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        var options = FairnessOptions(rule: topK.map { .topK($0) } ?? .topFraction(topFraction ?? 0.2))
        options.criterion = FairnessCriterion(rawValue: criterion) ?? .recall
        options.minUnits = minUnits
        options.minEvents = minEvents
        options.bootstrap = bootstrap
        if let (low, high) = Self.parseBand(band) {
            options.bandLow = low
            options.bandHigh = high
        }
        options.confidence = confidence
        options.seed = seed
        options.threads = threads ?? defaultThreadCount
        let sample: FairnessReport.Sample = evaluate != nil ? .evaluationFile : (splitDate.flatMap(parseISODate).map { .splitDate($0) } ?? .inSample)
        let report = try FairnessJob.run(modelPath: model, dataPath: evaluate ?? data ?? "", by: by, options: options, representative: representative,
                                         sample: sample, progress: progress)
        let bytes = try FairnessJob.render(report, format: format, language: lang)
        try ReportOutput.emit(bytes, to: out, progress: progress)
        // The report words the remedy for the board; the command names its own options.
        if report.sample == "in_sample" { progress.step("in sample: --split-date DATE or --evaluate EVAL.csv gives an out-of-sample report") }
        if let boardSummary {
            let summary = BoardSummary(fairness: report, links: out.map { [($0 as NSString).lastPathComponent] } ?? [])
            let text = boardSummary.hasSuffix(".html") ? try summary.html(language: lang) : try summary.markdown(language: lang)
            try AtomicFile.write(Array(text.utf8), to: boardSummary)
        }
    }
}

/// The fairness job shared by `tilsyn fairness` and `tilsyn demo`.
enum FairnessJob {
    static func run(modelPath: String, dataPath: String, by: [String], options: FairnessOptions, representative: Bool,
                    sample: FairnessReport.Sample = .inSample, progress: Progress) throws -> FairnessReport {
        let model = try Inputs.model(modelPath)
        // Without --by, the groups the spec declares for fairness checks.
        let by = by.isEmpty ? (model.spec.groups ?? []) : by
        guard !by.isEmpty else { throw FairnessError.noGrouping }
        LAPACK.useSingleThreadedBLAS()
        progress.step("reading \(dataPath)")
        var refit = false
        if case .splitDate = sample { refit = true }
        let (table, digest) = try CSVReader.readDigested(path: dataPath, columns: FairnessReport.columnRequests(for: model, by: by, refit: refit), threads: options.threads)
        progress.step("\(refit ? "refitting before the split date, then " : "")scoring, selecting and analysing \(table.rowCount) rows by \(by.joined(separator: ", "))")
        return try FairnessReport.build(model: model, table: table, by: by, options: options, representative: representative,
                                        dataFile: (dataPath as NSString).lastPathComponent, dataSHA256: digest, sample: sample)
    }

    static func render(_ report: FairnessReport, format: ReportFormat, language: String = "en") throws -> [UInt8] {
        switch format {
        case .json: return Array(try JSONOutput.encode(report))
        case .md: return Array(try report.markdown(language: language).utf8)
        case .html: return Array(try report.html(language: language).utf8)
        }
    }
}
