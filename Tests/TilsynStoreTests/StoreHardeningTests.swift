import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

/// Issue 17: the store against someone who can write its file, a killed run and a long write
/// (findings 3, 5, 7, 8).
@Suite struct StoreHardeningTests {
    static let t0 = isoTime("2026-12-01T08:00:00Z")

    /// The audit serialisation pinned: a store written by the version before this change (tokens issued
    /// and revoked, a model approved, three codes issued; `Fixtures/store-v2-2026-12-01.sqlite`) still
    /// verifies entry by entry with the same hashes after migrating, and its rows count as backed
    /// (legacy: their entries predate row digests).
    @Test func aStoreWrittenByTheEarlierVersionStillVerifies() async throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: Fixtures.path("store-v2-2026-12-01.sqlite"), toPath: file)
        let store = try TilsynDatabase(path: file)
        let verification = try await store.verifyAuditChain()
        #expect(verification == AuditVerification(entries: 8, firstBroken: nil, head: "14ef0b88da8777d9c0fbc61ba11720a64b0c1badfa1f8aec923af97b4f73c6c8"))
        #expect(try await store.auditEntries().map(\.hash) == [
            "fe8271ade1d163da9c2de94dab85dee63db15b4732d35e7614ec3add170de89a",
            "11c782be059e8f05831384d2a062712768301ba08c71186b28d09e3eb1bf7924",
            "17dbafbec61350602fa504e3318537397675f87b91190681ac1c6ba4debb4534",
            "2c151ac940069a17af32f23e2bc84c170c18e7ab2fe3c811811567805303e6d1",
            "d75e027ea336ad7ae2d61b94ce38dc9e5555ec02ba3a7615001d67f2dbe51ae2",
            "dc41a3768ecee8586ee7f4c24f08e2c49b5fb7c961a0fbf294b40b1f10c1b8d7",
            "d35e4f41d0d31ce2228fe539c050df026df02912701cb02dc50afe061e0c9cb2",
            "14ef0b88da8777d9c0fbc61ba11720a64b0c1badfa1f8aec923af97b4f73c6c8",
        ])
        // Every entry's hash recomputed from the documented serialisation, not read back.
        for entry in try await store.auditEntries() { #expect(AuditChain.expectedHash(of: entry) == entry.hash) }
        let backing = try await store.verifyRowBacking()
        #expect(backing.isBacked && backing.approvals == 1 && backing.tokens == 2 && backing.accessCodes == 3 && backing.legacy == 6)
        #expect(try await store.verifyAccessCode(unit: "U1", code: "EKAM-JQKZ-ZCW3-T6"))
        // New writes after the upgrade carry digests and keep the chain.
        _ = try await store.issueAccessCodes(units: ["U4"], at: Self.t0)
        #expect(try await store.verifyAuditChain().isIntact)
        #expect(try await store.verifyRowBacking().legacy == 6)
    }

    /// Finding 5: rows put into the approval, token and access-code tables past the store are reported,
    /// as are rows changed past it.
    @Test func rowsWrittenPastTheStoreAreReported() async throws {
        let db = try TilsynDatabase.inMemory()
        _ = try await db.issueToken(role: .board, name: "A. Jensen", expires: nil, at: Self.t0)
        _ = try await db.issueAccessCodes(units: ["P1", "P2"], at: Self.t0)
        #expect(try await db.verifyRowBacking() == RowBacking(approvals: 0, tokens: 1, accessCodes: 2, legacy: 0, unbacked: [], unbackedCount: 0))
        try await db.writer.write { db in
            try db.execute(sql: "INSERT INTO role_token (role, name, hash, created) VALUES ('board', 'Mallory', 'ab', ?)", arguments: [Self.t0])
            try db.execute(sql: "INSERT INTO access_code (unit, salt, hash, issued_at) VALUES ('P9', '00', 'ff', ?)", arguments: [Self.t0])
            try db.execute(sql: "UPDATE access_code SET hash = 'ee' WHERE unit = 'P2'")
        }
        let report = try await db.verifyRowBacking()
        #expect(!report.isBacked)
        #expect(report.unbacked == [
            UnbackedRow(table: "role_token", key: "2", reason: "has no audit entry"),
            UnbackedRow(table: "access_code", key: "P2", reason: "differs from what its latest audit entry (3) recorded"),
            UnbackedRow(table: "access_code", key: "P9", reason: "has no audit entry"),
        ])
        #expect(try await db.verifyAuditChain().isIntact, "the chain alone says nothing about these rows")
    }

    /// A list row inserted straight into `issued_list` is on record for every reader (only pending
    /// lists are hidden), so `audit verify` names it; a list recorded through the store is backed, and a
    /// pending one is not counted.
    @Test func aListInsertedPastTheStoreIsReported() async throws {
        let db = try TilsynDatabase.inMemory()
        let recorded = try await db.recordList(ListRecordingTests.draft(rows: 3), at: Self.t0)
        #expect(try await db.verifyRowBacking() == RowBacking(lists: 1))
        try await db.writer.write { db in
            try db.execute(sql: """
                INSERT INTO issued_list (issued_at, issued_by, as_of, fingerprint, list_sha256, manifest, row_count)
                VALUES (?, 'Mallory', '2026-03-02', 'fp1', ?, '{}', 0)
                """, arguments: [StoreTime.text(Self.t0), String(repeating: "0e", count: 32)])
        }
        let report = try await db.verifyRowBacking()
        #expect(report.lists == 2 && report.unbackedCount == 1)
        #expect(report.unbacked == [UnbackedRow(table: "issued_list", key: "\(recorded.id + 1)", reason: "has no list.issued audit entry")])
    }

    /// Finding 7: a correction's texts never reach the audit log, and can be erased.
    @Test func aCorrectionsTextsStayOutOfTheLogAndCanBeErased() async throws {
        let db = try TilsynDatabase.inMemory()
        let request = try await db.submitCorrection(unit: "P1", field: "Anders Hansen's injury", claimedValue: "0", message: "ring Anders", contact: "a@h.dk", at: Self.t0)
        let id = request.id
        #expect(try await db.auditEntries().map(\.detail) == [#"{"correction_id":\#(id)}"#])
        #expect(try await db.eraseCorrection(id: id, by: "B. Holm", at: isoTime("2026-12-02T08:00:00Z")))
        let erased = try #require(try await db.correction(id: id))
        #expect(erased.field == "" && erased.claimedValue == "" && erased.message == "" && erased.contact == nil)
        #expect(try await !db.eraseCorrection(id: id, by: "B. Holm", at: isoTime("2026-12-03T08:00:00Z")), "erasing twice changes nothing")
        #expect(try await db.auditEntries().last?.event == AuditEvent.correctionErased)
        #expect(!(try await db.auditEntries().contains { $0.detail.contains("Anders") || ($0.subject ?? "").contains("Anders") }))
        // The schema allows only that one change.
        let refusal = await #expect(throws: DatabaseError.self) {
            try await db.writer.write { db in try db.execute(sql: "UPDATE correction SET unit = 'P2' WHERE id = ?", arguments: [id]) }
        }
        #expect(refusal?.message == "a correction request is append-only except for erasing its texts, once")
        #expect(try await db.verifyAuditChain().isIntact)
    }

    /// Finding 8: staged codes do not work until their file is recorded as written; the old ones do.
    @Test func newCodesBecomeActiveOnlyAfterTheirFileIsWritten() async throws {
        let db = try TilsynDatabase.inMemory()
        let old = try #require(try await db.issueAccessCodes(units: ["P1"], at: Self.t0).first).code
        let (batch, codes) = try await db.stageAccessCodes(units: ["P1"], out: "codes.csv", at: Self.t0)
        let new = try #require(codes.first).code
        #expect(try await db.verifyAccessCode(unit: "P1", code: old))
        #expect(try await !db.verifyAccessCode(unit: "P1", code: new))
        await #expect(throws: StoreError.invalidField(field: "code_batch", reason: "batch \(batch)'s codes file was never recorded as written, so its codes must not become active")) {
            try await db.activateCodeBatch(batch, at: Self.t0)
        }
        #expect(try await db.unfinishedCodeBatches().map(\.id) == [batch])
        try await db.markCodeBatchWritten(batch, fileSHA256: String(repeating: "a", count: 64))
        #expect(try await db.activateCodeBatch(batch, at: Self.t0) == 1)
        #expect(try await db.verifyAccessCode(unit: "P1", code: new))
        #expect(try await !db.verifyAccessCode(unit: "P1", code: old))
        #expect(try await db.unfinishedCodeBatches().isEmpty)
        // A batch never written is discarded whole; its codes never worked.
        let (dropped, droppedCodes) = try await db.stageAccessCodes(units: ["P1", "P2"], out: "codes.csv", at: Self.t0)
        #expect(try await db.discardCodeBatch(dropped) == 2)
        #expect(try await !db.verifyAccessCode(unit: "P2", code: droppedCodes[1].code))
        #expect(try await db.unfinishedCodeBatches().isEmpty)
    }

    /// Finding 2 in the store: an id the register would refuse cannot get a code through the API either.
    @Test func theStoreRefusesAUnitIdWithAControlCharacter() async {
        let db = try? TilsynDatabase.inMemory()
        await #expect(throws: StoreError.invalidField(field: "unit", reason: "'1000000001\\0evil' is not a unit id: it holds the control character \\0")) {
            try await db?.issueAccessCodes(units: ["1000000001\0evil"], at: Self.t0)
        }
    }

    /// Finding 3: while 10,000 codes are issued on a file store (about 10 s in a debug build), another
    /// connection whose busy timeout is two seconds can write 300 times without one "database is
    /// locked": no slice holds the lock that long (the single transaction did, and the writer failed). The
    /// other writer runs on a thread of its own, off Swift's cooperative pool, so the times measured are
    /// SQLite's waits; the store's slices run on GRDB's own queue through its async API.
    @Test func aLongIssueNeverHoldsTheWriteLockForLong() async throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("store.sqlite").path
        let store = try TilsynDatabase(path: file)
        var configuration = Configuration()
        configuration.busyMode = .timeout(2)
        let other = try DatabaseQueue(path: file, configuration: configuration)
        final class Outcome: @unchecked Sendable { var writes = 0; var longest = Duration.zero; var error: (any Error)? }
        let outcome = Outcome()
        // The other writer, as another process would be: synchronous, on a thread of its own.
        async let otherSide: Void = withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                do {
                    while outcome.writes < 300 {
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
        let issued = try await store.issueAccessCodes(units: (1...10_000).map { "U\($0)" }, at: Self.t0).count
        await otherSide
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(issued == 10_000)
        #expect(outcome.writes == 300)
        #expect(outcome.longest < .seconds(2), "a concurrent write waited \(outcome.longest)")
        let head = try await store.auditEntries(last: 1).last?.hash
        #expect(try await store.verifyAuditChain() == AuditVerification(entries: 10_300, firstBroken: nil, head: head))
    }
}
