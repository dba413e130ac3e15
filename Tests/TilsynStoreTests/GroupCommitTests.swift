import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

/// Group commit (``GroupCommit``): cards asked for together are recorded in shared transactions, each
/// call returning only once its own record is committed, the audit chain one chain; a write that fails
/// fails alone; a commit that fails fails its whole batch.
@Suite struct GroupCommitTests {
    static let t0 = isoTime("2026-03-01T10:00:00Z")

    @Test func concurrentCardsShareCommitsAndEachIsOnRecordWhenItsCallReturns() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try TilsynDatabase(path: directory.appendingPathComponent("tilsyn.sqlite").path)
        let n = 400
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<n {
                group.addTask {
                    try await db.recordCardIssued(unit: "P\(i)", fingerprint: "fp", channel: "api", language: "da", format: "json", actor: "company", at: Self.t0)
                    // Returned: the record must be readable now, from another connection.
                    let cards = try await db.cardsIssued(unit: "P\(i)")
                    #expect(cards.count == 1, "P\(i)")
                }
                if i % 3 == 0 { group.addTask { try await db.recordFailedLookup(unit: "Q\(i)", client: "192.0.2.1", reason: "wrong code", at: Self.t0) } }
            }
            try await group.waitForAll()
        }
        let lookups = (n + 2) / 3
        #expect(db.commits.writes == n + lookups)
        #expect(db.commits.batches < db.commits.writes, "requests that came together shared a commit")
        let verification = try await db.verifyAuditChain()
        #expect(verification.isIntact)
        let entries = try await db.auditEntries()
        #expect(entries.filter { $0.event == AuditEvent.cardDisclosed }.count == n)
        #expect(entries.filter { $0.event == AuditEvent.cardLookupFailed }.count == lookups)
    }

    @Test func aWriteThatFailsFailsAloneAndTheRestOfItsBatchCommits() async throws {
        let db = try TilsynDatabase.inMemory()
        struct Refused: Error {}
        // A slow write first, so that the fifty below queue up behind it and go in together.
        async let blocker: Void = db.commits.write(db.writer) { _ in usleep(1_000_000) }
        try await Task.sleep(for: .milliseconds(100))
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<50 {
                group.addTask {
                    do {
                        try await db.commits.write(db.writer) { database in
                            try database.execute(sql: "INSERT INTO card_issued (unit, fingerprint, channel, language, format, actor, issued_at) VALUES (?, 'fp', 'api', 'da', 'json', 'company', '2026-03-01T10:00:00Z')", arguments: ["P\(i)"])
                            if i == 7 { throw Refused() }
                        }
                        return (i, true)
                    } catch is Refused {
                        return (i, false)
                    }
                }
            }
            var out: [Int: Bool] = [:]
            for try await (i, ok) in group { out[i] = ok }
            return out
        }
        try await blocker
        #expect(db.commits.batches <= 3, "the fifty shared a transaction (\(db.commits.batches) batches)")
        #expect(results.filter { !$0.value }.map(\.key) == [7])
        #expect(try await db.cardsIssued(unit: "P7").isEmpty, "rolled back alone")
        for i in [0, 6, 8, 49] { #expect(try await db.cardsIssued(unit: "P\(i)").count == 1, "P\(i)") }
    }
}
