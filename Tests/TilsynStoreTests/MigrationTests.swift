import Foundation
import GRDB
import Testing
import TilsynCore
@testable import TilsynStore
import _TilsynTestSupport

/// A store written before v2 is upgraded when opened, with its decisions intact.
@Suite struct MigrationTests {
    @Test func aV1StoreUpgradesToV2WithItsDecisions() async throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        let model = try ExplainFixtures.demo.get().model
        // The file as the previous release left it: only v1, written through a plain queue (no WAL).
        do {
            let queue = try DatabaseQueue(path: path)
            try TilsynDatabase.migrator.migrate(queue, upTo: "v1-models-approvals")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO model (fingerprint, name, version, created, registered_at, spec) VALUES (?, ?, ?, ?, ?, '{}')",
                               arguments: [model.fingerprint, model.name, model.version, model.created, "2026-01-01T00:00:00Z"])
                try db.execute(sql: "INSERT INTO approval (fingerprint, decided_by, decision, note, decided_at) VALUES (?, 'board', 'approved', 'minutes 1', '2026-01-02T00:00:00Z')",
                               arguments: [model.fingerprint])
                try db.execute(sql: "INSERT INTO approval (fingerprint, decided_by, decision, note, decided_at) VALUES (?, 'board', 'rejected', 'minutes 2', '2026-02-02T00:00:00Z')",
                               arguments: [model.fingerprint])
            }
            let applied = try await queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
            #expect(applied == ["v1-models-approvals"])
        }

        let store = try TilsynDatabase(path: path)
        let applied = try await store.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["v1-models-approvals", "v2-disclosures-audit", "v3-code-batches-erasure", "v4-visits-outcomes", "v5-visit-snapshots", "v6-pending-lists"])
        #expect(try await store.decisions(fingerprint: model.fingerprint).map(\.note) == ["minutes 1", "minutes 2"])
        #expect(try await store.latestDecision(fingerprint: model.fingerprint)?.decision == .rejected)
        #expect(try await store.verifyAuditChain() == AuditVerification(entries: 0, firstBroken: nil, head: nil))
        // The upgraded file works as a v2 store: journal in WAL, the next decision audited.
        #expect(try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        try await store.recordDecision(for: model, by: "board", decision: .approved, note: "minutes 3", at: isoTime("2026-03-02T00:00:00Z"))
        #expect(try await store.auditEntries().map(\.event) == ["approval.recorded"], "the model was already registered")
        #expect(try await store.approval(fingerprint: model.fingerprint)?.note == "minutes 3")
        // v1's triggers still hold.
        let refusal = await #expect(throws: DatabaseError.self) { try await store.writer.write { db in try db.execute(sql: "DELETE FROM approval") } }
        #expect(refusal?.message == "approval decisions are append-only")
    }

    @Test func reopeningAFileStoreKeepsEverything() async throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tilsyn.sqlite").path
        let token: IssuedToken
        do {
            let store = try TilsynDatabase(path: path)
            token = try await store.issueToken(role: .board, name: "A", expires: nil, at: isoTime("2026-03-01T00:00:00Z"))
            try await store.audit(event: "note", actor: "a", subject: nil, detail: "", at: isoTime("2026-03-01T00:00:00Z"))
        }
        let again = try TilsynDatabase(path: path)
        #expect(try await again.authenticate(token: token.secret, now: isoTime("2026-03-02T00:00:00Z"))?.name == "A")
        #expect(try await again.verifyAuditChain().entries == 2)
    }
}
