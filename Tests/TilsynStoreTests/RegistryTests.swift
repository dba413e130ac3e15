import GRDB
import Testing
import TilsynCore
import TilsynStore
import _TilsynTestSupport

@Suite struct RegistryTests {
    private func model(fingerprint: String? = nil) throws -> FittedModel {
        var model = try ExplainFixtures.demo.get().model
        if let fingerprint { model.fingerprint = fingerprint }
        return model
    }

    @Test func migrationsCreateTheTables() throws {
        let db = try TilsynDatabase.inMemory()
        let tables = try db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables.contains("model"))
        #expect(tables.contains("approval"))
        let applied = try db.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["v1-models-approvals", "v2-disclosures-audit", "v3-code-batches-erasure", "v4-visits-outcomes", "v5-visit-snapshots"])
    }

    @Test func registerIsIdempotentPerFingerprint() throws {
        let db = try TilsynDatabase.inMemory()
        let m = try model()
        let first = try db.register(m, at: "2026-01-01T00:00:00Z")
        let second = try db.register(m, at: "2026-02-01T00:00:00Z")
        #expect(first == second)
        #expect(second.registeredAt == "2026-01-01T00:00:00Z")
        #expect(try db.model(fingerprint: m.fingerprint)?.name == m.name)
    }

    @Test func noDecisionMeansNotApproved() throws {
        let db = try TilsynDatabase.inMemory()
        #expect(try db.latestDecision(fingerprint: "nothing") == nil)
        #expect(try db.approval(fingerprint: "nothing") == nil)
    }

    @Test func approvalIsBoundToTheExactFingerprint() throws {
        let db = try TilsynDatabase.inMemory()
        let m = try model()
        try db.recordDecision(for: m, by: "Ethics board (chair A. Jensen)", decision: .approved, note: "minutes 2026-03", at: "2026-03-01T10:00:00Z")
        let lookup = db
        let record = try #require(try lookup.approval(fingerprint: m.fingerprint))
        #expect(record.decidedBy == "Ethics board (chair A. Jensen)")
        #expect(record.note == "minutes 2026-03")
        #expect(record.decidedAt == "2026-03-01T10:00:00Z")
        #expect(try lookup.approval(fingerprint: String(m.fingerprint.reversed())) == nil)
    }

    @Test func rejectionAfterApprovalRevokesIt() throws {
        let db = try TilsynDatabase.inMemory()
        let m = try model()
        try db.recordDecision(for: m, by: "board", decision: .approved, note: "ok", at: "2026-03-01T10:00:00Z")
        // Same second on purpose: the order of decisions is their insertion order, not their clock time.
        try db.recordDecision(for: m, by: "board", decision: .rejected, note: "drift found", at: "2026-03-01T10:00:00Z")
        #expect(try db.latestDecision(fingerprint: m.fingerprint)?.decision == .rejected)
        #expect(try db.approval(fingerprint: m.fingerprint) == nil)
        #expect(try db.decisions(fingerprint: m.fingerprint).map(\.decision) == [.approved, .rejected])
        try db.recordDecision(for: m, by: "board", decision: .approved, note: "re-reviewed", at: "2026-04-01T10:00:00Z")
        #expect(try db.approval(fingerprint: m.fingerprint)?.note == "re-reviewed")
    }

    @Test func decisionsAreAppendOnly() throws {
        let db = try TilsynDatabase.inMemory()
        let m = try model()
        try db.recordDecision(for: m, by: "board", decision: .rejected, note: "no", at: "2026-03-01T10:00:00Z")
        #expect(throws: DatabaseError.self) {
            try db.writer.write { db in try db.execute(sql: "UPDATE approval SET decision = 'approved'") }
        }
        #expect(throws: DatabaseError.self) {
            try db.writer.write { db in try db.execute(sql: "DELETE FROM approval") }
        }
        #expect(try db.latestDecision(fingerprint: m.fingerprint)?.decision == .rejected)
    }

    @Test func emptyApproverIsRefusedAndNothingIsWritten() throws {
        let db = try TilsynDatabase.inMemory()
        let m = try model()
        #expect(throws: StoreError.emptyField(field: "decided_by")) {
            try db.recordDecision(for: m, by: "  ", decision: .approved, note: "x", at: "2026-03-01T10:00:00Z")
        }
        #expect(try db.model(fingerprint: m.fingerprint) == nil)
    }
}
