import Foundation
import Testing
import TilsynCore
import TilsynReports
import _TilsynTestSupport

/// The service's compact JSON card (``CardJSON``) holds what `JSONEncoder`'s card holds, less the texts
/// it leaves to ``CardTextsDocument``: the same values after decoding, whatever the strings and numbers.
@Suite struct CardJSONTests {
    /// The explanation as the compact card carries it: every line's correction and unit left out.
    static func withoutSharedTexts(_ e: Explanation) -> Explanation {
        var e = e
        for i in e.contributions.indices {
            e.contributions[i].correction = nil
            e.contributions[i].unitOfMeasure = nil
        }
        return e
    }

    @Test(arguments: [Counterfactual.Outcome.single, .combination, .none])
    func aCompactCardDecodesToTheExplanationWithoutItsSharedTexts(outcome: Counterfactual.Outcome) throws {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let rows = scores.order.prefix(1000).enumerated().map { i, row in
            IssuedList.Row(rank: i + 1, unit: scores.units[row], channel: "risk", probability: scores.probability[row], region: nil, inclusionProbability: nil)
        }
        let list = IssuedList(id: "store:1", asOf: "2026-03-02", fingerprint: fixture.model.fingerprint, rows: rows)
        var found: Explanation?
        for row in scores.order.prefix(1200) {
            let card = try explainer.card(prepared, row: row, scores: scores, asOf: "2026-03-02", list: list)
            if card.counterfactual?.outcome == outcome { found = card; break }
        }
        var card = try #require(found)
        // Strings that need escaping, and numbers at the edges of their spelling.
        card.contributions[0].value = "a \"quoted\" \\ back\u{1}slash\n\tæøå €"
        card.contributions[0].columns[0].x = 1e-300
        card.contributions[0].columns[0].reference = 1.0
        card.contributions[0].columns[0].coefficient = -0.0
        card.unit = "</script>&<"
        let text = CardJSON.text(card, texts: "/api/v1/company/card-texts")
        let decoded = try JSONDecoder().decode(Explanation.self, from: Data(text.utf8))
        #expect(decoded == Self.withoutSharedTexts(card))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["texts"] as? String == "/api/v1/company/card-texts")
        #expect(!text.contains("\n  "), "compact")
        #expect(text.hasSuffix("}\n"))
        // The same keys as JSONEncoder's card, in the same order, bar the texts left out and `texts` added.
        let renderer = try CardRenderer()
        let full = try renderer.render(card, model: fixture.model, format: .json, language: "da",
                                       links: CardLinks(modelCard: nil, method: nil, contact: CardContact(name: LocalizedText(da: "AT", en: "AT"), phone: "1", email: nil)))
        let fullObject = try #require(try JSONSerialization.jsonObject(with: Data(full.utf8)) as? [String: Any])
        #expect(Set(object.keys) == Set(fullObject.keys).union(["texts"]))
        #expect(text.utf8.count * 2 < full.utf8.count, "\(text.utf8.count) bytes against \(full.utf8.count)")
    }

    /// The shared texts document gives back exactly what the compact card leaves out.
    @Test func theTextsDocumentRestoresTheFullCard() throws {
        let fixture = try ExplainFixtures.demo.get()
        let card = try Explainer(model: fixture.model).explain(try fixture.model.encoder.prepare(fixture.register), row: 3, unit: "U", asOf: "2026-03-02")
        let compact = try JSONDecoder().decode(Explanation.self, from: Data(CardJSON.text(card, texts: "t").utf8))
        struct Texts: Decodable {
            struct Line: Decodable {
                var correction: LocalizedText?
                var unit_of_measure: LocalizedText?
            }
            var features: [String: Line]
            var model: Explanation.ModelIdentity
        }
        let texts = try JSONDecoder().decode(Texts.self, from: Data(CardTextsDocument.text(model: fixture.model).utf8))
        #expect(texts.model == card.model)
        var restored = compact
        for i in restored.contributions.indices {
            let line = try #require(texts.features[restored.contributions[i].feature], "\(restored.contributions[i].feature)")
            restored.contributions[i].correction = line.correction
            restored.contributions[i].unitOfMeasure = line.unit_of_measure
        }
        #expect(restored == card)
    }
}
