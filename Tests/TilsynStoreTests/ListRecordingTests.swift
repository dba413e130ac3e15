import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

@Suite struct ListRecordingTests {
    static let t0 = isoTime("2026-03-01T10:00:00Z")

    static func draft(rows count: Int, issuedBy: String = "planner") -> ListDraft {
        ListDraft(
            manifest: #"{"counts":{"risk":\#(count)}}"#, listSHA256: String(repeating: "0f", count: 32),
            fingerprint: "fp1", asOf: "2026-03-02", issuedBy: issuedBy,
            rows: (1...count).map { .init(rank: $0, unit: "U\($0)", channel: $0 % 5 == 0 ? "random" : "risk", probability: 1 / Double($0 + 1), region: $0 % 2 == 0 ? "Fyn" : nil) })
    }

    @Test func aListIsRecordedWithItsRowsAndEntry() async throws {
        let db = try TilsynDatabase.inMemory()
        let first = try await db.recordList(Self.draft(rows: 3), at: Self.t0)
        let second = try await db.recordList(Self.draft(rows: 1000), at: isoTime("2026-03-08T10:00:00Z"))
        #expect(try await db.lists().map(\.id) == [second.id, first.id], "newest first")
        let id = second.id
        #expect(try await db.list(id: id) == second)
        #expect(second.rowCount == 1000 && second.issuedBy == "planner" && second.asOf == "2026-03-02")
        let rows = try await db.listRows(id: id)
        #expect(rows.count == 1000)
        #expect(rows[4] == ListRowRecord(listID: id, rank: 5, unit: "U5", channel: "random", probability: 1.0 / 6, region: nil))
        #expect(rows[1].region == "Fyn")
        #expect(try await db.list(id: 99) == nil)
        #expect(try await db.listRows(id: 99).isEmpty)
        let entry = try #require(try await db.auditEntries(subject: "list:\(id)").first)
        #expect(entry.event == "list.issued" && entry.actor == "planner")
        #expect(entry.detail == #"{"as_of":"2026-03-02","fingerprint":"fp1","list_sha256":"\#(String(repeating: "0f", count: 32))","rows":1000}"#)
    }

    @Test func aFailureMidInsertLeavesNoListAndNoEntry() async throws {
        let db = try TilsynDatabase.inMemory()
        try await db.recordList(Self.draft(rows: 5), at: Self.t0)
        let before = try await db.auditEntries()
        // A row the database refuses half-way through the rows: every row before it was already inserted.
        try await db.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_at_row_600 BEFORE INSERT ON list_row WHEN NEW.rank = 600 BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        }
        let refusal = await #expect(throws: DatabaseError.self) { try await db.recordList(Self.draft(rows: 1000), at: Self.t0) }
        #expect(refusal?.message == "injected failure")
        #expect(try await db.lists().count == 1)
        #expect(try await db.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM list_row") } == 5)
        #expect(try await db.auditEntries() == before)
        #expect(try await db.pendingListIDs().isEmpty, "what the failed recording wrote is removed")
        #expect(try await db.verifyAuditChain().isIntact)
        // The store is still usable, and ids carry on.
        try await db.writer.write { db in try db.execute(sql: "DROP TRIGGER fail_at_row_600") }
        #expect(try await db.recordList(Self.draft(rows: 1000), at: Self.t0).rowCount == 1000)
        #expect(try await db.auditEntries().count == before.count + 1)
    }

    @Test func aDuplicateRowIsRefusedNamingTheRowAndNothingIsWritten() async throws {
        let db = try TilsynDatabase.inMemory()
        var draft = Self.draft(rows: 10)
        draft.rows[7].unit = "U3"
        await #expect(throws: StoreError.invalidField(field: "rows[7].unit", reason: "repeats unit 'U3'; a unit is on a list once")) {
            try await db.recordList(draft, at: Self.t0)
        }
        draft = Self.draft(rows: 10)
        draft.rows[2].channel = "hunch"
        await #expect(throws: StoreError.invalidField(field: "rows[2].channel", reason: "must be risk, random or manual, not 'hunch'")) {
            try await db.recordList(draft, at: Self.t0)
        }
        draft = Self.draft(rows: 10)
        draft.rows[9].probability = .nan
        await #expect(throws: StoreError.invalidField(field: "rows[9].probability", reason: "must be a probability from 0 to 1, not nan")) {
            try await db.recordList(draft, at: Self.t0)
        }
        draft = Self.draft(rows: 10)
        draft.manifest = "not json"
        await #expect(throws: StoreError.invalidField(field: "manifest", reason: "must be the list manifest's JSON object")) {
            try await db.recordList(draft, at: Self.t0)
        }
        await #expect(throws: StoreError.invalidField(field: "issued_by", reason: "must not be empty")) {
            try await db.recordList(Self.draft(rows: 1, issuedBy: ""), at: Self.t0)
        }
        #expect(try await db.lists().isEmpty)
        #expect(try await db.auditEntries().isEmpty)
    }

    @Test func recordedListsAreAppendOnly() async throws {
        let db = try TilsynDatabase.inMemory()
        try await db.recordList(Self.draft(rows: 3), at: Self.t0)
        for (sql, table) in [("UPDATE issued_list SET as_of = '2020-01-01'", "issued_list"), ("DELETE FROM issued_list", "issued_list"),
                             ("UPDATE list_row SET probability = 1", "list_row"), ("DELETE FROM list_row WHERE rank = 2", "list_row")] {
            let refusal = await #expect(throws: DatabaseError.self, "\(sql)") { try await db.writer.write { db in try db.execute(sql: sql) } }
            #expect(refusal?.message == "\(table) is append-only", "\(sql)")
        }
        #expect(try await db.listRows(id: 1).count == 3)
    }
}
