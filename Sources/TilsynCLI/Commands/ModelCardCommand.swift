import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore

struct ModelCardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modelcard",
        abstract: "Write the model card: a public summary in Danish and English and the technical account the ethics board reviews.",
        discussion: """
            Every coefficient, interval and statistic is copied from model.json (and the validation and fairness \
            and drift JSON when given); Markdown and HTML round them for reading. The approval section shows the \
            board's latest decision on this exact fingerprint from the store (--db, default tilsyn.sqlite in the \
            working directory when it exists); without one the card says the model is not yet approved. A feature without a source stops the card; \
            missing recommended fields lower its completeness score and are listed by name.

            Example:
              tilsyn modelcard --model model.json --validation validation.json --fairness fairness.json \\
                --drift drift.json --format html --lang da --out card.html
            """)

    @Option(help: "The fitted model (JSON).") var model: String
    @Option(help: "A report from tilsyn validate (JSON).") var validation: String?
    @Option(help: "A report from tilsyn fairness on this model (JSON).") var fairness: String?
    @Option(help: "A report from tilsyn drift on this model (JSON).") var drift: String?
    @Option(help: "The model version this one replaces (JSON), for the change log.") var previous: String?
    @Option(help: "The store holding the board's decisions (SQLite file; read only when it exists).") var db: String = TilsynDatabase.defaultPath
    @Option(help: "Who the public contacts about the model.") var contact: String = ModelCard.defaultContact
    @Option(help: "json, md or html.") var format: ReportFormat = .json
    @Option(help: "Language of the Markdown or HTML card: da or en.") var lang: String = "da"
    @Option(help: "Where to write the card (default: standard output).") var out: String?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(lang)'.") }
    }

    func run() async throws {
        let progress = Progress(quiet: quiet)
        let fitted = try ModelInput.read(model).model
        let reports = BuildModelCard.Reports(
            validation: try validation.map { try InputFile.read($0).decode(ValidationReport.self) },
            fairness: try fairness.map { try InputFile.read($0).decode(FairnessReport.self) },
            drift: try drift.map { try InputFile.read($0).decode(DriftReport.self) })
        // Like `tilsyn list`, a missing store is not created: reading a card must not leave an empty registry.
        let store = FileManager.default.fileExists(atPath: db) ? try TilsynDatabase(path: db) : nil
        let card = try await BuildModelCard(store: store).run(model: fitted, reports: reports, previous: try previous.map { try ModelInput.read($0).model },
                                                              contact: contact)
        let bytes: [UInt8] = switch format {
        case .json: Array(try JSONText.encode(card))
        case .md: Array(try card.markdown(language: lang).utf8)
        case .html: Array(try card.html(language: lang).utf8)
        }
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }
}
