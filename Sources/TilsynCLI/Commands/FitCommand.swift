import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a transparent logistic model from a spec and an inspection history.",
        discussion: """
            Reads the spec (JSON, DESIGN §4) and the history CSV (one row per past inspection, features as \
            of the inspection date, a 0/1 label), fits maximum-likelihood logistic regression by IRLS on \
            LAPACK (ridge-penalised if the spec says so, honouring sign constraints), and writes model.json \
            with coefficients, standard errors, z, p, 95% Wald intervals, odds ratios, fit statistics, the \
            training means used as the explanation baseline, and a fingerprint. It then prints the fit on \
            standard output as statsmodels' summary shows it: N, log-likelihood, LL-null, McFadden's \
            pseudo-R², AIC, convergence, and per term the estimate, std err, z, P>|z| and 95% interval \
            (--no-summary leaves it out).

            Singular designs, perfect separation, unseen or missing values and bad cells stop the fit with \
            one sentence naming the file, line and column. The output is written atomically.

            Example:
              tilsyn fit --spec Models/grundtilsyn.spec.json --data history.csv --out model.json
            """)

    @Option(help: "The model spec (JSON).") var spec: String
    @Option(help: "The training history (CSV with a header row).") var data: String
    @Option(help: "Where to write model.json.") var out: String
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false
    @Flag(inversion: .prefixedNo, help: "Print the coefficient table and fit statistics on standard output.") var summary = true

    func run() throws {
        let progress = Progress(quiet: quiet)
        let spec = try Inputs.spec(self.spec)
        let threads = self.threads ?? defaultThreadCount
        progress.step("reading \(data)")
        var (table, digest) = try CSVReader.readDigested(path: data, columns: ModelFitter.columnRequests(for: spec), threads: threads)
        progress.step("fitting \(spec.features.count) features on \(table.rowCount) rows")
        // The fit takes the table's only copy, so its numeric columns become the design's without a copy.
        let model = try ModelFitter.fit(
            spec: spec, taking: &table, trainingFile: (data as NSString).lastPathComponent,
            trainingSHA256: digest, created: nowISO8601(), threads: threads)
        try AtomicFile.write(model.encodedForFile(), to: out)
        progress.step("wrote \(out) (\(model.coefficients.count) coefficients, \(model.fit.iterations) iterations, fingerprint \(model.fingerprint.prefix(12)))")
        // The summary carries the fit's warnings among its notes; without it they go to standard error.
        if summary { print(CoefficientTable.render(model)) } else { for warning in model.fit.warnings { progress.step("note: \(warning)") } }
    }
}
