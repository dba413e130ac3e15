import Foundation
import GRDB
import Testing
import TilsynStore
import _TilsynTestSupport

@Suite struct ListRecordingTests {
    static let t0 = "2026-03-01T10:00:00Z"

    static func draft(rows count: Int, issuedBy: String = "planner") -> ListDraft {
        ListDraft(
            manifest: #"{"counts":{"risk":\#(count)}}"#, listSHA256: String(repeating: "0f", count: 32),
            fingerprint: "fp1", asOf: "2026-03-02", issuedBy: issuedBy,
            rows: (1...count).map { .init(rank: $0, unit: "U\($0)", channel: $0 % 5 == 0 ? "random" : "risk", probability: 1 / Double($0 + 1), region: $0 % 2 == 0 ? "Fyn" : nil) })
    }

    @Test func aListIsRecordedWithItsRowsAndEntry() throws {
        let db = try TilsynDatabase.inMemory()
        let first = try db.recordList(Self.draft(rows: 3), at: Self.t0)
        let second = try db.recordList(Self.draft(rows: 1000), at: "2026-03-08T10:00:00Z")
        #expect(try db.lists().map(\.id) == [second.id, first.id], "newest first")
        let id = try #require(second.id)
        #expect(try db.list(id: id) == second)
        #expect(second.rowCount == 1000 && second.issuedBy == "planner" && second.asOf == "2026-03-02")
        let rows = try db.listRows(id: id)
        #expect(rows.count == 1000)
        #expect(rows[4] == ListRowRecord(listID: id, rank: 5, unit: "U5", channel: "random", probability: 1.0 / 6, region: nil))
        #expect(rows[1].region == "Fyn")
        #expect(try db.list(id: 99) == nil && db.listRows(id: 99).isEmpty)
        let entry = try #require(try db.auditEntries(subject: "list:\(id)").first)
        #expect(entry.event == "list.issued" && entry.actor == "planner")
        #expect(entry.detail == #"{"as_of":"2026-03-02","fingerprint":"fp1","list_sha256":"\#(String(repeating: "0f", count: 32))","rows":1000}"#)
    }

    @Test func aFailureMidInsertLeavesNoListAndNoEntry() throws {
        let db = try TilsynDatabase.inMemory()
        try db.recordList(Self.draft(rows: 5), at: Self.t0)
        let before = try db.auditEntries()
        // A row the database refuses half-way through the rows: every row before it was already inserted.
        try db.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_at_row_600 BEFORE INSERT ON list_row WHEN NEW.rank = 600 BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        }
        #expect(throws: DatabaseError.self) { try db.recordList(Self.draft(rows: 1000), at: Self.t0) }
        #expect(try db.lists().count == 1)
        #expect(try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM list_row") } == 5)
        #expect(try db.auditEntries() == before)
        #expect(try db.verifyAuditChain().isIntact)
        // The store is still usable, and ids carry on.
        try db.writer.write { db in try db.execute(sql: "DROP TRIGGER fail_at_row_600") }
        #expect(try db.recordList(Self.draft(rows: 1000), at: Self.t0).rowCount == 1000)
        #expect(try db.auditEntries().count == before.count + 1)
    }

    @Test func aDuplicateRowIsRefusedNamingTheRowAndNothingIsWritten() throws {
        let db = try TilsynDatabase.inMemory()
        var draft = Self.draft(rows: 10)
        draft.rows[7].unit = "U3"
        #expect(throws: StoreError.invalidField(field: "rows[7].unit", reason: "repeats unit 'U3'; a unit is on a list once")) {
            try db.recordList(draft, at: Self.t0)
        }
        draft = Self.draft(rows: 10)
        draft.rows[2].channel = "hunch"
        #expect(throws: StoreError.invalidField(field: "rows[2].channel", reason: "must be risk, random or manual, not 'hunch'")) {
            try db.recordList(draft, at: Self.t0)
        }
        draft = Self.draft(rows: 10)
        draft.rows[9].probability = .nan
        #expect(throws: StoreError.self) { try db.recordList(draft, at: Self.t0) }
        draft = Self.draft(rows: 10)
        draft.manifest = "not json"
        #expect(throws: StoreError.invalidField(field: "manifest", reason: "must be the list manifest's JSON object")) {
            try db.recordList(draft, at: Self.t0)
        }
        #expect(throws: StoreError.invalidField(field: "issued_by", reason: "must not be empty")) {
            try db.recordList(Self.draft(rows: 1, issuedBy: ""), at: Self.t0)
        }
        #expect(try db.lists().isEmpty && db.auditEntries().isEmpty)
    }

    @Test func recordedListsAreAppendOnly() throws {
        let db = try TilsynDatabase.inMemory()
        try db.recordList(Self.draft(rows: 3), at: Self.t0)
        for sql in ["UPDATE issued_list SET as_of = '2020-01-01'", "DELETE FROM issued_list", "UPDATE list_row SET probability = 1", "DELETE FROM list_row WHERE rank = 2"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try db.writer.write { db in try db.execute(sql: sql) } }
        }
        #expect(try db.listRows(id: 1).count == 3)
    }
}
