import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

/// Issue 17, finding 3, for lists: a list is written in slices under a pending marker (migration
/// `v6-pending-lists`) and goes on record in one short last transaction; until then no reader sees it,
/// and one left half-written by a killed writer is removed by the next list.
@Suite struct PendingListTests {
    static let t0 = isoTime("2026-12-01T08:00:00Z")

    /// A list of `count` rows, each with a selection of twelve model columns (the shape `tilsyn list`
    /// records for a list over the whole register).
    static func draft(rows count: Int) -> ListDraft {
        let rows = (1...count).map { ListDraft.Row(rank: $0, unit: "U\($0)", channel: $0 % 5 == 0 ? "random" : "risk", probability: 1 / Double($0 + 1), region: $0 % 2 == 0 ? "Fyn" : "Sjælland") }
        let selections = rows.map { row in
            UnitSelection(unit: row.unit, inclusionProbability: row.channel == "random" ? 0.01 : 1,
                          features: Dictionary(uniqueKeysWithValues: (1...12).map { ("feature_\($0)", "\(row.rank % (10 * $0)).5") }))
        }
        return ListDraft(manifest: #"{"counts":{"risk":\#(count)}}"#, listSHA256: String(repeating: "0f", count: 32), fingerprint: "fp1",
                         asOf: "2026-11-30", issuedBy: "planner", rows: rows, selections: selections)
    }

    /// What a writer killed after its third slice leaves: the list row, its marker naming a process that
    /// no longer exists on this host, and some rows and selections.
    static func leaveHalfWritten(_ db: TilsynDatabase, rows: Int, pid: Int32, touched: Date = Date()) async throws -> Int64 {
        let draft = Self.draft(rows: rows * 2)
        return try await db.writer.write { db in
            var list = IssuedListRow(issuedAt: ISOTime.text(Self.t0), issuedBy: "planner", asOf: draft.asOf, fingerprint: draft.fingerprint,
                                     listSHA256: draft.listSHA256, manifest: draft.manifest, rowCount: draft.rows.count)
            try list.insert(db)
            let id = try #require(list.id)
            try db.execute(sql: "INSERT INTO list_pending (list_id, host, pid, started_at, touched_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, TilsynDatabase.ListWriter.current.host, pid, ISOTime.text(touched), ISOTime.text(touched)])
            for row in draft.rows.prefix(rows) {
                try db.execute(sql: "INSERT INTO list_row (list_id, rank, unit, channel, probability, region) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [id, row.rank, row.unit, row.channel, row.probability, row.region])
                try db.execute(sql: "INSERT INTO list_unit_selection (list_id, unit, inclusion_probability, features) VALUES (?, ?, 1, '{}')",
                               arguments: [id, row.unit])
            }
            return id
        }
    }

    /// The id of a process that has exited (and been reaped), so `kill(pid, 0)` finds no such process.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aHalfWrittenListIsSeenByNoReaderAndRemovedByTheNextList() async throws {
        let db = try TilsynDatabase.inMemory()
        let first = try await db.recordList(Self.draft(rows: 10), at: Self.t0)
        let pending = try await Self.leaveHalfWritten(db, rows: 300, pid: try Self.deadProcessID())
        // No reader sees it: the listings, a card's lookup, the rows, the random arms, visits and the history.
        #expect(try await db.lists().map(\.id) == [first.id])
        #expect(try await db.listIDs(fingerprint: "fp1") == [first.id])
        #expect(try await db.list(id: pending) == nil)
        #expect(try await db.listRows(id: pending).isEmpty)
        #expect(Set(try await db.randomArms().map(\.listID)) == [first.id])
        let refusal = await #expect(throws: CycleBatchError.self) {
            try await db.recordVisits(listID: pending, [VisitDraft(unit: "U1", status: .visited, reason: nil, reasonText: "", date: "2026-12-02", inspector: "A")],
                                      recordedBy: "inspector", at: Self.t0)
        }
        #expect(refusal == CycleBatchError(index: nil, refusal: .unknownList(pending)))
        #expect(try await db.visitHistory().isEmpty)
        #expect(try await db.pendingListIDs() == [pending])

        // The next list removes it before it writes (its writer's process is gone), and ids carry on.
        let next = try await db.recordList(Self.draft(rows: 20), at: Self.t0)
        #expect(next.id == pending + 1)
        #expect(try await db.pendingListIDs().isEmpty)
        let left = try await db.writer.read { db in
            try Int.fetchAll(db, sql: "SELECT (SELECT count(*) FROM issued_list WHERE id = ?) + (SELECT count(*) FROM list_row WHERE list_id = ?) + (SELECT count(*) FROM list_unit_selection WHERE list_id = ?)",
                             arguments: [pending, pending, pending])
        }
        #expect(left == [0])
        #expect(try await db.lists().map(\.id) == [next.id, first.id])
        #expect(try await db.listRows(id: next.id).count == 20)
        #expect(try await db.auditEntries().map(\.subject) == ["list:\(first.id)", "list:\(next.id)"])
        #expect(try await db.verifyAuditChain().isIntact)
    }

    /// A pending list whose writer is alive — this process, or another host's that finished a slice a
    /// moment ago — is left alone; one with no slice for longer than the timeout is taken for dead.
    @Test func aLiveWritersListIsLeftAloneAndAStalledOneIsRemoved() async throws {
        let db = try TilsynDatabase.inMemory()
        let me = TilsynDatabase.ListWriter.current
        let now = Date()
        let live = try await Self.leaveHalfWritten(db, rows: 5, pid: me.pid, touched: now)
        let stalled = try await Self.leaveHalfWritten(db, rows: 5, pid: me.pid, touched: now.addingTimeInterval(-TilsynDatabase.pendingListTimeout - 5))
        #expect(try await db.discardAbandonedLists(now: now.addingTimeInterval(1)) == [stalled])
        #expect(try await db.pendingListIDs() == [live])
        #expect(!TilsynDatabase.isAbandoned(host: "other-host", pid: 1, touchedAt: Self.t0, now: Self.t0.addingTimeInterval(60), me: me))
        #expect(TilsynDatabase.isAbandoned(host: "other-host", pid: 1, touchedAt: Self.t0, now: Self.t0.addingTimeInterval(121), me: me))
        #expect(TilsynDatabase.isAbandoned(host: me.host, pid: try Self.deadProcessID(), touchedAt: Self.t0, now: Self.t0, me: me))
        #expect(!TilsynDatabase.isAbandoned(host: me.host, pid: me.pid, touchedAt: Self.t0, now: Self.t0, me: me))
    }

    /// The marker cannot be used to delete a list on record, nor removed so that a half list goes on
    /// record without its entry; a list on record stays append-only.
    @Test func theMarkerCannotTakeAListOffTheRecordNorPutAHalfListOnIt() async throws {
        let db = try TilsynDatabase.inMemory()
        let recorded = try await db.recordList(Self.draft(rows: 3), at: Self.t0)
        let pending = try await Self.leaveHalfWritten(db, rows: 2, pid: TilsynDatabase.ListWriter.current.pid)
        let refusals: [(String, String)] = [
            ("INSERT INTO list_pending (list_id, host, pid, started_at, touched_at) VALUES (\(recorded.id), 'h', 1, 'x', 'x')", "only a new list without rows can be pending"),
            ("INSERT INTO list_pending (list_id, host, pid, started_at, touched_at) VALUES (999, 'h', 1, 'x', 'x')", "only a new list without rows can be pending"),
            ("DELETE FROM list_pending WHERE list_id = \(pending)", "a pending list leaves pending with its list.issued entry or not at all"),
            ("UPDATE list_pending SET list_id = \(recorded.id)", "a pending marker stays on its list"),
            ("DELETE FROM list_row WHERE list_id = \(recorded.id)", "list_row is append-only"),
            ("DELETE FROM list_unit_selection WHERE list_id = \(recorded.id)", "list_unit_selection is append-only"),
            ("DELETE FROM issued_list WHERE id = \(recorded.id)", "issued_list is append-only"),
            ("UPDATE list_row SET probability = 1 WHERE list_id = \(pending)", "list_row is append-only"),
        ]
        for (sql, message) in refusals {
            let error = await #expect(throws: DatabaseError.self, "\(sql)") { try await db.writer.write { db in try db.execute(sql: sql) } }
            #expect(error?.message == message, "\(sql)")
        }
        #expect(try await db.listRows(id: recorded.id).count == 3)
        #expect(try await db.pendingListIDs() == [pending])
    }

    /// A failure part-way through the slices (a row the schema refuses) removes what was written: no
    /// pending list, no rows, no entry is left.
    @Test func aFailurePartWayRemovesWhatWasWritten() async throws {
        let db = try TilsynDatabase.inMemory()
        try await db.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_late BEFORE INSERT ON list_unit_selection WHEN NEW.unit = 'U19000' BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        }
        let error = await #expect(throws: DatabaseError.self) { try await db.recordList(Self.draft(rows: 20_000), at: Self.t0) }
        #expect(error?.message == "injected failure")
        #expect(try await db.pendingListIDs().isEmpty)
        #expect(try await db.writer.read { db in try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM issued_list) + (SELECT count(*) FROM list_row) + (SELECT count(*) FROM list_unit_selection)") } == 0)
        #expect(try await db.auditEntries().isEmpty)
    }

    /// Finding 3 for lists: while a long list is recorded, another connection's writes (a card's record
    /// from `tilsyn serve`) each wait at most a slice. One transaction held the lock for the whole
    /// recording — which the test also measures, so it shows the recording was long enough to have
    /// blocked them. `TILSYN_LIST_LOCK_ROWS` sets the list's length (60,000 unless given; 300,000 for
    /// the figures in BENCHMARKS.md).
    @Test func aLongListNeverHoldsTheWriteLockForLong() async throws {
        let count = ProcessInfo.processInfo.environment["TILSYN_LIST_LOCK_ROWS"].flatMap(Int.init) ?? 60_000
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("store.sqlite").path
        let store = try TilsynDatabase(path: file)
        let draft = Self.draft(rows: count)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let other = try DatabaseQueue(path: file, configuration: configuration)
        final class Outcome: @unchecked Sendable { var writes = 0; var longest = Duration.zero; var error: (any Error)?; var stop = false }
        let outcome = Outcome()
        async let otherSide: Void = withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                do {
                    while !outcome.stop {
                        let started = ContinuousClock.now
                        _ = try other.write { db in
                            try TilsynDatabase.appendAudit(AuditEntryDraft(at: ISOTime.text(Self.t0), actor: "service", event: "card.disclosed", subject: "unit:U1", detail: "{}"), in: db)
                        }
                        outcome.longest = max(outcome.longest, ContinuousClock.now - started)
                        outcome.writes += 1
                        usleep(5_000)
                    }
                } catch { outcome.error = error }
                done.resume()
            }
        }
        let started = ContinuousClock.now
        let recorded = try await store.recordList(draft, at: Self.t0)
        let took = ContinuousClock.now - started
        outcome.stop = true
        await otherSide
        print("recorded a list of \(count) rows in \(took); \(outcome.writes) writes of another connection meanwhile, the longest waited \(outcome.longest)")
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(try await store.listRows(id: recorded.id).count == count)
        // A slice works at least `writeSlice` (100 ms) and pauses at most 80 ms, so more than two seconds in all
        // is more than a second of writing: one transaction would have made the other writer wait that long.
        #expect(took > .seconds(2), "the recording was long enough that one transaction would have blocked the other writer")
        #expect(outcome.longest < .seconds(1), "a concurrent write waited \(outcome.longest)")
        #expect(try await store.verifyAuditChain() == AuditVerification(entries: outcome.writes + 1, firstBroken: nil, head: try await store.auditEntries(last: 1).last?.hash))
    }
}
