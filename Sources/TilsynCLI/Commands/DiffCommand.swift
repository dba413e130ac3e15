import TilsynApplication
import ArgumentParser
import TilsynCore
import TilsynIO
import TilsynReports

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two model versions, for the model card's change log.",
        discussion: """
            Features and columns added or removed, coefficients whose change exceeds the larger half-width of \
            their two 95% intervals, encoding changes (reference levels, levels, bins, transforms), fit \
            statistics and training windows. Both files are verified against their fingerprints. The \
            Markdown is in Danish unless --lang en.

            Example:
              tilsyn diff --from model-2025.json --to model-2026.json --format md --lang en --out CHANGES.md
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

    @Option(help: "The older model (JSON).") var from: String
    @Option(help: "The newer model (JSON).") var to: String
    @Option(help: "The older model's validation report (JSON); with --to-validation.") var fromValidation: String?
    @Option(help: "The newer model's validation report (JSON).") var toValidation: String?
    @Option(help: "The older model's fairness report (JSON); with --to-fairness.") var fromFairness: String?
    @Option(help: "The newer model's fairness report (JSON).") var toFairness: String?
    @Option(help: "md or json.") var format: Format = .md
    @Option(help: "da or en: the language of md (json is the same in both).") var lang: String = "da"
    @Option(help: "Where to write the diff (default: standard output).") var out: String?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(Abbreviated.text(lang))'.") }
        if (fromValidation == nil) != (toValidation == nil) { throw ValidationError("give both --from-validation and --to-validation, or neither.") }
        if (fromFairness == nil) != (toFairness == nil) { throw ValidationError("give both --from-fairness and --to-fairness, or neither.") }
    }

    func run() throws {
        var diff = ModelDiff(from: try Inputs.model(from), to: try Inputs.model(to))
        if let fromValidation, let toValidation {
            diff.compare(validation: try Inputs.json(ValidationReport.self, fromValidation), try Inputs.json(ValidationReport.self, toValidation))
        }
        if let fromFairness, let toFairness {
            diff.compare(fairness: try Inputs.json(FairnessReport.self, fromFairness), try Inputs.json(FairnessReport.self, toFairness))
        }
        let bytes: [UInt8] = switch format {
        case .json: Array(try JSONOutput.encode(diff))
        case .md: Array(try diff.markdown(language: lang).utf8)
        }
        try ReportOutput.emit(bytes, to: out, progress: Progress(quiet: quiet))
    }
}
