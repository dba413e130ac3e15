import TilsynApplication
import ArgumentParser
import Foundation
import TilsynStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check or show the store's append-only, hash-chained audit log.",
        discussion: """
            Every change to the store (a model registered, a board decision, a list recorded, an access code \
            or role token issued or revoked, a card revealed, a failed card lookup, a correction request and \
            its status changes) appends an entry in the same transaction. Each entry carries the SHA-256 of \
            its contents and of the entry before it, so an edited, removed or inserted entry breaks the \
            chain where it happened.
            """,
        subcommands: [AuditVerifyCommand.self, AuditShowCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit chain and name the first broken entry.",
        discussion: """
            Prints "Audit log intact: N entries." and the last entry's hash (exit 0), or names the first entry \
            whose hash does not match its contents or that does not follow the entry before it (exit 1).

            The chain cannot show entries cut off its end. Note the printed head hash outside the store (in \
            the board's minutes, say); --expect-head HASH later fails unless the log still contains that \
            entry.

            Example:
              tilsyn audit verify --db tilsyn.sqlite
            """)

    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath
    @Option(help: "A head hash noted earlier; fail unless the intact log still contains that entry.") var expectHead: String?

    func run() async throws {
        let store = try StoreAccess.existing(db)
        let verification = try await store.verifyAuditChain()
        if let broken = verification.firstBroken {
            throw AuditBrokenError(db: db, broken: broken)
        }
        if let expectHead {
            guard let entry = try await store.auditEntry(hash: expectHead.lowercased()) else {
                throw ExpectedHeadError(db: db, hash: expectHead)
            }
            print("Audit log intact: \(verification.entries) entries.")
            print("It still contains entry \(entry.id) with hash \(entry.hash), and \(verification.entries - Int(entry.id)) entries after it.")
            return
        }
        print("Audit log intact: \(verification.entries) entries.")
        if let head = verification.head { print("Head: \(head)") }
    }
}

struct AuditBrokenError: Error, CustomStringConvertible {
    var db: String
    var broken: AuditBreak
    var description: String { "the audit log in \(db) is broken at entry \(broken.id): \(broken.reason)." }
}

struct ExpectedHeadError: Error, CustomStringConvertible {
    var db: String
    var hash: String
    var description: String { "the audit log in \(db) has no entry with hash \(hash); entries up to it were removed or it belongs to another store." }
}

struct AuditShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the latest audit entries as a table.")

    @Option(help: "The store (SQLite file).") var db: String = TilsynDatabase.defaultPath
    @Option(help: "How many of the latest entries to show.") var last: Int = 20
    @Flag(help: "Print the entries as JSON, hashes included.") var json = false

    func validate() throws {
        if last < 1 { throw ValidationError("--last must be 1 or more, not \(last).") }
    }

    func run() async throws {
        let entries = try await StoreAccess.existing(db).auditEntries(last: last)
        if json {
            FileHandle.standardOutput.write(try JSONOutput.encode(entries))
            return
        }
        guard !entries.isEmpty else {
            print("The audit log in \(db) is empty.")
            return
        }
        var table = TextTable(["id", "at", "actor", "event", "subject", "detail"], rightAligned: [0])
        for e in entries {
            table.add([String(e.id), e.at, e.actor, e.event, e.subject ?? "", Self.clip(e.detail, 70)])
        }
        print(table.render(indent: ""))
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
