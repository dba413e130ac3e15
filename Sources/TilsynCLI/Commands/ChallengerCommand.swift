import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynReports

struct ChallengerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "challenger",
        abstract: "Refit on the exported history and compare the refit with the model in use on the latest random-arm visits.",
        discussion: """
            Fits the spec (default: the champion's) on the history's visits before --since and writes that \
            challenger to --out-model; then scores both models on the history's random-arm visits \
            (channel random) from --since on — visits neither was fitted on, drawn without regard to any \
            score — and reports for each the AUC (DeLong interval), the model's own lift on the random arm \
            (percentile bootstrap), the Brier score and the log loss, the paired differences challenger − \
            champion with their intervals, and `tilsyn diff` of the two models. The champion must have been \
            trained on inspections before --since.

            The challenger makes no list until the board approves its fingerprint with `tilsyn approve`; \
            every list records the fingerprint of the model that made it.

            Example:
              tilsyn history export --out cycle-history.csv
              tilsyn challenger --history next-history.csv --champion model.json --since 2026-11-23 \\
                --out-model challenger.json --format html --out udfordrer.html
              tilsyn approve --model challenger.json --decision approved --note "minutes 2027-01, item 2"   # TILSYN_TOKEN: a board token
            """)

    @Option(help: "The history CSV (from `tilsyn history export`, possibly appended to the earlier history); it needs a channel column.") var history: String
    @Option(help: "The model in use (model.json).") var champion: String
    @Option(help: "The spec to refit (default: the champion's spec).") var spec: String?
    @Option(help: "First day of the comparison (YYYY-MM-DD): the challenger is fitted on the visits before it, both are judged on the random-arm visits from it on.") var since: String
    @Option(help: "Where to write the challenger's model.json.") var outModel: String
    @Option(help: "json, md or html.") var format: ReportFormat = .md
    @Option(help: "da or en: the language of md and html (json is the same in both).") var lang: String = "da"
    @Option(help: "Where to write the comparison (default: standard output).") var out: String?
    @Option(help: "Top fraction for the model lift (0 < F ≤ 1; default: --list-capacity ÷ --register-units, or 0.1).") var topFraction: Double?
    @Option(help: "Units in the register the list draws from (sets the default top fraction).") var registerUnits: Int?
    @Option(help: "The list's weekly capacity (with --register-units).") var listCapacity: Int?
    @Option(help: "Bootstrap resamples for the model lift's interval.") var liftBootstrap = 1000
    @Option(help: "Seed for the tie-break between equal scores and the bootstrap.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(Abbreviated.text(lang))'.") }
        guard parseISODate(since) != nil else { throw ValidationError("--since must be a calendar date YYYY-MM-DD, not '\(Abbreviated.text(since))'.") }
        if let topFraction, !(topFraction > 0 && topFraction <= 1) { throw ValidationError("--top-fraction must be in (0, 1], not \(topFraction).") }
        if let registerUnits, registerUnits < 1 { throw ValidationError("--register-units must be at least 1, not \(registerUnits).") }
        if let listCapacity, listCapacity < 1 { throw ValidationError("--list-capacity must be at least 1, not \(listCapacity).") }
        if (registerUnits == nil) != (listCapacity == nil) { throw ValidationError("give both --register-units and --list-capacity, or neither.") }
        if liftBootstrap < 0 { throw ValidationError("--lift-bootstrap must be at least 0, not \(liftBootstrap).") }
        if let out, out == outModel { throw ValidationError("--out and --out-model name the same file '\(Abbreviated.text(out))'.") }
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        guard let sinceDay = parseISODate(since) else { throw ValidationError("--since must be a calendar date YYYY-MM-DD.") }
        let order = CompareChallenger.Order(
            history: history, champion: try ModelInput.read(champion), spec: try spec.map { try Inputs.spec($0) }, sinceDay: sinceDay,
            lift: LiftOptions(topFraction: topFraction, registerUnits: registerUnits, listCapacity: listCapacity, resamples: liftBootstrap), seed: seed)
        progress.step("fitting the challenger on \(history) before \(since) and scoring both models on the random-arm visits from \(since)")
        let result: (report: ChallengerReport, challenger: FittedModel)
        do {
            result = try CompareChallenger(threads: threads ?? defaultThreadCount).run(order, created: nowISO8601())
        } catch let error as ChallengerError {
            throw CLIError(error.sentence(since: "--since"))
        }
        try AtomicFile.write(result.challenger.encodedForFile(), to: outModel)
        progress.step("wrote \(outModel) (fingerprint \(result.challenger.fingerprint.prefix(16)); not approved)")
        let bytes: [UInt8] = switch format {
        case .json: Array(try JSONOutput.encode(result.report))
        case .md: Array(try result.report.markdown(language: lang).utf8)
        case .html: Array(try result.report.html(language: lang).utf8)
        }
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }
}
