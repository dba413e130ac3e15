import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The yearly account for the political level, from the store: models, lists, visits, estimates, corrections, the audit head.",
        discussion: """
            For one calendar year: the models that made lists and the board's decisions on them; the lists \
            issued (by as-of date) and the shares of their places filled by risk and by random audit; what \
            the inspectors decided (visited, not visited with reasons, deferred, added by hand with reasons); \
            hit rates per channel, the Horvitz–Thompson estimate of the population violation rate, and the \
            rates by region and inspector, with 95 % intervals — the same computations as `tilsyn monitor`, \
            over the year's lists; fairness verdicts from the reports given with --fairness (the store does \
            not keep them); correction requests received in the year, how many were decided and how long \
            that took; and the audit chain, verified, with its head and the year's last entry. Danish or \
            English, Markdown, printable HTML (A4) or JSON.

            Example:
              tilsyn report --year 2026 --lang da --format html --out aarsberetning-2026.html
              tilsyn report --year 2026 --format json --fairness fairness.json --out yearly-2026.json
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json }

    @Option(help: "The calendar year (e.g. 2026).") var year: Int
    @Option(help: "da or en.") var lang: String = "da"
    @Option(help: "md, html or json.") var format: Format = .md
    @Option(help: "Where to write the account (default: standard output).") var out: String?
    @Option(help: "A fairness report (JSON from `tilsyn fairness`) whose verdicts the account shows; repeat for more.") var fairness: [String] = []
    @Option(help: "Fewest visits with an outcome for a group's rate to be estimated.") var minimumVisits = 30
    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

    func validate() throws {
        guard (2000...2200).contains(year) else { throw ValidationError("--year must be a calendar year from 2000 to 2200, not \(year).") }
        guard lang == "da" || lang == "en" else { throw ValidationError("--lang must be da or en, not '\(Abbreviated.text(lang))'.") }
        guard minimumVisits >= 1 else { throw ValidationError("--minimum-visits must be 1 or more, not \(minimumVisits).") }
    }

    func run() async throws {
        let store = try StoreAccess.existing(db)
        let reports = try fairness.map { path in (file: (path as NSString).lastPathComponent, report: try InputFile.read(path).decode(FairnessReport.self)) }
        let account = try await BuildYearlyAccount(store: store, minimumVisits: minimumVisits)
            .run(year: year, storeName: (db as NSString).lastPathComponent, fairness: reports, now: Date())
        let text: String = switch format {
        case .md: try account.markdown(language: lang)
        case .html: try account.html(language: lang)
        case .json: String(decoding: try JSONText.encode(account), as: UTF8.self)
        }
        if let out {
            try AtomicFile.write(Array(text.utf8), to: out)
            print("Wrote \(out).")
        } else {
            print(text, terminator: "")
        }
    }
}
