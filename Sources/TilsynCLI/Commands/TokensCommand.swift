import ArgumentParser
import TilsynApplication
import Foundation
import TilsynCore
import TilsynStore

extension Role: ExpressibleByArgument {}

struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Issue, list and revoke the role tokens inspectors and the board use with `tilsyn serve`.",
        subcommands: [TokensIssueCommand.self, TokensListCommand.self, TokensRevokeCommand.self])
}

struct TokensIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a role token and print its secret, once.",
        discussion: """
            The secret (tilsyn_ and 64 hex digits, 256 random bits) goes to standard output and nowhere \
            else; the store keeps its SHA-256 only, so a lost token is revoked and replaced, never \
            recovered. Everything else is said on standard error, so TOKEN=$(tilsyn tokens issue …) \
            captures just the secret. --expires DATE makes the token stop working at the start of that day \
            (UTC); a full ISO 8601 time is taken as given. Issuing is audited.

            Example:
              tilsyn tokens issue --role board --name "A. Jensen (chair)" --expires 2027-03-01
            """)

    @Option(help: "inspector or board.") var role: Role
    @Option(help: "Whose token it is (shown in `tokens list` and the audit log).") var name: String
    @Option(help: "When it stops working: YYYY-MM-DD (start of that day, UTC) or an ISO 8601 time.") var expires: String?
    @Option(help: "The store (SQLite file); created if missing.") var db: String = TilsynDatabase.defaultPath

    func run() async throws {
        let expiry = try expires.map { text in
            guard let date = ISOTime.parse(text) else { throw CLIError("--expires must be an ISO 8601 date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ), not '\(Abbreviated.text(text))'.") }
            return date
        }
        let store = try TilsynDatabase(path: db)
        let issued = try await store.issueToken(role: role, name: name, expires: expiry, actor: CLIActor.current, at: Date())
        let validity = issued.record.expires.map { "until \(ISOTime.dayOrTime($0))" } ?? "without expiry"
        FileHandle.standardError.write(Data("""
            Issued \(role.rawValue) token \(issued.id) for \(DisplayText.escaped(issued.record.name)), valid \(validity). The secret below is shown \
            once; \(db) keeps only its SHA-256. Revoke it with `tilsyn tokens revoke --id \(issued.id)`.

            """.utf8))
        print(issued.secret)
    }
}

struct TokensListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every role token (never its secret or hash).")

    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

    func run() async throws {
        let tokens = try await StoreAccess.existing(db).tokens()
        guard !tokens.isEmpty else {
            print("No role tokens in \(db).")
            return
        }
        let now = Date()
        var table = TextTable(["id", "role", "name", "created", "expires", "status"], rightAligned: [0])
        for t in tokens {
            let status = t.revoked.map { "revoked \(ISOTime.text($0))" } ?? (t.isActive(at: now) ? "active" : "expired")
            table.add([String(t.id), t.role.rawValue, t.name, ISOTime.text(t.created), t.expires.map(ISOTime.dayOrTime) ?? "never", status])
        }
        print(table.render(indent: ""))
    }
}

struct TokensRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a role token; it is refused from now on.")

    @Option(help: "The token's id (see `tilsyn tokens list`).") var id: Int64
    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath

    func run() async throws {
        let now = Date()
        let store = try StoreAccess.existing(db)
        let wasRevoked = try await store.tokens().first { $0.id == id }?.isRevoked ?? false
        let token = try await store.revokeToken(id: id, actor: CLIActor.current, at: now)
        if !wasRevoked {
            print("Revoked \(token.role.rawValue) token \(token.id) (\(DisplayText.escaped(token.name))) at \(ISOTime.text(now)).")
        } else {
            print("Token \(token.id) (\(DisplayText.escaped(token.name))) was already revoked at \(token.revoked.map(ISOTime.text) ?? "?"); nothing changed.")
        }
    }
}
