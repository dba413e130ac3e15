import Foundation
import GRDB
import TilsynCore

/// A `codes issue` run as the store tracks it: staged, its file written, then activated.
public struct CodeBatchRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var actor: String
    public var startedAt: Date
    /// Where the run writes the plain codes.
    public var out: String
    public var units: Int
    /// The SHA-256 of the codes file, set once it is on disk; only then may the codes become active.
    public var fileSHA256: String?
    public var activatedAt: Date?

    public init(id: Int64, actor: String, startedAt: Date, out: String, units: Int, fileSHA256: String?, activatedAt: Date?) {
        self.id = id
        self.actor = actor
        self.startedAt = startedAt
        self.out = out
        self.units = units
        self.fileSHA256 = fileSHA256
        self.activatedAt = activatedAt
    }
}

/// A row of table `code_batch`.
struct CodeBatchRow: Codable, Sendable, FetchableRecord {
    var id: Int64
    var actor: String
    var startedAt: String
    var out: String
    var units: Int
    var fileSHA256: String?
    var activatedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, actor, out, units
        case startedAt = "started_at"
        case fileSHA256 = "file_sha256"
        case activatedAt = "activated_at"
    }

    func value() throws -> CodeBatchRecord {
        CodeBatchRecord(id: id, actor: actor, startedAt: try StoreTime.date(startedAt, field: "code_batch.started_at"), out: out, units: units,
                        fileSHA256: fileSHA256, activatedAt: try activatedAt.map { try StoreTime.date($0, field: "code_batch.activated_at") })
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
    /// against the latest one at the time of its slice. `state` (how far the work has got) is handed
    /// from slice to slice and kept only when its slice commits. The pause between slices suspends the
    /// task rather than blocking a thread.
    /// - Returns: the state after the last slice.
    @discardableResult
    func inSlices<State: Sendable>(
        _ state: State, _ step: @escaping @Sendable (Database, ContinuousClock.Instant, inout State) throws -> Bool
    ) async throws -> State {
        var state = state
        while true {
            let before = state
            let (done, after) = try await writer.write { db in
                var state = before
                let done = try step(db, ContinuousClock.now + Self.writeSlice, &state)
                return (done, state)
            }
            state = after
            if done { return state }
            try await Task.sleep(for: .milliseconds(Int.random(in: Self.slicePause)))
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
    public func stageAccessCodes(units: [String], actor: String = "tilsyn", out: String, at: Date) async throws -> (batch: Int64, codes: [IssuedAccessCode]) {
        let at = StoreTime.text(at)
        try Self.checkUnits(units)
        var codes: [IssuedAccessCode] = []
        codes.reserveCapacity(units.count)
        var pending: [PendingCode] = []
        pending.reserveCapacity(units.count)
        for unit in units {
            let code = AccessCodeFormat.generate()
            guard let normalised = AccessCodeFormat.normalise(code) else { preconditionFailure("a generated code reads back") }
            let salt = Secrets.randomBytes(16)
            pending.append(PendingCode(unit: unit, salt: Secrets.hex(salt), hash: AccessCodeFormat.digest(salt: salt, normalised: normalised)))
            codes.append(IssuedAccessCode(unit: unit, code: code))
        }
        let batch: Int64 = try await writer.write { db in
            try db.execute(sql: "INSERT INTO code_batch (actor, started_at, out, units) VALUES (?, ?, ?, ?)",
                           arguments: [actor, at, out, units.count])
            return db.lastInsertedRowID
        }
        let staged = pending
        try await inSlices(0) { db, deadline, next in
            let insert = try db.cachedStatement(sql: "INSERT INTO access_code_pending (batch_id, unit, salt, hash, position) VALUES (?, ?, ?, ?, ?)")
            repeat {
                guard next < staged.count else { return true }
                let p = staged[next]
                try insert.execute(arguments: [batch, p.unit, p.salt, p.hash, next])
                next += 1
            } while ContinuousClock.now < deadline
            return next >= staged.count
        }
        return (batch, codes)
    }

    /// Records that the batch's codes file is on disk (flushed and renamed into place): from now on
    /// its codes may be activated, and an interrupted activation is finished rather than discarded.
    public func markCodeBatchWritten(_ batch: Int64, fileSHA256: String) async throws {
        try await writer.write { db in
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
    public func activateCodeBatch(_ batch: Int64, at: Date) async throws -> Int {
        let at = StoreTime.text(at)
        guard let record = try await codeBatch(batch) else { throw StoreError.notFound(kind: "code batch", id: batch) }
        guard record.fileSHA256 != nil else {
            throw StoreError.invalidField(field: "code_batch", reason: "batch \(batch)'s codes file was never recorded as written, so its codes must not become active")
        }
        let actor = record.actor
        return try await inSlices(0) { db, deadline, activated in
            // In the primary key's order (batch, unit), which SQLite reads straight from the index. `ORDER BY
            // position` sorted the whole remaining batch for every 32 units: at 300,000 units, 2 units a
            // second on a busy machine, a run of days.
            let next = try db.cachedStatement(sql: "SELECT unit, salt, hash FROM access_code_pending WHERE batch_id = ? ORDER BY unit LIMIT 32")
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
                        at: at, actor: actor, event: AuditEvent.codeIssued, subject: "unit:\(unit)",
                        detail: AuditChain.detail(["replaced": replaced, RowDigest.detailKey: RowDigest.accessCode(code)])), in: db)
                    try remove.execute(arguments: [batch, unit])
                    activated += 1
                    if ContinuousClock.now >= deadline { return false }
                }
            } while ContinuousClock.now < deadline
            return false
        }
    }

    /// Removes a batch that was never activated, with its pending hashes; its codes never worked.
    /// - Returns: how many pending codes were removed.
    @discardableResult
    public func discardCodeBatch(_ batch: Int64) async throws -> Int {
        try await inSlices(0) { db, deadline, removed in
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
    }

    /// Whether `code` is the code staged for `unit` in `batch` (salted hash in `access_code_pending`).
    ///
    /// A run killed after its codes file was renamed into place but before it recorded that
    /// (``markCodeBatchWritten(_:fileSHA256:)``) left a file whose codes are this batch's: the next run
    /// checks one of the file's codes here and activates the batch instead of discarding it, so the
    /// codes the company letters will be printed from are the ones that work.
    public func stagedCodeMatches(batch: Int64, unit: String, code: String) async throws -> Bool {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT salt, hash FROM access_code_pending WHERE batch_id = ? AND unit = ?", arguments: [batch, unit]) else { return false }
            return Self.codeMatches(code, AccessCodeRecord(unit: unit, salt: row["salt"], hash: row["hash"], issuedAt: ""))
        }
    }

    /// Batches not yet fully activated (an earlier run was killed), oldest first.
    public func unfinishedCodeBatches() async throws -> [CodeBatchRecord] {
        try await writer.read { db in
            try CodeBatchRow.fetchAll(db, sql: "SELECT * FROM code_batch WHERE activated_at IS NULL ORDER BY id").map { try $0.value() }
        }
    }

    /// The batch with `id`, or `nil`.
    public func codeBatch(_ id: Int64) async throws -> CodeBatchRecord? {
        try await writer.read { db in try CodeBatchRow.fetchOne(db, sql: "SELECT * FROM code_batch WHERE id = ?", arguments: [id])?.value() }
    }

    /// A staged code's salted hash, before it is written to `access_code_pending`.
    struct PendingCode: Sendable {
        var unit: String
        var salt: String
        var hash: String
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
