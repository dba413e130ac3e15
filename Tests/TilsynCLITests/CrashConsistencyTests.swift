import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

/// The store survives the `tilsyn` process being killed while it records a list.
///
/// Each round starts the real binary on a list of every eligible unit of the 5,000-unit fixture, waits
/// for its "recording the list" progress line (printed just before the store transaction begins), waits
/// a little longer and sends SIGKILL, which no code in the process can intercept. The waits are
/// fractions of how long an uninterrupted run takes from that line to its exit, measured first on this
/// machine and build, so the kills land before, inside and after the transaction whether the binary is a
/// debug or a release build and however busy the machine is. After every kill the
/// store is opened the way the next command would open it (SQLite replays or discards the WAL) and must
/// be whole: `integrity_check` ok, the audit chain intact, and every recorded list holding exactly the
/// rows its manifest counts, with its audit entry. A list is written in slices (migration
/// `v6-pending-lists`), so a kill inside them leaves a pending list that no reader counts and that the
/// next run removes.
@Suite struct CrashConsistencyTests {
    /// When to kill, as fractions of an uninterrupted run's time from the progress line to its exit.
    static let fractions = [0, 0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 1.2]

    @Test func killingListMidRecordLeavesAWholeStore() async throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try CommandRunner.fitFixture("synthetic", into: dir)
        let db = dir.appendingPathComponent("tilsyn.sqlite").path
        let approve = try CommandRunner.approve(model, note: "crash test", db: db)
        #expect(approve.status == 0, "\(approve.stderr)")
        let arguments = [
            "list", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--as-of", "2026-01-05",
            "--capacity", "5000", "--random-share", "0.1", "--seed", "7", "--exclude-days", "0",
            "--last-inspection-column", "inspection_date", "--out", dir.appendingPathComponent("list.csv").path, "--db", db,
        ]

        // One uninterrupted run: it must record, and it tells how long recording (and exiting) takes here.
        let first = try RunningCommand(arguments, in: dir)
        try #require(first.waitForStandardError(containing: "recording the list in"), "the list never reached the store: \(first.standardError)")
        let started = DispatchTime.now().uptimeNanoseconds
        #expect(first.wait() == 0, "\(first.standardError)")
        let window = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var lists = try await Self.checkWhole(db)
        try #require(lists == 1)

        var killedWithoutList = 0, recordedBeforeKill = 0
        for fraction in Self.fractions {
            let process = try RunningCommand(arguments, in: dir)
            let reached = process.waitForStandardError(containing: "recording the list in")
            try #require(reached, "the list never reached the store: \(process.standardError)")
            usleep(useconds_t(fraction * window * 1e6))
            let killed = process.kill()
            let now = try await Self.checkWhole(db)
            if now > lists { recordedBeforeKill += 1 } else if killed { killedWithoutList += 1 }
            #expect(now == lists || now == lists + 1, "one run records at most one list")
            // A kill inside the slices leaves at most this run's pending list (the run before removed any
            // earlier one before it wrote), which no reader counts.
            #expect(try await TilsynDatabase(path: db).pendingListIDs().count <= 1)
            lists = now
        }
        // The rounds did cover the write: some kills left nothing, and the store recorded lists when the
        // process got far enough. Either way every list on record is whole.
        #expect(killedWithoutList >= 1, "no kill landed before the commit (\(recordedBeforeKill) of \(Self.fractions.count) rounds recorded their list first)")

        // And the store still takes a list when nothing interrupts.
        let final = try RunningCommand(arguments, in: dir)
        #expect(final.wait() == 0, "\(final.standardError)")
        #expect(try await Self.checkWhole(db) == lists + 1)
        // The run after a kill removes the half-written list its killed predecessor left.
        #expect(try await TilsynDatabase(path: db).pendingListIDs().isEmpty)
    }

    /// Opens the store as the next command would and checks it; returns how many lists it holds.
    static func checkWhole(_ path: String) async throws -> Int {
        let store = try TilsynDatabase(path: path)
        let integrity = try await store.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        let verification = try await store.verifyAuditChain()
        #expect(verification.isIntact, "\(String(describing: verification.firstBroken))")
        let lists = try await store.lists()
        for list in lists {
            let id = list.id
            let rows = try await store.listRows(id: id)
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(list.manifest.utf8)) as? [String: Any])
            let counts = try #require(manifest["counts"] as? [String: Any])
            let expected = try #require(counts["risk"] as? Int) + (try #require(counts["random"] as? Int))
            #expect(rows.count == expected, "list \(id) has \(rows.count) rows, its manifest says \(expected)")
            #expect(list.rowCount == expected)
            #expect(rows.map(\.rank) == Array(1...expected))
            #expect(try await store.auditEntries(subject: "list:\(id)").map(\.event) == ["list.issued"])
        }
        #expect(try await store.auditEntries().filter { $0.event == "list.issued" }.count == lists.count)
        return lists.count
    }
}
