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
            statistics and training windows. Both files are verified against their fingerprints.

            Example:
              tilsyn diff --from model-2025.json --to model-2026.json --format md --out CHANGES.md
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

    @Option(help: "The older model (JSON).") var from: String
    @Option(help: "The newer model (JSON).") var to: String
    @Option(help: "md or json.") var format: Format = .md
    @Option(help: "Where to write the diff (default: standard output).") var out: String?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func run() throws {
        let diff = ModelDiff(from: try Inputs.model(from), to: try Inputs.model(to))
        let bytes: [UInt8] = switch format {
        case .json: Array(try JSONOutput.encode(diff))
        case .md: Array(try diff.markdown().utf8)
        }
        try ReportOutput.emit(bytes, to: out, progress: Progress(quiet: quiet))
    }
}
