import Foundation
import Testing
import TilsynCore
import TilsynReports
import _TilsynTestSupport

/// The summary JSON card (``CardJSON/summary(_:texts:)``): its lines are the full card's to the bit, the
/// texts it leaves out are the shared document's, and it is a few kilobytes.
@Suite struct CardSummaryJSONTests {
    struct Summary: Decodable {
        struct Line: Decodable {
            var contribution: Double
            var feature: String
            var value: String?
            var flags: [String]?
        }
        var as_of: String?
        var baseline_log_odds: Double
        var baseline_probability: Double
        var contributions: [Line]
        var counterfactual: Counterfactual?
        var detail: String
        var log_odds: Double
        var model: Explanation.ModelIdentity
        var percentile: Double?
        var population: Int?
        var probability: Double
        var rank: Int?
        var selection: ListSelection?
        var texts: String?
        var unit: String
    }

    /// Cards of the demo model about a list, one per counterfactual outcome, with lines made to carry
    /// every flag and a date of their own.
    static func cards() throws -> [Explanation] {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let rows = scores.order.prefix(1000).enumerated().map { i, row in
            IssuedList.Row(rank: i + 1, unit: scores.units[row], channel: "risk", probability: scores.probability[row], region: nil, inclusionProbability: nil)
        }
        let list = IssuedList(id: "store:1", asOf: "2026-03-02", fingerprint: fixture.model.fingerprint, rows: rows)
        var found: [Counterfactual.Outcome: Explanation] = [:]
        for row in scores.order.prefix(1200) where found.count < 3 {
            let card = try explainer.card(prepared, row: row, scores: scores, asOf: "2026-03-02", list: list)
            if let outcome = card.counterfactual?.outcome, found[outcome] == nil { found[outcome] = card }
        }
        var cards = [Counterfactual.Outcome.single, .combination, .none].compactMap { found[$0] }
        cards.append(try explainer.explain(prepared, row: 3, unit: "U", asOf: "2026-03-02"))
        for i in cards.indices {
            cards[i].contributions[0].value = "a \"quoted\" \\ value\n"
            cards[i].contributions[1].asOf = "2025-12-31"
            cards[i].contributions[2].asOf = nil
            cards[i].contributions[1].missing = true
            cards[i].contributions[1].value = nil
            cards[i].contributions[2].unseen = true
            cards[i].contributions[3].actionable = true
        }
        return cards
    }

    @Test func theSummaryLinesAreTheFullCardsLines() throws {
        let cards = try Self.cards()
        #expect(cards.count == 4)
        for card in cards {
            let text = CardJSON.summary(card, texts: "/t")
            let summary = try JSONDecoder().decode(Summary.self, from: Data(text.utf8))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let rawLines = try #require(object["contributions"] as? [[String: Any]])
            #expect(summary.detail == "summary")
            #expect(summary.texts == "/t")
            #expect(summary.unit == card.unit && summary.model == card.model && summary.as_of == card.asOf)
            #expect(summary.probability == card.probability && summary.log_odds == card.logOdds)
            #expect(summary.baseline_log_odds == card.baselineLogOdds && summary.baseline_probability == card.baselineProbability)
            #expect(summary.rank == card.rank && summary.percentile == card.percentile && summary.population == card.population)
            #expect(summary.selection == card.selection)
            #expect(summary.contributions.count == card.contributions.count)
            for (i, (line, full)) in zip(summary.contributions, card.contributions).enumerated() {
                #expect(line.feature == full.feature)
                #expect(line.value == full.value)
                #expect(line.contribution.bitPattern == full.contribution.bitPattern, "\(full.feature)")
                #expect(line.flags ?? [] == full.summaryFlags)
                #expect(Set(line.flags ?? []) == Set([full.actionable ? "actionable" : nil, full.missing ? "missing" : nil,
                                                      full.disclosed ? nil : "undisclosed", full.unseen ? "unseen" : nil].compactMap { $0 }))
                // A line's date is written only where it is not the card's.
                let raw = rawLines[i]
                if full.asOf == card.asOf { #expect(raw["as_of"] == nil) } else { #expect(raw["as_of"] as? String == full.asOf) }
                #expect(raw["columns"] == nil && raw["text"] == nil && raw["source"] == nil)
            }
            #expect(rawLines[1]["as_of"] as? String == "2025-12-31")
            #expect(rawLines[2].keys.contains("as_of") && rawLines[2]["as_of"] is NSNull)
            // The baseline and the lines still add up to the card's log-odds.
            let sum = summary.contributions.reduce(summary.baseline_log_odds) { $0 + $1.contribution }
            #expect(abs(sum - summary.log_odds) < 1e-9)
            if var expected = card.counterfactual {
                expected.notSuggested.removeAll { $0.reason == .noAdvice }
                #expect(summary.counterfactual == expected)
            } else {
                #expect(summary.counterfactual == nil)
            }
        }
    }

    @Test func theTextsDocumentHoldsWhatTheSummaryLeavesOut() throws {
        let fixture = try ExplainFixtures.demo.get()
        struct Texts: Decodable {
            struct Line: Decodable {
                var source: String?
                var text: LocalizedText?
            }
            var features: [String: Line]
        }
        let texts = try JSONDecoder().decode(Texts.self, from: Data(CardTextsDocument.text(model: fixture.model).utf8))
        for card in try Self.cards() {
            for line in card.contributions {
                let shared = try #require(texts.features[line.feature], "\(line.feature)")
                #expect(shared.source == line.source, "\(line.feature)")
                #expect(shared.text == line.text, "\(line.feature)")
            }
        }
    }

    @Test func theSummaryIsAFewKilobytesAndAFractionOfTheFullCard() throws {
        for card in try Self.cards() {
            let summary = CardJSON.summary(card, texts: "/api/v1/company/card-texts")
            let full = CardJSON.text(card, texts: "/api/v1/company/card-texts")
            #expect(summary.utf8.count < 6_000, "\(summary.utf8.count) bytes")
            #expect(summary.utf8.count * 4 < full.utf8.count, "\(summary.utf8.count) against \(full.utf8.count)")
            #expect(summary.hasSuffix("}\n") && !summary.contains("\n "))
        }
    }
}
