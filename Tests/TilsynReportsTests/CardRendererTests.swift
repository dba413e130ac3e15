import Foundation
import Testing
import TilsynReports
import _TilsynTestSupport

/// What the rendered cards say in the situations a company may be in.
@Suite struct CardRendererTests {
    @Test func unseenCategoryUnderTheReferencePolicyIsExplainedOnTheCard() throws {
        let fixture = try ExplainFixtures.fair.get()
        var model = fixture.model
        if let k = model.spec.features.firstIndex(where: { $0.name == "occupation" }) { model.spec.features[k].unseen = .reference }
        let table = try fixture.register.settingLevel("9", column: "occupation", row: 4)
        let card = try Explainer(model: model).explain(try model.encoder.prepare(table), row: 4, unit: "F0005", asOf: "2026-03-02")
        let renderer = try CardRenderer()
        let en = try renderer.render(card, model: model, format: .md, language: "en", modelCard: "card.html")
        #expect(en.contains("occupation = 9: This category was not in the model's training data; it is scored as the reference category 1."))
        let da = try renderer.render(card, model: model, format: .html, language: "da", modelCard: "card.html")
        #expect(da.contains("fandtes ikke i modellens træningsdata") && da.contains("referencekategorien 1"))
    }

    @Test(arguments: [Counterfactual.Outcome.alreadyBelow, .single, .combination, .none])
    func everyCounterfactualOutcomeHasItsSentence(outcome: Counterfactual.Outcome) throws {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let cutoff = ListCutoff.rank(1000).logOdds(in: scores)
        // Search from the top for a unit with this outcome.
        var found: Explanation?
        for row in scores.order.prefix(1500) {
            let card = try explainer.card(prepared, row: row, scores: scores, asOf: "2026-03-02", cutoff: .rank(1000))
            if card.counterfactual?.outcome == outcome { found = card; break }
        }
        let card = try #require(found)
        #expect(card.counterfactual?.cutoffLogOdds == cutoff)
        let renderer = try CardRenderer()
        let en = try renderer.render(card, model: fixture.model, format: .md, language: "en", modelCard: "m")
        let expected = [
            Counterfactual.Outcome.alreadyBelow: "already below this cut-off",
            .single: "on its own, bring the score down",
            .combination: "No single change is enough",
            .none: "No change in the items the company can influence",
        ]
        #expect(en.contains(try #require(expected[outcome])))
        #expect(en.contains("(the 1,000 highest)"))
        for change in card.counterfactual?.suggestion ?? [] {
            #expect(en.contains("to \(change.to)"))
        }
    }
}
