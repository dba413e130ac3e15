import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

/// Cards revealed, failed lookups and correction requests.
@Suite struct DisclosureTests {
    static let t0 = isoTime("2026-03-01T10:00:00Z")

    @Test func aCardDisclosureIsRecordedAndAudited() async throws {
        let db = try TilsynDatabase.inMemory()
        try await db.recordCardIssued(unit: "P1", fingerprint: "fp", channel: "web", language: "da", format: "html", actor: "company", at: Self.t0)
        let cards = try await db.cardsIssued(unit: "P1")
        #expect(cards == [CardIssuedRecord(id: 1, unit: "P1", fingerprint: "fp", channel: "web", language: "da", format: "html", actor: "company", issuedAt: Self.t0)])
        let entry = try #require(try await db.auditEntries().last)
        #expect(entry.event == "card.disclosed" && entry.subject == "unit:P1" && entry.actor == "company")
        await #expect(throws: StoreError.invalidField(field: "language", reason: "must not be empty")) {
            try await db.recordCardIssued(unit: "P1", fingerprint: "fp", channel: "web", language: "", format: "html", actor: "company", at: Self.t0)
        }
        #expect(try await db.cardsIssued(unit: "P1").count == 1)
    }

    @Test func aFailedLookupIsAuditedWithoutTheCode() async throws {
        let db = try TilsynDatabase.inMemory()
        try await db.recordFailedLookup(unit: "P1", client: "192.0.2.7", reason: "wrong code", at: Self.t0)
        let entry = try #require(try await db.auditEntries().first)
        #expect(entry.event == "card.lookup_failed" && entry.subject == "unit:P1" && entry.actor == "192.0.2.7")
        #expect(entry.detail == #"{"client":"192.0.2.7","reason":"wrong code"}"#)
        #expect(try await db.cardsIssued(unit: "P1").isEmpty)
    }

    @Test func aCorrectionKeepsItsWholeHistory() async throws {
        let db = try TilsynDatabase.inMemory()
        let submitted = try await db.submitCorrection(unit: "P1", field: "accidents_3y", claimedValue: "0", message: "We had no accidents.", contact: "hr@example.dk", at: Self.t0)
        #expect(submitted.status == .open && submitted.statusBy == "company" && submitted.contact == "hr@example.dk")
        let other = try await db.submitCorrection(unit: "P2", field: "industry", claimedValue: "43.21", message: "Wrong code.", contact: "  ", at: Self.t0)
        #expect(other.contact == nil)
        #expect(try await db.corrections(status: .open).map(\.id) == [submitted.id, other.id])

        try await db.resolveCorrection(id: submitted.id, status: .inReview, by: "clerk", note: "", at: isoTime("2026-03-02T10:00:00Z"))
        let accepted = try await db.resolveCorrection(id: submitted.id, status: .accepted, by: "clerk", note: "BFA register corrected.", at: isoTime("2026-03-03T10:00:00Z"))
        #expect(accepted.status == .accepted && accepted.statusNote == "BFA register corrected." && accepted.statusAt == isoTime("2026-03-03T10:00:00Z"))
        #expect(accepted.message == "We had no accidents." && accepted.submittedAt == Self.t0)
        #expect(try await db.correctionHistory(id: submitted.id).map(\.status) == [.open, .inReview, .accepted])
        #expect(try await db.corrections(status: .open).map(\.id) == [other.id])
        #expect(try await db.corrections(status: .accepted).map(\.id) == [submitted.id])
        #expect(try await db.corrections(status: nil).count == 2)
        #expect(try await db.correction(id: 99) == nil)

        let events = try await db.auditEntries().map(\.event)
        #expect(events == ["correction.submitted", "correction.submitted", "correction.status", "correction.status"])
        // The company's own words stay out of the audit log, which can never forget them.
        let details = try await db.auditEntries().map(\.detail).joined()
        #expect(!details.contains("accidents.") && !details.contains("hr@example.dk"))
        for (sql, message) in [("UPDATE correction SET claimed_value = '1'", "a correction request is append-only except for erasing its texts, once"),
                               ("DELETE FROM correction_status", "correction_status is append-only"),
                               ("UPDATE correction_status SET status = 'open'", "correction_status is append-only")] {
            let refusal = await #expect(throws: DatabaseError.self, "\(sql)") { try await db.writer.write { db in try db.execute(sql: sql) } }
            #expect(refusal?.message == message, "\(sql)")
        }
    }

    @Test(arguments: [
        ("", "accidents_3y", "0", "m", "unit", "must not be empty"),
        ("P1", " ", "0", "m", "field", "must not be empty"),
        ("P1", "accidents_3y", "", "m", "claimed_value", "must not be empty"),
        ("P1", "accidents_3y", "0", "", "message", "must not be empty"),
        ("P1", "accidents_3y", "0", String(repeating: "x", count: 4001), "message", "must be at most 4000 characters, not 4001"),
    ])
    func badCorrectionsAreRefusedNamingTheField(unit: String, field: String, claimed: String, message: String, name: String, reason: String) async throws {
        let db = try TilsynDatabase.inMemory()
        await #expect(throws: StoreError.invalidField(field: name, reason: reason)) {
            try await db.submitCorrection(unit: unit, field: field, claimedValue: claimed, message: message, contact: nil, at: Self.t0)
        }
        #expect(try await db.corrections(status: nil).isEmpty)
        #expect(try await db.auditEntries().isEmpty)
    }

    @Test func resolvingNeedsAKnownRequestAndANote() async throws {
        let db = try TilsynDatabase.inMemory()
        let c = try await db.submitCorrection(unit: "P1", field: "f", claimedValue: "v", message: "m", contact: nil, at: Self.t0)
        await #expect(throws: StoreError.notFound(kind: "correction request", id: 42)) {
            try await db.resolveCorrection(id: 42, status: .rejected, by: "clerk", note: "n", at: Self.t0)
        }
        await #expect(throws: StoreError.invalidField(field: "note", reason: "must not be empty")) {
            try await db.resolveCorrection(id: c.id, status: .rejected, by: "clerk", note: " ", at: Self.t0)
        }
        await #expect(throws: StoreError.invalidField(field: "by", reason: "must not be empty")) {
            try await db.resolveCorrection(id: c.id, status: .rejected, by: "", note: "n", at: Self.t0)
        }
        #expect(try await db.correctionHistory(id: c.id).count == 1)
        #expect(StoreError.invalidField(field: "note", reason: "must not be empty").description == "note must not be empty.")
    }
}
