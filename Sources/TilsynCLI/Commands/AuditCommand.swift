import TilsynApplication
import ArgumentParser
import Foundation
import TilsynCore
import TilsynIO
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
    @Option(help: "Also write the head (hash, entry, time) to this file, for the board's minutes.") var headFile: String?

    /// What the check cannot show, printed with every verdict so "intact" is never read as more than it is.
    static let limits = """
        What this check cannot detect: anyone who can write the store file can rewrite the whole log and \
        every row consistently (the chain holds no secret), so only a head noted outside the store (--expect-head) \
        shows that the history up to that head is unchanged; entries cut off after the noted head look like a \
        shorter log. Lists, cards shown and correction requests are guarded by the store's append-only triggers, \
        which the file's owner can drop, and are not compared with their entries.
        """

    func run() async throws {
        let store = try StoreAccess.existing(db)
        let verification = try await store.verifyAuditChain()
        if let broken = verification.firstBroken {
            throw AuditBrokenError(db: db, broken: broken)
        }
        var expected: AuditEntry? = nil
        if let expectHead {
            guard let entry = try await store.auditEntry(hash: expectHead.lowercased()) else {
                throw ExpectedHeadError(db: db, hash: expectHead)
            }
            expected = entry
        }
        let backing = try await store.verifyRowBacking()
        guard backing.isBacked else { throw RowsUnbackedError(db: db, backing: backing) }
        print("Audit log intact: \(verification.entries) entries.")
        if let entry = expected {
            print("It still contains entry \(entry.id) with hash \(entry.hash), and \(verification.entries - Int(entry.id)) entries after it.")
        }
        print(Self.backingLine(backing))
        print(Self.limits)
        if let head = verification.head, let last = try await store.auditEntries(last: 1).last {
            if let headFile {
                let text = "Tilsyn audit log head\nstore: \(db)\nentry: \(last.id)\nat: \(last.at)\nhead: \(head)\nverified: \(ISOTime.text(Date()))\ncheck: tilsyn audit verify --db \(db) --expect-head \(head)\n"
                try AtomicFile.write(string: text, to: headFile)
            }
            print("Head: \(head)")
        }
    }

    static func backingLine(_ b: RowBacking) -> String {
        func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        let legacy = b.legacy == 0 ? "" : " (\(n(b.legacy, "row is", "rows are")) from before entries carried row digests: their entries show they were recorded through the store, not that they are unchanged)"
        return "Every row is backed by its audit entry: \(n(b.approvals, "approval", "approvals")), \(n(b.tokens, "role token", "role tokens")), \(n(b.accessCodes, "access code", "access codes")), \(n(b.lists, "issued list", "issued lists"))\(legacy)."
    }
}

/// Rows of the approval, token or access-code tables that no audit entry vouches for.
struct RowsUnbackedError: Error, CustomStringConvertible {
    var db: String
    var backing: RowBacking
    var description: String {
        let shown = backing.unbacked.map { "\($0.table) \(DisplayText.escaped($0.key)) \($0.reason)" }.joined(separator: "; ")
        let more = backing.unbackedCount > backing.unbacked.count ? "; and \(backing.unbackedCount - backing.unbacked.count) more" : ""
        return "the audit log in \(db) is intact, but \(backing.unbackedCount) row\(backing.unbackedCount == 1 ? " was" : "s were") written or changed past it: \(shown)\(more). Such rows are used by `list` and `serve`; remove them or restore the store from a backup."
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
