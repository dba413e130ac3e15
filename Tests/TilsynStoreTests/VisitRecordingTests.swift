import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

/// Decisions and outcomes on a recorded list ⚖: each audited, each refusal one sentence, and the
/// history rows carrying channel, inclusion probability, model and score at selection.
@Suite struct VisitRecordingTests {
    static let t0 = isoTime("2026-03-09T10:00:00Z")

    /// A list of four units: U1, U2 risk (π = 1), U3, U4 random (π = 0.02), with their selections.
    static func store() async throws -> (TilsynDatabase, Int64) {
        let db = try TilsynDatabase.inMemory()
        let rows: [ListDraft.Row] = [
            .init(rank: 1, unit: "U1", channel: "risk", probability: 0.61, region: "Fyn"),
            .init(rank: 2, unit: "U2", channel: "risk", probability: 0.55, region: "Fyn"),
            .init(rank: 3, unit: "U3", channel: "random", probability: 0.12, region: "Fyn"),
            .init(rank: 4, unit: "U4", channel: "random", probability: 0.08, region: "Fyn"),
        ]
        let selections = rows.map { UnitSelection(unit: $0.unit, inclusionProbability: $0.channel == "risk" ? 1 : 0.02,
                                                  features: ["employees": "\($0.rank * 10)", "industry": "IG0\($0.rank)"]) }
        let list = try await db.recordList(ListDraft(manifest: "{}", listSHA256: String(repeating: "ab", count: 32), fingerprint: "fp1",
                                               asOf: "2026-03-02", issuedBy: "planner", rows: rows, selections: selections), at: t0)
        return (db, list.id)
    }

    static func visit(_ unit: String, _ status: VisitStatus, _ reason: NonVisitReason? = nil, text: String = "") -> VisitDraft {
        VisitDraft(unit: unit, status: status, reason: reason, reasonText: text, date: "2026-03-10", inspector: "insp-7")
    }

    @Test func decisionsAndOutcomesAreRecordedEachWithAnAuditEntry() async throws {
        let (db, id) = try await Self.store()
        let before = try await db.auditEntries().count
        try await db.recordVisits(listID: id, [
            Self.visit("U1", .visited), Self.visit("U2", .notVisited, .closed), Self.visit("U3", .visited),
            Self.visit("U4", .deferred), Self.visit("X9", .manual, text: "complaint from an employee"),
        ], recordedBy: "inspector:insp-7", at: Self.t0)
        try await db.recordOutcomes(listID: id, [
            OutcomeDraft(unit: "U1", violationFound: true, reactions: [.paabud, .strakspaabud], date: "2026-03-10", inspector: "insp-7"),
            OutcomeDraft(unit: "U3", violationFound: false, reactions: [.vejledning], date: "2026-03-11", inspector: "insp-8"),
            OutcomeDraft(unit: "X9", violationFound: true, reactions: [.forbud], date: "2026-03-12", inspector: "insp-7"),
        ], recordedBy: "inspector:insp-7", at: Self.t0)
        let entries = try await db.auditEntries()
        #expect(entries.count == before + 8, "five decisions and three outcomes, one entry each")
        #expect(entries.suffix(8).map(\.event) == Array(repeating: "visit.recorded", count: 5) + Array(repeating: "outcome.recorded", count: 3))
        #expect(entries[before + 1].detail == #"{"date":"2026-03-10","inspector":"insp-7","reason":"closed","status":"not_visited","unit":"U2"}"#)
        #expect(entries.last?.detail == #"{"date":"2026-03-12","inspector":"insp-7","reactions":"forbud","unit":"X9","violation_found":1}"#)
        #expect(try await db.verifyAuditChain().firstBroken == nil)

        let history = try await db.visitHistory()
        #expect(history.map(\.unit) == ["U1", "U2", "U3", "X9"], "final decisions only; the deferral is not one")
        let u1 = try #require(history.first)
        #expect(u1.channel == "risk" && u1.inclusionProbability == 1 && u1.scoreAtSelection == 0.61 && u1.fingerprint == "fp1")
        #expect(u1.features == ["employees": "10", "industry": "IG01"])
        #expect(u1.violationFound == true && u1.reactions == [.strakspaabud, .paabud])
        let u3 = history[2]
        #expect(u3.channel == "random" && u3.inclusionProbability == 0.02 && u3.outcomeInspector == "insp-8")
        let x9 = history[3]
        #expect(x9.channel == "manual" && x9.inclusionProbability == nil && x9.features == nil && x9.reasonText == "complaint from an employee")
        #expect(try await db.randomArms() == [RandomArmStratum(listID: id, region: "Fyn", drawn: 2, inclusionProbability: 0.02)])
        // A deferred unit may get its final decision later.
        try await db.recordVisits(listID: id, [Self.visit("U4", .visited)], recordedBy: "inspector:insp-7", at: Self.t0)
        #expect(try await db.visits(listID: id).filter { $0.unit == "U4" }.map(\.status) == [.deferred, .visited])
    }

    static func refusal(_ body: () async throws -> Void) async -> String? {
        do { try await body() } catch let e as CycleBatchError { return e.refusal.description } catch { return "\(error)" }
        return nil
    }

    @Test func refusalsAreOneSentenceAndRecordNothing() async throws {
        let (db, id) = try await Self.store()
        try await db.recordVisits(listID: id, [Self.visit("U1", .visited)], recordedBy: "i", at: Self.t0)
        try await db.recordOutcomes(listID: id, [OutcomeDraft(unit: "U1", violationFound: false, reactions: [.none], date: "2026-03-10", inspector: "i")],
                              recordedBy: "i", at: Self.t0)
        let before = try await db.auditEntries().count
        func visits(_ d: [VisitDraft], list: Int64? = nil) async -> String? {
            await Self.refusal { try await db.recordVisits(listID: list ?? id, d, recordedBy: "i", at: Self.t0) }
        }
        func outcome(_ unit: String, _ found: Bool, _ r: [Reaction]) async -> String? {
            await Self.refusal { try await db.recordOutcomes(listID: id, [OutcomeDraft(unit: unit, violationFound: found, reactions: r, date: "2026-03-10", inspector: "i")], recordedBy: "i", at: Self.t0) }
        }
        #expect(await visits([Self.visit("U2", .visited)], list: 42) == "there is no list 42 in the store; give the id of an issued list (tilsyn audit shows them).")
        #expect(await visits([Self.visit("U2", .visited), Self.visit("Z1", .visited)]) == "unit 'Z1' is not on list \(id); record a swap or an addition as status manual with its reason.")
        #expect(await visits([Self.visit("U2", .manual, text: "x")]) == "unit 'U2' is on list \(id), so it is not a manual addition; give visited, not_visited or deferred.")
        #expect(await visits([Self.visit("U1", .notVisited, .moved)]) == "unit 'U1' on list \(id) already has the decision visited (2026-03-10); a visit is decided once.")
        #expect(await visits([Self.visit("U2", .notVisited)]) == "unit 'U2' is not_visited without a reason; give closed, moved, not_found, capacity or other.")
        #expect(await visits([Self.visit("U2", .notVisited, .other)]) == "unit 'U2' needs what the other reason was in the text column.")
        #expect(await visits([Self.visit("Z1", .manual)]) == "unit 'Z1' needs why it was swapped in or added (the suspicion, the unit it replaces) in the text column.")
        #expect(await visits([Self.visit("U2", .visited, .closed)]) == "unit 'U2' is visited, which takes no non-visit reason; leave the reason empty or say not_visited.")
        #expect(await visits([Self.visit("U2", .visited), Self.visit("U2", .deferred)]) == "unit 'U2' appears twice in the file; give one decision or outcome per unit.")
        #expect(await visits([VisitDraft(unit: "U2", status: .visited, reason: nil, reasonText: "", date: "2026-02-30", inspector: "i")])
            == "unit 'U2' has the date '2026-02-30', which is not a calendar date YYYY-MM-DD.")
        #expect(await visits([VisitDraft(unit: "U2", status: .visited, reason: nil, reasonText: "", date: "2026-03-10", inspector: " ")])
            == "unit 'U2' names no inspector; every decision and outcome says who made it.")
        #expect(await outcome("U1", true, [.paabud]) == "unit 'U1' on list \(id) already has an outcome (2026-03-10); an outcome is recorded once per visit.")
        #expect(await outcome("U2", true, [.paabud]) == "unit 'U2' has no recorded visit on list \(id); record the visit first (tilsyn visits record).")
        try await db.recordVisits(listID: id, [Self.visit("U3", .visited)], recordedBy: "i", at: Self.t0)
        let mid = try await db.auditEntries().count
        #expect(await outcome("U3", false, [.forbud]) == "unit 'U3' has the reaction forbud but violation_found 0; a forbud follows a violation.")
        #expect(await outcome("U3", true, [.none, .paabud]) == "unit 'U3' gives the reaction none together with others; give none alone or leave it out.")
        #expect(await outcome("U3", true, []) == "unit 'U3' gives no reaction; give strakspåbud, påbud, forbud, vejledning or none.")
        #expect(try await db.auditEntries().count == mid, "a refused batch records nothing")
        #expect(mid == before + 1)
        // The schema refuses an edit even if code tried one.
        await #expect(throws: (any Error).self) { try await db.writer.write { try $0.execute(sql: "UPDATE visit SET status = 'visited'") } }
        await #expect(throws: (any Error).self) { try await db.writer.write { try $0.execute(sql: "DELETE FROM outcome") } }
    }
}
