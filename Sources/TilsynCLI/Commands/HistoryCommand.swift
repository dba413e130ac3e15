import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynStore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Export the inspection history recorded in the store.", subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the next training history (the format `tilsyn fit` reads) from the store.",
            discussion: """
                One row per visit with an outcome: the unit's model columns as they were when the list was \
                issued, the visit date, violation_found, channel, inclusion_probability, inspector, the \
                model fingerprint, list id, score at selection and reactions. Manual visits and visits \
                without an outcome are left out and counted.

                Example:
                  tilsyn history export --out history.csv
                  tilsyn fit --spec Models/grundtilsyn.spec.json --data history.csv --out model.json
                """)

        @Option(help: "Where to write the history (CSV).") var out: String
        @Option(help: "A spec naming the unit, date and label columns (default: the spec of the latest list's model in the store).") var spec: String?
        @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

        func run() async throws {
            let store = try StoreAccess.existing(db)
            let given = try spec.map { try Inputs.spec($0) }
            let exported = try await ExportHistory(store: store).run(spec: given)
            try AtomicFile.write(exported.csv, to: out)
            var notes: [String] = []
            if exported.manualLeftOut > 0 { notes.append("\(exported.manualLeftOut) manual \(exported.manualLeftOut == 1 ? "visit" : "visits") (no design selected them)") }
            if exported.withoutOutcome > 0 { notes.append("\(exported.withoutOutcome) \(exported.withoutOutcome == 1 ? "visit" : "visits") without an outcome") }
            if exported.withoutSnapshot > 0 { notes.append("\(exported.withoutSnapshot) from lists recorded before features were kept") }
            print("Wrote \(out): \(exported.rows) \(exported.rows == 1 ? "visit" : "visits") (columns named by \(exported.specFrom))" + (notes.isEmpty ? "." : "; left out: " + notes.joined(separator: ", ") + "."))
        }
    }
}
