import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynStore

struct VisitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visits", abstract: "Record inspectors' decisions on an issued list.", subcommands: [Record.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record visited / not_visited / deferred decisions and manual rows for a list in the store.",
            discussion: """
                The file is a CSV with columns unit, status, reason, date, inspector and optionally text. \
                status is visited, not_visited (reason closed, moved, not_found, capacity or other; other \
                needs text), deferred, or manual for a unit swapped in or added (text says why). Every \
                decision gets its audit-log entry; the whole file is recorded or none of it. A unit not on \
                the list, a second decision for a unit, an unknown list or a missing reason is refused.

                Example:
                  tilsyn visits record --list 3 --data week47-visits.csv
                """)

        @Option(help: "The id of the issued list (see `tilsyn audit`).") var list: Int64
        @Option(help: "The decisions (CSV: unit,status,reason,date,inspector[,text]).") var data: String
        @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

        func run() async throws {
            let store = try StoreAccess.existing(db)
            let n = try await RecordVisits(store: store).run(listID: list, input: try InputFile.read(data), recordedBy: CLIActor.current, at: Date())
            print("Recorded \(n) \(n == 1 ? "decision" : "decisions") on list \(list) in \(db).")
        }
    }
}
