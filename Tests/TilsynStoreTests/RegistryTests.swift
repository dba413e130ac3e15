import GRDB
import Testing
import TilsynCore
@testable import TilsynStore
import _TilsynTestSupport

@Suite struct RegistryTests {
    private func model(fingerprint: String? = nil) async throws -> FittedModel {
        var model = try ExplainFixtures.demo.get().model
        if let fingerprint { model.fingerprint = fingerprint }
        return model
    }

    @Test func migrationsCreateTheTables() async throws {
        let db = try TilsynDatabase.inMemory()
        let tables = try await db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables.contains("model"))
        #expect(tables.contains("approval"))
        let applied = try await db.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["v1-models-approvals", "v2-disclosures-audit", "v3-code-batches-erasure", "v4-visits-outcomes", "v5-visit-snapshots", "v6-pending-lists"])
    }

    @Test func registerIsIdempotentPerFingerprint() async throws {
        let db = try TilsynDatabase.inMemory()
        let m = try await model()
        let first = try await db.register(m, at: isoTime("2026-01-01T00:00:00Z"))
        let second = try await db.register(m, at: isoTime("2026-02-01T00:00:00Z"))
        #expect(first == second)
        #expect(second.registeredAt == isoTime("2026-01-01T00:00:00Z"))
        #expect(try await db.model(fingerprint: m.fingerprint)?.name == m.name)
    }

    @Test func noDecisionMeansNotApproved() async throws {
        let db = try TilsynDatabase.inMemory()
        #expect(try await db.latestDecision(fingerprint: "nothing") == nil)
        #expect(try await db.approval(fingerprint: "nothing") == nil)
    }

    @Test func approvalIsBoundToTheExactFingerprint() async throws {
        let db = try TilsynDatabase.inMemory()
        let m = try await model()
        try await db.recordDecision(for: m, by: "Ethics board (chair A. Jensen)", decision: .approved, note: "minutes 2026-03", at: isoTime("2026-03-01T10:00:00Z"))
        let lookup = db
        let record = try #require(try await lookup.approval(fingerprint: m.fingerprint))
        #expect(record.decidedBy == "Ethics board (chair A. Jensen)")
        #expect(record.note == "minutes 2026-03")
        #expect(record.decidedAt == isoTime("2026-03-01T10:00:00Z"))
        #expect(try await lookup.approval(fingerprint: String(m.fingerprint.reversed())) == nil)
    }

    @Test func rejectionAfterApprovalRevokesIt() async throws {
        let db = try TilsynDatabase.inMemory()
        let m = try await model()
        try await db.recordDecision(for: m, by: "board", decision: .approved, note: "ok", at: isoTime("2026-03-01T10:00:00Z"))
        // Same second on purpose: the order of decisions is their insertion order, not their clock time.
        try await db.recordDecision(for: m, by: "board", decision: .rejected, note: "drift found", at: isoTime("2026-03-01T10:00:00Z"))
        #expect(try await db.latestDecision(fingerprint: m.fingerprint)?.decision == .rejected)
        #expect(try await db.approval(fingerprint: m.fingerprint) == nil)
        #expect(try await db.decisions(fingerprint: m.fingerprint).map(\.decision) == [.approved, .rejected])
        try await db.recordDecision(for: m, by: "board", decision: .approved, note: "re-reviewed", at: isoTime("2026-04-01T10:00:00Z"))
        #expect(try await db.approval(fingerprint: m.fingerprint)?.note == "re-reviewed")
    }

    @Test func decisionsAreAppendOnly() async throws {
        let db = try TilsynDatabase.inMemory()
        let m = try await model()
        try await db.recordDecision(for: m, by: "board", decision: .rejected, note: "no", at: isoTime("2026-03-01T10:00:00Z"))
        let update = await #expect(throws: DatabaseError.self) {
            try await db.writer.write { db in try db.execute(sql: "UPDATE approval SET decision = 'approved'") }
        }
        #expect(update?.message == "approval decisions are append-only")
        let delete = await #expect(throws: DatabaseError.self) {
            try await db.writer.write { db in try db.execute(sql: "DELETE FROM approval") }
        }
        #expect(delete?.message == "approval decisions are append-only")
        #expect(try await db.latestDecision(fingerprint: m.fingerprint)?.decision == .rejected)
    }

    @Test func emptyApproverIsRefusedAndNothingIsWritten() async throws {
        let db = try TilsynDatabase.inMemory()
        let m = try await model()
        await #expect(throws: StoreError.emptyField(field: "decided_by")) {
            try await db.recordDecision(for: m, by: "  ", decision: .approved, note: "x", at: isoTime("2026-03-01T10:00:00Z"))
        }
        #expect(try await db.model(fingerprint: m.fingerprint) == nil)
    }
}
