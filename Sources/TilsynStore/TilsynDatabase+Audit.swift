import Foundation
import GRDB

extension TilsynDatabase {
    /// Appends an entry to the audit log inside the caller's write transaction.
    ///
    /// Every store method that changes something calls this in the same transaction as the change, so the
    /// change and its entry are committed together or not at all: there is no recorded list without its
    /// entry and no entry for a list that was rolled back. The id and both hashes are assigned here from
    /// the current last entry; writes are serialised (one writer connection, `IMMEDIATE` transactions
    /// across processes), so the last entry cannot move underneath.
    ///
    /// NUL characters in the draft are replaced by U+FFFD before hashing (see ``AuditChain``).
    /// - Parameters:
    ///   - draft: the event; its `at` is ISO 8601 text written by ``StoreTime``.
    ///   - db: a connection inside a write transaction.
    /// - Returns: the stored entry with its id and hashes.
    /// - Throws: ``StoreError/invalidField(field:reason:)`` for an empty actor or event; database errors.
    @discardableResult
    static func appendAudit(_ draft: AuditEntryDraft, in db: Database) throws -> AuditEntry {
        let at = AuditChain.storable(draft.at)
        let actor = AuditChain.storable(try FieldCheck.required(draft.actor, field: "actor", limit: 500))
        let event = AuditChain.storable(try FieldCheck.required(draft.event, field: "event", limit: 100))
        let subject = draft.subject.map(AuditChain.storable)
        let detail = AuditChain.storable(draft.detail)
        // Statements prepared once per connection: every card's record runs these two.
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"))
        let id: Int64 = (last?["id"] as Int64? ?? 0) + 1
        let prevHash: String = last?["hash"] ?? AuditChain.genesis
        let hash = AuditChain.hash(id: id, at: at, actor: actor, event: event, subject: subject, detail: detail, prevHash: prevHash)
        let entry = AuditEntry(id: id, at: at, actor: actor, event: event, subject: subject, detail: detail, prevHash: prevHash, hash: hash)
        try db.cachedStatement(sql: "INSERT INTO audit_log (id, at, actor, event, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [id, at, actor, event, subject, detail, prevHash, hash])
        return entry
    }

    /// Appends one entry in its own transaction: for events that change nothing else (a sign-in, an
    /// export, a note), which callers outside the store want on the record.
    /// - Parameters:
    ///   - event: `area.verb`, see ``AuditEvent``.
    ///   - actor: who acted.
    ///   - subject: `kind:key`, or `nil`.
    ///   - detail: particulars; never a secret.
    ///   - at: the time.
    /// - Returns: the stored entry.
    @discardableResult
    public func audit(event: String, actor: String, subject: String?, detail: String, at: Date) async throws -> AuditEntry {
        let at = StoreTime.text(at)
        return try await writer.write { db in
            try Self.appendAudit(AuditEntryDraft(at: at, actor: actor, event: event, subject: subject, detail: detail), in: db)
        }
    }

    /// Reads the whole log in id order and checks every link of the chain.
    ///
    /// For each entry, in order: its hash must equal the SHA-256 of its contents (else it was edited), and
    /// its `prev_hash` must equal the hash of the entry read before it, or 64 zeros for the first (else
    /// an entry was removed, inserted or reordered). The first entry failing either check is reported.
    /// The check reads one consistent snapshot, so it may run while others write.
    ///
    /// What the chain cannot show is entries cut off its end; compare ``AuditVerification/head`` with
    /// a value kept outside the store for that.
    public func verifyAuditChain() async throws -> AuditVerification {
        try await writer.read { db in
            var count = 0
            var previous: (id: Int64, hash: String)?
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.auditColumns) FROM audit_log ORDER BY id")
            while let row = try cursor.next() {
                let entry = Self.auditEntry(row)
                count += 1
                if AuditChain.expectedHash(of: entry) != entry.hash {
                    return AuditVerification(entries: count, firstBroken: AuditBreak(id: entry.id, reason: "entry \(entry.id)'s hash does not match its contents"), head: nil)
                }
                if let previous {
                    if entry.prevHash != previous.hash {
                        let gap = entry.id > previous.id + 1
                            ? (entry.id == previous.id + 2 ? " (entry \(previous.id + 1) is missing)" : " (entries \(previous.id + 1) to \(entry.id - 1) are missing)")
                            : ""
                        return AuditVerification(entries: count, firstBroken: AuditBreak(id: entry.id, reason: "entry \(entry.id) does not follow entry \(previous.id)'s hash\(gap)"), head: nil)
                    }
                    if entry.id != previous.id + 1 {
                        return AuditVerification(entries: count, firstBroken: AuditBreak(id: entry.id, reason: "entry \(entry.id) follows entry \(previous.id) but its id is not \(previous.id + 1)"), head: nil)
                    }
                } else if entry.prevHash != AuditChain.genesis || entry.id != 1 {
                    let missing = entry.id > 1 ? " (entries before it are missing)" : ""
                    return AuditVerification(entries: count, firstBroken: AuditBreak(id: entry.id, reason: "entry \(entry.id) is the first in the log but does not start the chain\(missing)"), head: nil)
                }
                previous = (entry.id, entry.hash)
            }
            return AuditVerification(entries: count, firstBroken: nil, head: previous?.hash)
        }
    }

    /// The last `limit` entries (all when `nil`), oldest first.
    public func auditEntries(last limit: Int? = nil) async throws -> [AuditEntry] {
        try await writer.read { db in
            if let limit {
                return try Row.fetchAll(db, sql: "SELECT \(Self.auditColumns) FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)])
                    .map(Self.auditEntry).reversed()
            }
            return try Row.fetchAll(db, sql: "SELECT \(Self.auditColumns) FROM audit_log ORDER BY id").map(Self.auditEntry)
        }
    }

    static let auditColumns = "id, at, actor, event, subject, detail, prev_hash, hash"

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(id: row["id"], at: row["at"], actor: row["actor"], event: row["event"], subject: row["subject"],
                   detail: row["detail"], prevHash: row["prev_hash"], hash: row["hash"])
    }

    /// The entries about one subject (`unit:P000123`, `list:4`, …), oldest first.
    public func auditEntries(subject: String) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.auditColumns) FROM audit_log WHERE subject = ? ORDER BY id", arguments: [subject]).map(Self.auditEntry)
        }
    }
}

extension TilsynDatabase {
    /// The entry with this hash, if the log has one.
    public func auditEntry(hash: String) async throws -> AuditEntry? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.auditColumns) FROM audit_log WHERE hash = ?", arguments: [hash]).map(Self.auditEntry)
        }
    }
}
