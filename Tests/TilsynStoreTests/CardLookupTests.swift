import Foundation
import Testing
import TilsynCore
@testable import TilsynStore
import _TilsynTestSupport

/// A card's one read of the store (``TilsynDatabase/cardLookup(unit:fingerprint:)``) answers what the
/// three reads it replaces answer, and the hand-written audit detail is `JSONSerialization`'s to the byte.
@Suite struct CardLookupTests {
    static let t0 = isoTime("2026-03-01T10:00:00Z")

    @Test func theOneReadAgreesWithTheThreeItReplaces() async throws {
        let db = try TilsynDatabase.inMemory()
        let model = try ExplainFixtures.demo.get().model
        let codes = try await db.issueAccessCodes(units: ["U1", "U2"], at: Self.t0)
        var lookup = try await db.cardLookup(unit: "U1", fingerprint: model.fingerprint)
        #expect(lookup.latestDecision == nil && lookup.approval == nil && lookup.listIDs.isEmpty)
        #expect(lookup.codeMatches(codes[0].code) && lookup.codeMatches(codes[0].code.lowercased()))
        #expect(!lookup.codeMatches(codes[1].code), "another unit's code")
        #expect(!lookup.codeMatches(""))
        #expect(try await !db.cardLookup(unit: "U9", fingerprint: model.fingerprint).codeMatches(codes[0].code), "unknown unit")

        try await db.recordDecision(for: model, by: "board", decision: .approved, note: "minutes 1", at: Self.t0)
        for _ in 0..<2 {
            try await db.recordList(ListDraft(
                manifest: "{}", listSHA256: String(repeating: "ab", count: 32), fingerprint: model.fingerprint, asOf: "2026-03-02",
                issuedBy: "planner", rows: [.init(rank: 1, unit: "U1", channel: "risk", probability: 0.4, region: nil)]), at: Self.t0)
        }
        lookup = try await db.cardLookup(unit: "U1", fingerprint: model.fingerprint)
        #expect(lookup.approval == (try await db.approval(fingerprint: model.fingerprint)))
        #expect(lookup.approval != nil)
        #expect(lookup.listIDs == (try await db.listIDs(fingerprint: model.fingerprint)))
        #expect(lookup.listIDs.count == 2)
        #expect(try await db.cardLookup(unit: "U1", fingerprint: "another").listIDs.isEmpty)

        // A later rejection is the latest decision, and withdraws the approval.
        try await db.recordDecision(for: model, by: "board", decision: .rejected, note: "minutes 2", at: Self.t0)
        lookup = try await db.cardLookup(unit: "U1", fingerprint: model.fingerprint)
        #expect(lookup.latestDecision?.decision == .rejected)
        #expect(lookup.approval == nil)
        #expect(try await db.approval(fingerprint: model.fingerprint) == nil)
    }

    @Test func theHandWrittenDetailIsJSONSerializationsByteForByte() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "\u{7F}",
                                     "æ", "ø", "€", "😀", "\u{2028}", "<", ">", "&", "'", "{", ":"]
        func random() -> String { String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }) }
        for _ in 0..<2_000 {
            let (a, b, c) = (random(), random(), random())
            let n = Int64.random(in: -1_000_000...Int64.max, using: &generator)
            let hand = AuditChain.detail(["format": .string(a), "card_id": .int(n), "channel": .string(b), "language": .string(c)]
                as KeyValuePairs<String, AuditChain.DetailValue>)
            let library = AuditChain.detail(["format": a, "card_id": n, "channel": b, "language": c] as [String: any Sendable])
            #expect(hand == library, "\(a.debugDescription) \(b.debugDescription) \(c.debugDescription)")
        }
        #expect(AuditChain.detail(["client": .string("192.0.2.7"), "reason": .string("wrong code")] as KeyValuePairs<String, AuditChain.DetailValue>)
                == #"{"client":"192.0.2.7","reason":"wrong code"}"#)
    }
}
