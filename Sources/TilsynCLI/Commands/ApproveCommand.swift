import ArgumentParser
import Foundation
import TilsynApplication
import TilsynCore
import TilsynStore

extension ApprovalDecision: ExpressibleByArgument {}

struct ApproveCommand: AsyncParsableCommand {
    /// The environment variable that carries the board token when `--token` is not given.
    static let tokenVariable = "TILSYN_TOKEN"

    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Record the ethics board's decision on a model version in the store, under the name of the board member whose token is given.",
        discussion: """
            A decision is tied to a person: it needs a board role token (issued with `tilsyn tokens issue \
            --role board --name NAME` in the same store), given with --token or, better, in the environment \
            variable TILSYN_TOKEN (a command-line argument can be seen by other users of the machine). The \
            decision and its audit-log entry record the token holder's name, and the entry the token's id; \
            there is no option to type who decided (--by is refused). Without a token, or with an unknown, \
            revoked, expired or non-board token, nothing is recorded and the exit code is 1.

            Verifies the model file against its fingerprint (an edited model.json is refused), registers \
            the model in the store and appends the decision, bound to that fingerprint, with its audit-log \
            entry (see `tilsyn audit`). Decisions are never \
            changed or deleted: the latest one counts, so a rejection after an approval revokes it, and a \
            changed model has a new fingerprint and needs its own approval. `tilsyn list` refuses a model \
            whose latest decision is not `approved`.

            Example:
              export TILSYN_TOKEN=$(tilsyn tokens issue --role board --name "A. Jensen (chair)")
              tilsyn approve --model model.json --decision approved --note "minutes 2026-03, item 4"
            """)

    @Option(help: "The fitted model (model.json).") var model: String
    @Option(help: ArgumentHelp("The board token's secret (default: $TILSYN_TOKEN, which keeps it out of the process list).", valueName: "secret"))
    var token: String?
    /// Kept only to refuse it with a sentence: who decided is the token's holder, never typed text.
    @Option(help: .hidden) var by: String?
    @Option(help: "approved or rejected.") var decision: ApprovalDecision
    @Option(help: "The minutes or case reference, and why.") var note: String
    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

    func validate() throws {
        if by != nil {
            throw ValidationError("--by is no longer accepted: a decision is recorded under the name of the board token's holder; give the token with --token or \(Self.tokenVariable).")
        }
    }

    func run() async throws {
        let fitted = try ModelInput.read(model).model
        let secret = token ?? ProcessInfo.processInfo.environment[Self.tokenVariable]
        // A token is needed before the store is created: a refused decision leaves no new file behind.
        guard let secret, !secret.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw JobError.boardTokenMissing }
        let store = try StoreAccess.existing(db)
        let record = try await RecordDecision(store: store).run(model: fitted, decision: decision, token: secret, note: note, at: Date())
        print("Recorded in \(db): model '\(fitted.name)' \(fitted.version) (fingerprint \(fitted.fingerprint.prefix(16))) \(record.decision.rawValue) by \(DisplayText.escaped(record.decidedBy)) at \(ISOTime.text(record.decidedAt)).")
        // The decision's own entry is the log's head now: noted in the minutes, it lets
        // `audit verify --expect-head` show later that nothing up to this decision was cut off or rewritten.
        if let head = try await store.auditEntries(last: 1).last {
            print("Audit log head after this decision: \(head.hash) (entry \(head.id)). Put it in the minutes; `tilsyn audit verify --expect-head \(head.hash)` later shows the log still reaches it.")
        }
    }
}
