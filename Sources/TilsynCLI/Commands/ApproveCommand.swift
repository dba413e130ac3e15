import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynStore

extension ApprovalDecision: ExpressibleByArgument {}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Record the ethics board's decision on a model version in the store.",
        discussion: """
            Verifies the model file against its fingerprint (an edited model.json is refused), registers \
            the model in the store and appends the decision, bound to that fingerprint, with its audit-log \
            entry (see `tilsyn audit`). Decisions are never \
            changed or deleted: the latest one counts, so a rejection after an approval revokes it, and a \
            changed model has a new fingerprint and needs its own approval. `tilsyn list` refuses a model \
            whose latest decision is not `approved`.

            Example:
              tilsyn approve --model model.json --by "Ethics board (chair A. Jensen)" --decision approved \\
                --note "minutes 2026-03, item 4"
            """)

    @Option(help: "The fitted model (model.json).") var model: String
    @Option(help: "Who decided: the board and its chair.") var by: String
    @Option(help: "approved or rejected.") var decision: ApprovalDecision
    @Option(help: "The minutes or case reference, and why.") var note: String
    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

    func run() async throws {
        let fitted = try ModelInput.read(model).model
        let store = try TilsynDatabase(path: db)
        let record = try await RecordDecision(store: store).run(model: fitted, decision: decision, by: by, note: note, at: Date())
        print("Recorded in \(db): model '\(fitted.name)' \(fitted.version) (fingerprint \(fitted.fingerprint.prefix(16))) \(record.decision.rawValue) by \(DisplayText.escaped(record.decidedBy)) at \(ISOTime.text(record.decidedAt)).")
        // The decision's own entry is the log's head now: noted in the minutes, it lets
        // `audit verify --expect-head` show later that nothing up to this decision was cut off or rewritten.
        if let head = try await store.auditEntries(last: 1).last {
            print("Audit log head after this decision: \(head.hash) (entry \(head.id)). Put it in the minutes; `tilsyn audit verify --expect-head \(head.hash)` later shows the log still reaches it.")
        }
    }
}
