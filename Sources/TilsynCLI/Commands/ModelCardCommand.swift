import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
import TilsynReports

struct ModelCardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modelcard",
        abstract: "Write the model card: a public summary in Danish and English and the technical account the ethics board reviews.",
        discussion: """
            Every coefficient, interval and statistic is copied from model.json (and the validation and fairness \
            JSON when given); Markdown and HTML round them for reading. A feature without a source stops the card; \
            missing recommended fields lower its completeness score and are listed by name.

            Example:
              tilsyn modelcard --model model.json --validation validation.json --fairness fairness.json --format html --lang da --out card.html
            """)

    @Option(help: "The fitted model (JSON).") var model: String
    @Option(help: "A report from tilsyn validate (JSON).") var validation: String?
    @Option(help: "A report from tilsyn fairness on this model (JSON).") var fairness: String?
    @Option(help: "The model version this one replaces (JSON), for the change log.") var previous: String?
    @Option(help: "Who the public contacts about the model.") var contact: String = ModelCard.defaultContact
    @Option(help: "json, md or html.") var format: ReportFormat = .json
    @Option(help: "Language of the Markdown or HTML card: da or en.") var lang: String = "da"
    @Option(help: "Where to write the card (default: standard output).") var out: String?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(lang)'.") }
    }

    func run() throws {
        let progress = Progress(quiet: quiet)
        let fitted = try Inputs.model(model)
        let validationReport = try validation.map { try Inputs.json(ValidationReport.self, $0) }
        let fairnessReport = try fairness.map { try Inputs.json(FairnessReport.self, $0) }
        let card = try ModelCard.build(model: fitted, validation: validationReport, fairness: fairnessReport,
                                       previous: try previous.map(Inputs.model), contact: contact, toolVersion: Tilsyn.configuration.version)
        let bytes: [UInt8] = switch format {
        case .json: Array(try JSONOutput.encode(card))
        case .md: Array(try card.markdown(language: lang).utf8)
        case .html: Array(try card.html(language: lang).utf8)
        }
        try ReportOutput.emit(bytes, to: out, progress: progress)
    }
}
