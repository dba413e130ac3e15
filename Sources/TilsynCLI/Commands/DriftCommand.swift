import TilsynApplication
import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynReports

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Measure how far the register has moved from the data the model was trained on (PSI per feature).",
        discussion: """
            Training data is not stored in the model, so give the training file as --baseline. Bins come \
            from the baseline: numeric features by its --bins quantiles after the spec's clip (fewer when \
            values tie), binned features by the model's edges, categorical features by their levels; missing \
            values and levels never seen in training get bins of their own. PSI = Σ (p_register − \
            p_training) · ln(p_register / p_training), empty bins floored at 1e-4; above 0.25 the shift is \
            major, above 0.1 moderate. The model file is verified against its fingerprint.

            Example:
              tilsyn drift --model model.json --baseline history.csv --data register.csv --format md
            """)

    @Option(help: "The fitted model (model.json).") var model: String
    @Option(help: "The training data the model was fitted on (CSV).") var baseline: String
    @Option(help: "The register snapshot to compare (CSV).") var data: String
    @Option(help: "Quantile bins for numeric features, 2 to 100.") var bins = 10
    @Option(help: "json or md.") var format: ReportFormat = .json
    @Option(help: "Language of the Markdown report: da or en (json is the same in both).") var lang: String = "da"
    @Option(help: "Where to write the report (default: standard output).") var out: String?
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        if !(2...100).contains(bins) { throw ValidationError("--bins must be between 2 and 100, not \(bins).") }
        if format == .html { throw ValidationError("--format must be json or md for drift; html is not available.") }
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(lang)'.") }
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        let report = try Self.report(model: try Inputs.model(model), baseline: baseline, data: data, bins: bins,
                                     threads: threads ?? defaultThreadCount, progress: progress)
        let bytes: [UInt8] = format == .md ? Array(try report.markdown(language: lang).utf8) : Array(try JSONOutput.encode(report))
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }

    /// Reads the model's columns from both files and compares them; shared with `tilsyn demo`.
    static func report(model: FittedModel, baseline: String, data: String, bins: Int = 10, threads: Int, progress: Progress) throws -> DriftReport {
        let requests = DesignEncoder.columnRequests(for: model.spec)
        progress.step("reading \(baseline) and \(data)")
        // Each file read once: the digest is of the bytes compared.
        let (base, baseSHA256) = try CSVReader.readDigested(path: baseline, columns: requests, threads: threads)
        let (register, registerSHA256) = try CSVReader.readDigested(path: data, columns: requests, threads: threads)
        func source(_ path: String, _ table: DataTable, _ sha256: String) -> DriftReport.Source {
            .init(file: (path as NSString).lastPathComponent, sha256: sha256, rows: table.rowCount)
        }
        return try DriftReport.build(model: model, baseline: base, baselineSource: source(baseline, base, baseSHA256),
                                     register: register, registerSource: source(data, register, registerSHA256), bins: bins)
    }
}
