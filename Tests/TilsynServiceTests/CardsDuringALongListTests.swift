import _TilsynTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing
import TilsynService
import TilsynStore

/// Issue 17, finding 3, for lists: while another process (`tilsyn list`) records a list over the whole
/// register on the same store, the service keeps answering cards: each waits at most about a slice of the
/// recording for its own record. When the list went in one transaction, a card that came during it waited
/// the 5-second busy timeout and was answered 503 (300,000 rows: 57 s of one transaction).
@Suite struct CardsDuringALongListTests {
    /// `TILSYN_LIST_LOCK_ROWS` sets the list's length (60,000 unless given; 300,000 for BENCHMARKS.md). The
    /// slowest card's time is printed, not asserted: in a parallel test run it is mostly waiting for a CPU.
    @Test func cardsAreAnsweredWhileAnotherProcessRecordsALongList() async throws {
        let count = ProcessInfo.processInfo.environment["TILSYN_LIST_LOCK_ROWS"].flatMap(Int.init) ?? 60_000
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tilsyn.sqlite").path
        let service = try await TestService(store: try TilsynDatabase(path: file)) { $0.lookupLimits = nil }
        // The other process: its own connection pool on the same file.
        let cli = try TilsynDatabase(path: file)
        let rows = (1...count).map { ListDraft.Row(rank: $0, unit: "L\($0)", channel: "risk", probability: 0.5, region: nil) }
        let draft = ListDraft(manifest: #"{"counts":{"risk":\#(count)}}"#, listSHA256: String(repeating: "ab", count: 32),
                              fingerprint: "other-model", asOf: "2026-11-16", issuedBy: "planner", rows: rows,
                              selections: rows.map { UnitSelection(unit: $0.unit, inclusionProbability: 1,
                                                                   features: Dictionary(uniqueKeysWithValues: (1...12).map { ("feature_\($0)", "\($0).5") })) })
        let done = NIOLockedValueBox(false)
        let started = ContinuousClock.now
        async let recorded: ListRecord = {
            defer { done.withLockedValue { $0 = true } }
            return try await cli.recordList(draft, at: isoTime("2026-11-16T09:00:00Z"))
        }()
        let a = service.a
        let answers = try await service.test { client in
            var answers: [(HTTPResponse.Status, Duration)] = []
            while !done.withLockedValue({ $0 }) {
                let asked = ContinuousClock.now
                let status = try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                                      body: jsonBody(["unit": a.unit, "code": a.code])) { $0.status }
                answers.append((status, ContinuousClock.now - asked))
            }
            return answers
        }
        let list = try await recorded
        let took = ContinuousClock.now - started
        let longest = answers.map(\.1).max() ?? .zero
        print("recorded a list of \(count) rows in \(took) from another connection; \(answers.count) cards meanwhile, the slowest took \(longest)")
        #expect(try await cli.listRows(id: list.id).count == count)
        #expect(answers.count >= 5, "cards were asked for while the list was recorded")
        #expect(answers.allSatisfy { $0.0 == .ok }, "\(answers.map(\.0))")
        #expect(took > .seconds(6), "longer than the busy timeout: in one transaction, a card that came during it would have been refused")
        #expect(try await service.database.cardsIssued(unit: a.unit).count == answers.count)
        #expect(try await service.database.verifyAuditChain().isIntact)
    }
}
