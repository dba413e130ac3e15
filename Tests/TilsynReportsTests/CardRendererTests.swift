import Foundation
import Testing
import TilsynReports
import _TilsynTestSupport

/// What the rendered cards say in the situations a company may be in.
@Suite struct CardRendererTests {
    static let links = CardLinks(modelCard: "card.html", method: nil, contact: CardContact(name: LocalizedText(da: "AT", en: "AT"), phone: "70 12 12 88", email: nil))

    @Test func unseenCategoryUnderTheReferencePolicyIsExplainedOnTheCard() throws {
        let fixture = try ExplainFixtures.fair.get()
        var model = fixture.model
        if let k = model.spec.features.firstIndex(where: { $0.name == "occupation" }) { model.spec.features[k].unseen = .reference }
        let table = try fixture.register.settingLevel("9", column: "occupation", row: 4)
        let card = try Explainer(model: model).explain(try model.encoder.prepare(table), row: 4, unit: "F0005", asOf: "2026-03-02")
        let renderer = try CardRenderer()
        let en = try renderer.render(card, model: model, format: .md, language: "en", links: Self.links)
        #expect(en.contains("occupation = 9: This category was not in the model's training data; it is scored as the reference category 1."))
        let da = try renderer.render(card, model: model, format: .html, language: "da", links: Self.links)
        #expect(da.contains("fandtes ikke i modellens træningsdata") && da.contains("referencekategorien 1"))
    }

    @Test(arguments: [Counterfactual.Outcome.single, .combination, .none])
    func everyCounterfactualOutcomeHasItsSentence(outcome: Counterfactual.Outcome) throws {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        // A list of the top 1,000 by risk, no regions: the cut-off is the 1,000th unit.
        let rows = scores.order.prefix(1000).enumerated().map { i, row in
            IssuedList.Row(rank: i + 1, unit: scores.units[row], channel: "risk", probability: scores.probability[row], region: nil, inclusionProbability: nil)
        }
        let list = IssuedList(id: String(repeating: "a", count: 64), asOf: "2026-03-02", fingerprint: fixture.model.fingerprint, rows: rows)
        var found: Explanation?
        for row in scores.order.prefix(999) {
            let card = try explainer.card(prepared, row: row, scores: scores, asOf: "2026-03-02", list: list)
            if card.counterfactual?.outcome == outcome { found = card; break }
        }
        let card = try #require(found)
        let renderer = try CardRenderer()
        let en = try renderer.render(card, model: fixture.model, format: .md, language: "en", links: Self.links)
        let expected = [
            Counterfactual.Outcome.single: "on its own, bring the chance down",
            .combination: "No single change is enough",
            .none: "None of the changes we can suggest",
        ]
        #expect(en.contains(try #require(expected[outcome])))
        #expect(en.contains("The last place filled by score is number 1,000 on the list"))
        #expect(en.contains("We do not suggest changing other items"))
    }
}
