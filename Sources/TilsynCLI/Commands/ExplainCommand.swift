import ArgumentParser
import TilsynApplication
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynReports

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a unit's score as a card (JSON, Markdown, HTML), or every unit's top reasons.",
        discussion: """
            With --id, writes one unit's explanation card: its probability, rank and percentile among all \
            units in the file, the starting point (the average inspected unit) and each item's exact \
            contribution, value, source and as-of date, what would take the unit below the list cut-off \
            (only items the company can change), how to correct wrong data, and the model version. The \
            baseline plus the contributions always equals the score. Items the spec marks as not \
            disclosable are summed into one line whose name, value and columns are never shown.

            With --all, writes every unit's score with its top --top contributions (every contribution \
            with --full) as CSV or JSON Lines, in rank order.

            Examples:
              tilsyn explain --model model.json --data register.csv --id P1000042 --format html --lang da --out card.html
              tilsyn explain --model model.json --data register.csv --all --format csv --top 3 --out reasons.csv
            """)

    @Option(help: "The fitted model (model.json).") var model: String
    @Option(help: "The register the unit is scored in (CSV).") var data: String
    @Option(help: "The unit to explain (a value of the spec's unit column).") var id: String?
    @Flag(help: "Explain every unit (CSV or JSON Lines).") var all = false
    @Option(help: "json, md or html for one unit; csv or jsonl with --all.") var format: String?
    @Option(help: "Language of Markdown and HTML cards: da or en.") var lang = "da"
    @Option(help: "Where to write (default: standard output).") var out: String?
    @Option(name: .customLong("as-of"), help: "The date the register data describe, YYYY-MM-DD (default: today, UTC).") var asOf: String?
    @Option(help: "List capacity: the cut-off is the score of the unit at this rank.") var cutoffRank = 1000
    @Option(help: "A cut-off probability instead of --cutoff-rank.") var cutoffProbability: Double?
    @Option(help: "Contributions per unit with --all.") var top = 3
    @Flag(help: "Every contribution per unit with --all.") var full = false
    @Option(help: "Where the reader finds the model card (path or URL), named on the card.") var modelCard: String?
    @Option(help: "Seed for the rank tie-break.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        guard (id != nil) != all else { throw ValidationError("Give exactly one of --id UNIT and --all.") }
        guard CardTexts.languages.contains(lang) else { throw ValidationError("--lang must be da or en, not '\(lang)'.") }
        if let asOf, parseISODate(asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not '\(asOf)'.") }
        if let p = cutoffProbability, !(p > 0 && p < 1) { throw ValidationError("--cutoff-probability must lie strictly between 0 and 1, not \(p).") }
        guard cutoffRank >= 1 else { throw ValidationError("--cutoff-rank must be at least 1, not \(cutoffRank).") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1, not \(top).") }
        if let format {
            let allowed = all ? ExplainAllFormat.allCases.map(\.rawValue) : CardFormat.allCases.map(\.rawValue)
            guard allowed.contains(format) else {
                throw ValidationError("--format must be one of \(allowed.joined(separator: ", "))\(all ? " with --all" : " for one unit"), not '\(format)'.")
            }
        }
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        let threads = self.threads ?? defaultThreadCount
        let asOf = self.asOf ?? todayISO()
        progress.step("reading and scoring \(data)")
        let register = try ScoredRegister.load(model: try ModelInput.read(self.model), register: data, columns: .modelOnly,
                                               seed: seed, threads: threads)
        let model = register.model

        let bytes: [UInt8]
        if let id {
            let row = try Explainer.row(of: id, in: register.scores.units, column: model.spec.unit, table: register.table)
            let cards = DiscloseCard(register: register, renderer: try CardRenderer(), asOf: asOf,
                                     cutoff: cutoffProbability.map { .probability($0) } ?? .rank(cutoffRank),
                                     modelCardLink: modelCard ?? Self.defaultModelCard(model))
            bytes = Array(try cards.render(row: row, format: CardFormat(rawValue: self.format ?? "json") ?? .json, language: lang).utf8)
        } else {
            progress.step("explaining \(register.unitCount) units")
            let format = ExplainAllFormat(rawValue: self.format ?? "csv") ?? .csv
            bytes = try ExplainAllWriter.write(
                explainer: register.explainer, prepared: register.prepared, scores: register.scores, unitColumn: model.spec.unit,
                format: format, top: full ? nil : top, asOf: asOf, threads: threads)
        }
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }

    /// Where a card points for the model card when --model-card is not given.
    static func defaultModelCard(_ model: FittedModel) -> String {
        "Models/\(model.name)-\(model.version).modelcard.html"
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
func todayISO() -> String {
    isoDate(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
}
