import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynStore

struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes", abstract: "Record what visits found.", subcommands: [Record.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record each visit's outcome (violation found, reactions) for a list in the store.",
            discussion: """
                The file is a CSV with columns unit, violation_found (0 or 1), reactions (strakspåbud, \
                påbud, forbud, vejledning or none; several separated by ';'), date and inspector. Each \
                outcome is linked to its list row, so it keeps the channel, inclusion probability, model \
                and score at selection; it needs a recorded visit and is recorded once.

                Example:
                  tilsyn outcomes record --list 3 --data week47-outcomes.csv
                """)

        @Option(help: "The id of the issued list.") var list: Int64
        @Option(help: "The outcomes (CSV: unit,violation_found,reactions,date,inspector).") var data: String
        @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

        func run() async throws {
            let store = try StoreAccess.existing(db)
            let n = try await RecordOutcomes(store: store).run(listID: list, input: try InputFile.read(data), recordedBy: CLIActor.current, at: Date())
            print("Recorded \(n) \(n == 1 ? "outcome" : "outcomes") on list \(list) in \(db).")
        }
    }
}
