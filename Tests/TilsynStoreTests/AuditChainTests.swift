import Foundation
import GRDB
import Testing
import TilsynCore
@testable import TilsynStore
import _TilsynTestSupport

/// The audit log: every mutating store method appends to it, the chain verifies, and each kind of
/// tampering (an edited detail, an edited hash, a removed middle entry) is found at the right entry.
@Suite struct AuditChainTests {
    static let t0 = isoTime("2026-03-01T10:00:00Z")

    /// A store after a mixed sequence of operations, one of each kind.
    static func busyStore() async throws -> TilsynDatabase {
        let db = try TilsynDatabase.inMemory()
        let model = try ExplainFixtures.demo.get().model
        try await db.recordDecision(for: model, by: "board", decision: .approved, note: "minutes 2026-03", at: t0)
        _ = try await db.issueAccessCodes(units: ["U1", "U2"], at: t0)
        let token = try await db.issueToken(role: .inspector, name: "A. Inspector", expires: nil, at: t0)
        try await db.revokeToken(id: token.id, at: isoTime("2026-03-02T10:00:00Z"))
        try await db.recordList(ListDraft(
            manifest: #"{"format":"tilsyn.list-manifest/1"}"#, listSHA256: String(repeating: "ab", count: 32),
            fingerprint: model.fingerprint, asOf: "2026-03-02", issuedBy: "planner",
            rows: [.init(rank: 1, unit: "U1", channel: "risk", probability: 0.4, region: "Fyn")]), at: t0)
        try await db.recordCardIssued(unit: "U1", fingerprint: model.fingerprint, channel: "web", language: "da", format: "html", actor: "company", at: t0)
        try await db.recordFailedLookup(unit: "U2", client: "192.0.2.7", reason: "wrong code", at: t0)
        let correction = try await db.submitCorrection(unit: "U1", field: "accidents_3y", claimedValue: "0", message: "No accidents.", contact: nil, at: t0)
        try await db.resolveCorrection(id: correction.id, status: .accepted, by: "clerk", note: "register fixed", at: t0)
        try await db.audit(event: "export.board_pack", actor: "board", subject: nil, detail: "{}", at: t0)
        return db
    }

    /// The triggers that keep the log append-only, dropped as an attacker with file access would.
    static func dropAuditTriggers(_ db: TilsynDatabase) async throws {
        try await db.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete")
        }
    }

    @Test func everyOperationIsAuditedAndTheChainVerifies() async throws {
        let db = try await Self.busyStore()
        let entries = try await db.auditEntries()
        #expect(entries.map(\.event) == [
            "model.registered", "approval.recorded", "code.issued", "code.issued", "token.issued", "token.revoked",
            "list.issued", "card.disclosed", "card.lookup_failed", "correction.submitted", "correction.status", "export.board_pack",
        ])
        #expect(entries.map(\.id) == Array(1...12))
        #expect(entries[0].prevHash == String(repeating: "0", count: 64))
        for (a, b) in zip(entries, entries.dropFirst()) { #expect(b.prevHash == a.hash) }
        let verification = try await db.verifyAuditChain()
        #expect(verification.isIntact)
        #expect(verification.entries == 12)
        #expect(verification.firstBroken == nil)
        #expect(verification.head == entries.last?.hash)
    }

    @Test func theHashIsTheDocumentedSerialisation() async throws {
        let db = try TilsynDatabase.inMemory()
        let entry = try await db.audit(event: "note", actor: "board", subject: "unit:U1", detail: "ø", at: Self.t0)
        let text = "tilsyn-audit-v1\nid:1\nat:20:2026-03-01T10:00:00Z\nactor:5:board\nevent:4:note\nsubject:7:unit:U1\ndetail:2:ø\nprev_hash:64:\(AuditChain.genesis)\n"
        #expect(AuditChain.canonical(id: 1, at: "2026-03-01T10:00:00Z", actor: "board", event: "note", subject: "unit:U1", detail: "ø", prevHash: AuditChain.genesis) == Array(text.utf8))
        #expect(entry.hash == FileDigest.sha256(Array(text.utf8)))
        // No subject and an empty subject are different entries.
        #expect(AuditChain.hash(id: 1, at: "", actor: "", event: "", subject: nil, detail: "", prevHash: "")
                != AuditChain.hash(id: 1, at: "", actor: "", event: "", subject: "", detail: "", prevHash: ""))
    }

    @Test func entriesCannotBeChangedOrRemovedThroughTheStore() async throws {
        let db = try await Self.busyStore()
        await #expect(throws: DatabaseError.self) { try await db.writer.write { db in try db.execute(sql: "UPDATE audit_log SET detail = '{}' WHERE id = 3") } }
        await #expect(throws: DatabaseError.self) { try await db.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 12") } }
        #expect(try await db.verifyAuditChain().isIntact)
    }

    @Test func anEditedDetailIsFoundAtItsEntry() async throws {
        let db = try await Self.busyStore()
        try await Self.dropAuditTriggers(db)
        try await db.writer.write { db in try db.execute(sql: #"UPDATE audit_log SET detail = '{"decision":"rejected"}' WHERE id = 2"#) }
        let verification = try await db.verifyAuditChain()
        #expect(!verification.isIntact)
        #expect(verification.firstBroken == AuditBreak(id: 2, reason: "entry 2's hash does not match its contents"))
        #expect(verification.head == nil)
    }

    @Test func anEditedHashIsFoundAtItsEntry() async throws {
        let db = try await Self.busyStore()
        try await Self.dropAuditTriggers(db)
        try await db.writer.write { db in try db.execute(sql: "UPDATE audit_log SET hash = ? WHERE id = 7", arguments: [String(repeating: "f", count: 64)]) }
        #expect(try await db.verifyAuditChain().firstBroken == AuditBreak(id: 7, reason: "entry 7's hash does not match its contents"))
    }

    @Test func aRemovedMiddleEntryIsFoundAtTheNextOne() async throws {
        let db = try await Self.busyStore()
        try await Self.dropAuditTriggers(db)
        try await db.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 5") }
        let verification = try await db.verifyAuditChain()
        #expect(verification.firstBroken == AuditBreak(id: 6, reason: "entry 6 does not follow entry 4's hash (entry 5 is missing)"))
        #expect(verification.entries == 5, "entries read up to and including the broken one")
    }

    @Test func aRemovedFirstEntryIsFound() async throws {
        let db = try await Self.busyStore()
        try await Self.dropAuditTriggers(db)
        try await db.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 1") }
        #expect(try await db.verifyAuditChain().firstBroken == AuditBreak(id: 2, reason: "entry 2 is the first in the log but does not start the chain (entries before it are missing)"))
    }

    @Test func aRewrittenTailStillBreaksWhereTheEditWas() async throws {
        // Editing an entry and recomputing its own hash (but not its successors') breaks the link after it.
        let db = try await Self.busyStore()
        try await Self.dropAuditTriggers(db)
        try await db.writer.write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT \(TilsynDatabase.auditColumns) FROM audit_log WHERE id = 4"))
            var entry = TilsynDatabase.auditEntry(row)
            entry.detail = "{}"
            entry.hash = AuditChain.expectedHash(of: entry)
            try db.execute(sql: "UPDATE audit_log SET detail = ?, hash = ? WHERE id = 4", arguments: [entry.detail, entry.hash])
        }
        #expect(try await db.verifyAuditChain().firstBroken == AuditBreak(id: 5, reason: "entry 5 does not follow entry 4's hash"))
    }

    @Test func appendAuditJoinsTheCallersTransaction() async throws {
        let db = try TilsynDatabase.inMemory()
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await db.writer.write { conn in
                try TilsynDatabase.appendAudit(AuditEntryDraft(at: "2026-03-01T10:00:00Z", actor: "x", event: "test", subject: nil, detail: ""), in: conn)
                throw Abort()
            }
        }
        #expect(try await db.auditEntries().isEmpty, "the entry went with the rolled-back transaction")
        let entry = try await db.writer.write { conn in
            try TilsynDatabase.appendAudit(AuditEntryDraft(at: "2026-03-01T10:00:00Z", actor: "x", event: "test", subject: nil, detail: "a\u{0}b"), in: conn)
        }
        #expect(entry.id == 1 && entry.detail == "a\u{FFFD}b")
        #expect(try await db.verifyAuditChain().isIntact)
    }

    @Test func twoConnectionsWritingAtOnceKeepOneChain() async throws {
        // As `tilsyn serve` and a `tilsyn list` in another process would: two pools on one file.
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tilsyn.sqlite").path
        let stores = [try TilsynDatabase(path: path), try TilsynDatabase(path: path)]
        let failures = Failures()
        await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<2 {
                group.addTask {
                    for n in 0..<40 {
                        do { try await stores[i].audit(event: "test.write", actor: "writer \(i)", subject: nil, detail: "\(n)", at: Self.t0) }
                        catch { failures.add("\(error)") }
                    }
                }
            }
        }
        #expect(failures.all.isEmpty)
        let verification = try await stores[0].verifyAuditChain()
        #expect(verification.isIntact && verification.entries == 80)
        #expect(Set(try await stores[1].auditEntries().map(\.actor)) == ["writer 0", "writer 1"])
    }

    /// Errors collected from concurrent writers.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
    }

    /// Times are `Date`s in the store's API, so a malformed time cannot reach it; an empty actor can.
    @Test func emptyActorsAreRefused() async throws {
        let db = try TilsynDatabase.inMemory()
        await #expect(throws: StoreError.invalidField(field: "actor", reason: "must not be empty")) {
            try await db.audit(event: "e", actor: " ", subject: nil, detail: "", at: Self.t0)
        }
        #expect(try await db.verifyAuditChain() == AuditVerification(entries: 0, firstBroken: nil, head: nil))
    }
}
