import ArgumentParser
import Foundation
import TilsynCore
import TilsynStore

struct CorrectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corrections",
        abstract: "Act on companies' correction requests in the store.",
        subcommands: [CorrectionsEraseCommand.self])
}

struct CorrectionsEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a correction request's texts (field, claimed value, message, contact).",
        discussion: """
            For a company's (or a person's) request to have their words forgotten. The request's existence, \
            unit, dates and status history stay, and the erasure is audited (`correction.erased`, with the \
            request's id only). The audit log never holds a request's texts, except the `field` of requests \
            recorded by versions before 2026-12: those entries cannot be changed without breaking the chain.

            Example:
              tilsyn corrections erase --id 12 --by "B. Holm (DPO)"
            """)

    @Option(help: "The correction request's id.") var id: Int64
    @Option(help: "Who erases it, for the audit log.") var by: String
    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

    func run() async throws {
        let store = try StoreAccess.existing(db)
        if try await store.eraseCorrection(id: id, by: by, at: Date()) {
            print("Erased the texts of correction request \(id) in \(db); its status history and audit entries remain.")
        } else {
            print("Correction request \(id)'s texts were already erased; nothing changed.")
        }
    }
}
