import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore

struct MonitorCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json, html }

    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Hit rates, the population estimate, calibration and non-visits from the visits in the store.",
        discussion: """
            Hit rate per channel with Wilson 95 % intervals; the Horvitz–Thompson estimate of the \
            population violation rate from the random arm (and, for contrast, the biased rate among all \
            inspected units); calibration among risk picks; rates by region and by inspector, insufficient \
            below --minimum-visits; overrides and non-visits per week with their reasons.

            Example:
              tilsyn monitor --format html --out overvaagning.html
              tilsyn monitor --lang en --format html --out monitor.html
            """)

    @Option(help: "md, json or html.") var format: Format = .md
    @Option(help: "da or en: the language of md and html (json is the same in both).") var lang: String = "da"
    @Option(help: "Where to write the report (default: standard output).") var out: String?
    @Option(help: "Fewest visits with an outcome for a group's rate to be estimated.") var minimumVisits = 30
    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

    func validate() throws {
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(Abbreviated.text(lang))'.") }
    }

    func run() async throws {
        guard minimumVisits >= 1 else { throw CLIError("--minimum-visits must be 1 or more, not \(minimumVisits).") }
        let report = try await BuildMonitor(store: try StoreAccess.existing(db), minimumVisits: minimumVisits).run()
        let text: String
        switch format {
        case .md: text = try report.markdown(language: lang)
        case .html: text = try report.html(language: lang)
        case .json: text = String(decoding: try JSONText.encode(report), as: UTF8.self)
        }
        if let out {
            try AtomicFile.write(Array(text.utf8), to: out)
            print("Wrote \(out).")
        } else {
            print(text, terminator: "")
        }
    }
}
