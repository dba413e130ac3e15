import Foundation
import GRDB
import TilsynCore

/// A `codes issue` run as the store tracks it: staged, its file written, then activated.
public struct CodeBatchRecord: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var actor: String
    public var startedAt: String
    /// Where the run writes the plain codes.
    public var out: String
    public var units: Int
    /// The SHA-256 of the codes file, set once it is on disk; only then may the codes become active.
    public var fileSHA256: String?
    public var activatedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, actor, out, units
        case startedAt = "started_at"
        case fileSHA256 = "file_sha256"
        case activatedAt = "activated_at"
    }
}

extension TilsynDatabase {
    /// The longest a long write (issuing 300,000 codes, say) holds the write lock at a time.
    ///
    /// Such writes go in slices, each its own `IMMEDIATE` transaction that stops taking work once this
    /// much time has passed, so `tilsyn serve`'s writes (a card shown, a failed lookup) wait a fraction
    /// of a second between two slices instead of the whole run — and never hit the 5-second busy timeout.
    public static let writeSlice: Duration = .milliseconds(100)

    /// The pause between two slices, drawn afresh each time from this range.
    ///
    /// Releasing the lock is not enough: a writer that takes it again at once wins every time, since
    /// SQLite's busy handler in the other process sleeps (up to 100 ms) before it retries. A pause
    /// gives the waiter its turn, and a random length keeps the two from falling into step, where
    /// every retry would land inside a slice.
    public static let slicePause: ClosedRange<Int> = 40...80

    /// Runs `step` in one write transaction after another until it reports it is done.
    ///
    /// `step` gets the connection and the slice's deadline; it does as much as it can before the
    /// deadline (at least one unit of work) and returns `true` when nothing is left. Each slice is
    /// committed whole or not at all; the audit chain stays one chain, as every entry is appended
    /// against the latest one at the time of its slice.
    func inSlices(_ step: (Database, ContinuousClock.Instant) throws -> Bool) throws {
        var done = false
        while !done {
            done = try writer.write { db in try step(db, ContinuousClock.now + Self.writeSlice) }
            if !done { usleep(useconds_t(Int.random(in: Self.slicePause) * 1000)) }
        }
    }

    /// Stages new access codes for `units` without activating them: step 1 of issuing codes.
    ///
    /// The salted hashes go to `access_code_pending` under a new `code_batch`, in slices (see
    /// ``writeSlice``); no unit's current code changes. The caller writes the returned codes to their
    /// file, records that with ``markCodeBatchWritten(_:fileSHA256:)`` and then calls
    /// ``activateCodeBatch(_:at:)``. A crash before that leaves every old code working and only
    /// pending hashes, which ``discardCodeBatch(_:)`` removes.
    /// - Parameters:
    ///   - units: unit ids (see ``UnitID``), each at most once.
    ///   - out: where the plain codes will be written, for the record.
    /// - Returns: the batch id and one code per unit, in the order given.
    /// - Throws: ``StoreError/invalidField(field:reason:)`` for an empty, repeated or invalid unit id.
    public func stageAccessCodes(units: [String], actor: String = "tilsyn", out: String, at: String) throws -> (batch: Int64, codes: [IssuedAccessCode]) {
        _ = try StoreTime.checked(at, field: "at")
        try Self.checkUnits(units)
        var codes: [IssuedAccessCode] = []
        codes.reserveCapacity(units.count)
        var pending: [(unit: String, salt: String, hash: String)] = []
        pending.reserveCapacity(units.count)
        for unit in units {
            let code = AccessCodeFormat.generate()
            guard let normalised = AccessCodeFormat.normalise(code) else { preconditionFailure("a generated code reads back") }
            let salt = Secrets.randomBytes(16)
            pending.append((unit, Secrets.hex(salt), AccessCodeFormat.digest(salt: salt, normalised: normalised)))
            codes.append(IssuedAccessCode(unit: unit, code: code))
        }
        let batch: Int64 = try writer.write { db in
            try db.execute(sql: "INSERT INTO code_batch (actor, started_at, out, units) VALUES (?, ?, ?, ?)",
                           arguments: [actor, at, out, units.count])
            return db.lastInsertedRowID
        }
        var next = 0
        try inSlices { db, deadline in
            let insert = try db.cachedStatement(sql: "INSERT INTO access_code_pending (batch_id, unit, salt, hash, position) VALUES (?, ?, ?, ?, ?)")
            repeat {
                guard next < pending.count else { return true }
                let p = pending[next]
                try insert.execute(arguments: [batch, p.unit, p.salt, p.hash, next])
                next += 1
            } while ContinuousClock.now < deadline
            return next >= pending.count
        }
        return (batch, codes)
    }

    /// Records that the batch's codes file is on disk (flushed and renamed into place): from now on
    /// its codes may be activated, and an interrupted activation is finished rather than discarded.
    public func markCodeBatchWritten(_ batch: Int64, fileSHA256: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE code_batch SET file_sha256 = ? WHERE id = ? AND file_sha256 IS NULL", arguments: [fileSHA256, batch])
        }
    }

    /// Makes a written batch's codes the units' current codes: step 2 of issuing codes.
    ///
    /// In slices (see ``writeSlice``): each moves some units from `access_code_pending` into
    /// `access_code`, replacing their old codes, with one `code.issued` entry per unit (detail: whether
    /// it replaced a code, and the new row's digest, see ``RowDigest``) in the same transaction. Running
    /// it again after a crash finishes the units left.
    /// - Returns: how many units were activated by this call.
    /// - Throws: ``StoreError/invalidField(field:reason:)`` when the batch's file was never recorded as written.
    @discardableResult
    public func activateCodeBatch(_ batch: Int64, at: String) throws -> Int {
        _ = try StoreTime.checked(at, field: "at")
        guard let record = try codeBatch(batch) else { throw StoreError.notFound(kind: "code batch", id: batch) }
        guard record.fileSHA256 != nil else {
            throw StoreError.invalidField(field: "code_batch", reason: "batch \(batch)'s codes file was never recorded as written, so its codes must not become active")
        }
        var activated = 0
        try inSlices { db, deadline in
            let next = try db.cachedStatement(sql: "SELECT unit, salt, hash FROM access_code_pending WHERE batch_id = ? ORDER BY position LIMIT 32")
            let exists = try db.cachedStatement(sql: "SELECT 1 FROM access_code WHERE unit = ?")
            let remove = try db.cachedStatement(sql: "DELETE FROM access_code_pending WHERE batch_id = ? AND unit = ?")
            repeat {
                let rows = try Row.fetchAll(next, arguments: [batch])
                if rows.isEmpty {
                    try db.execute(sql: "UPDATE code_batch SET activated_at = ? WHERE id = ?", arguments: [at, batch])
                    return true
                }
                for row in rows {
                    let unit: String = row["unit"]
                    let code = AccessCodeRecord(unit: unit, salt: row["salt"], hash: row["hash"], issuedAt: at)
                    let replaced = try Bool.fetchOne(exists, arguments: [unit]) ?? false
                    try code.insert(db, onConflict: .replace)
                    try Self.appendAudit(AuditEntryDraft(
                        at: at, actor: record.actor, event: AuditEvent.codeIssued, subject: "unit:\(unit)",
                        detail: AuditChain.detail(["replaced": replaced, RowDigest.detailKey: RowDigest.accessCode(code)])), in: db)
                    try remove.execute(arguments: [batch, unit])
                    activated += 1
                    if ContinuousClock.now >= deadline { return false }
                }
            } while ContinuousClock.now < deadline
            return false
        }
        return activated
    }

    /// Removes a batch that was never activated, with its pending hashes; its codes never worked.
    /// - Returns: how many pending codes were removed.
    @discardableResult
    public func discardCodeBatch(_ batch: Int64) throws -> Int {
        var removed = 0
        try inSlices { db, deadline in
            repeat {
                try db.execute(sql: "DELETE FROM access_code_pending WHERE batch_id = ? AND unit IN (SELECT unit FROM access_code_pending WHERE batch_id = ? LIMIT 2000)", arguments: [batch, batch])
                let n = db.changesCount
                removed += n
                if n == 0 {
                    try db.execute(sql: "DELETE FROM code_batch WHERE id = ? AND activated_at IS NULL", arguments: [batch])
                    return true
                }
            } while ContinuousClock.now < deadline
            return false
        }
        return removed
    }

    /// Batches not yet fully activated (an earlier run was killed), oldest first.
    public func unfinishedCodeBatches() throws -> [CodeBatchRecord] {
        try writer.read { db in
            try CodeBatchRecord.fetchAll(db, sql: "SELECT * FROM code_batch WHERE activated_at IS NULL ORDER BY id")
        }
    }

    func codeBatch(_ id: Int64) throws -> CodeBatchRecord? {
        try writer.read { db in try CodeBatchRecord.fetchOne(db, sql: "SELECT * FROM code_batch WHERE id = ?", arguments: [id]) }
    }

    /// Refuses what may not be a unit of a code: an empty, repeated or invalid id (``UnitID``).
    static func checkUnits(_ units: [String]) throws {
        var seen = Set<String>()
        for unit in units {
            if unit.trimmingCharacters(in: .whitespaces).isEmpty {
                throw StoreError.invalidField(field: "unit", reason: "must not be empty")
            }
            if let problem = UnitID.problem(unit) {
                throw StoreError.invalidField(field: "unit", reason: "'\(Abbreviated.text(unit))' is not a unit id: \(problem)")
            }
            if !seen.insert(unit).inserted {
                throw StoreError.invalidField(field: "unit", reason: "'\(Abbreviated.text(unit))' is listed twice; a unit has one code")
            }
        }
    }
}
