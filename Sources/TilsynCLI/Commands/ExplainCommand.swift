import ArgumentParser
import TilsynApplication
import Foundation
import TilsynCore
import TilsynIO
import TilsynNumerics
import TilsynReports

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a unit's score as a card (JSON, Markdown, HTML), or every unit's top reasons.",
        discussion: """
            With --id, writes one unit's explanation card: its probability, rank and percentile among all \
            units in the file, the starting point (the average inspected unit) and each item's exact \
            contribution, value, source and as-of date, how the unit was selected on an issued list \
            (--list LIST.csv with its manifest beside it, or --db with the newest recorded list containing \
            the unit, or --list-id), for a unit chosen by risk what would take it below its region's cut-off \
            (only changes the spec advises, which improve the working environment), how to correct wrong \
            data, whom to contact, and the model version. The baseline plus the contributions always equals \
            the score. Items the spec marks as not disclosable are summed into one line whose name, value \
            and columns are never shown. The card's date is the list's as-of date, else the spec's \
            as_of_column, else --as-of, which is then required: never the day the command runs. With --out, \
            a Markdown or HTML card is written with the method note (METHOD.md) beside it, and links to it.

            With --all, writes every unit's score with its top --top contributions (every contribution \
            with --full) as CSV or JSON Lines, in rank order.

            Examples:
              tilsyn explain --model model.json --data register.csv --id P1000042 --list list.csv --format html --lang da --out card.html
              tilsyn explain --model model.json --data register.csv --all --format csv --top 3 --out reasons.csv
            """)

    @Option(help: "The fitted model (model.json).") var model: String
    @Option(help: "The register the unit is scored in (CSV).") var data: String
    @Option(help: "The unit to explain (a value of the spec's unit column).") var id: String?
    @Flag(help: "Explain every unit (CSV or JSON Lines).") var all = false
    @Option(help: "json, md or html for one unit; csv or jsonl with --all.") var format: String?
    @Option(help: "Language of Markdown and HTML cards: da or en.") var lang = "da"
    @Option(help: "Where to write (default: standard output).") var out: String?
    @Option(name: .customLong("as-of"), help: "The date the register data describe, YYYY-MM-DD; required without --list, --db or a spec as_of_column.") var asOf: String?
    @Option(help: "The issued list the card is about (tilsyn list's CSV, its manifest beside it).") var list: String?
    @Option(help: "A store: the card is about its newest list that contains the unit.") var db: String?
    @Option(name: .customLong("list-id"), help: "With --db: the recorded list the card is about.") var listID: Int64?
    @Option(help: "Where the reader finds the model card (a URL, or a path relative to the card), linked on the card.") var modelCard: String?
    @Option(name: .customLong("method-link"), help: "Where the reader finds the method note (URL or relative path); default: with --out, METHOD.md written beside the card.") var methodLink: String?
    @Option(name: .customLong("correction-link"), help: "The correction form each HTML card line links to, with {lang} and {field} (the item's name) filled in, e.g. /company/correction?lang={lang}&field={field}; default: no such links.") var correctionLink: String?
    @Option(help: "Whom the card names for questions (JSON: name da/en, phone, email, hours); default the built-in contact.") var contact: String?
    @Option(help: "Contributions per unit with --all.") var top = 3
    @Flag(help: "Every contribution per unit with --all.") var full = false
    @Option(help: "Seed for the rank tie-break.") var seed: UInt64 = TieBreak.defaultSeed
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        guard (id != nil) != all else { throw ValidationError("Give exactly one of --id UNIT and --all.") }
        guard CardTexts.languages.contains(lang) else { throw ValidationError("--lang must be da or en, not '\(lang)'.") }
        if let asOf, parseISODate(asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, not '\(asOf)'.") }
        if list != nil && db != nil { throw ValidationError("Give --list LIST.csv or --db FILE, not both.") }
        if listID != nil && db == nil { throw ValidationError("--list-id needs --db, the store that recorded the list.") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1, not \(top).") }
        if let format {
            let allowed = all ? ExplainAllFormat.allCases.map(\.rawValue) : CardFormat.allCases.map(\.rawValue)
            guard allowed.contains(format) else {
                throw ValidationError("--format must be one of \(allowed.joined(separator: ", "))\(all ? " with --all" : " for one unit"), not '\(format)'.")
            }
        }
    }

    /// The lists the card can be about: `--list`, `--db` (with `--list-id`), or none.
    private func cardLists(_ model: FittedModel) throws -> CardLists {
        if let list {
            return .file(try IssuedListInput.read(list: list, unitColumn: model.spec.unit, fingerprint: model.fingerprint))
        } else if let db {
            return .store(try StoreAccess.existing(db), id: listID)
        }
        return .none
    }

    /// `--all`: the register is read (no digest: nothing here names it) and every row's lines and
    /// log-odds are computed in one pass; the ranks come from those log-odds (``ExplainAllWriter``).
    private func explainAll(_ model: FittedModel, threads: Int, progress: Progress) async throws {
        let lists = try cardLists(model)
        guard let asOf = try await lists.asOf(unit: nil) ?? asOf else { throw CLIError(JobError.missing(.asOf, or: .list).sentence(in: CLIPhrasing.words)) }
        progress.step("reading \(data)")
        let table = try CSVReader.read(path: data, columns: try ListColumns.modelOnly.requests(for: model), threads: threads)
        let units = try table.unitIDs(model.spec.unit)
        let explainer = Explainer(model: model)
        let prepared = try model.encoder.prepare(table)
        progress.step("explaining \(table.rowCount) units")
        let format = ExplainAllFormat(rawValue: self.format ?? "csv") ?? .csv
        try ReportOutput.stream(to: out, progress: progress) { emit in
            try ExplainAllWriter.write(
                explainer: explainer, prepared: prepared, units: units, seed: seed, unitColumn: model.spec.unit,
                format: format, top: full ? nil : top, asOf: asOf, threads: threads, emit: emit)
        }
    }

    func run() async throws {
        let progress = Progress(quiet: quiet)
        let threads = self.threads ?? defaultThreadCount
        let input = try ModelInput.read(self.model)
        if all { return try await explainAll(input.model, threads: threads, progress: progress) }
        progress.step("reading and scoring \(data)")
        let register = try ScoredRegister.load(model: input, register: data, columns: .modelOnly, seed: seed, threads: threads)
        let model = register.model
        let lists = try cardLists(model)
        guard let id else { return }
        let row = try Explainer.row(of: id, in: register.scores.units, column: model.spec.unit, table: register.table)
        let format = CardFormat(rawValue: self.format ?? "json") ?? .json
        // A method note is linked only where one is written: beside a card written to a file.
        let method = methodLink ?? (out != nil && format != .json ? Self.methodFile : nil)
        let links = CardLinks(modelCard: modelCard, method: method, contact: try Self.contact(contact), correction: correctionLink)
        let cards = DiscloseCard(register: register, renderer: try CardRenderer(), lists: lists, asOf: asOf, links: links)
        let bytes = Array(try await cards.render(row: row, format: format, language: lang).utf8)
        if let out, methodLink == nil, let method, let note = ExplainResources.text("METHOD.md") {
            let beside = URL(fileURLWithPath: out).deletingLastPathComponent().appendingPathComponent(method).path
            try AtomicFile.write(string: note, to: beside)
        }
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }

    /// The method note's name beside a card written to a file.
    static let methodFile = "METHOD.md"

    /// The contact named on cards: the file given, else the built-in one.
    static func contact(_ path: String?) throws -> CardContact {
        guard let path else { return try CardContact.builtIn() }
        let file = try InputFile.read(path)
        return try CardContact.decode(file.bytes, file: path)
    }

}
