import Foundation
import Testing
import _TilsynTestSupport

/// Applying the suggested change and rescoring lands at or below the cut-off; only actionable features
/// are ever touched; "no change exists" is said plainly.
@Suite struct CounterfactualTests {
    static let tolerance = 1e-9

    /// Applies changes to a copy of the register row and rescores it.
    func rescore(_ fixture: ExplainFixtures.Case, row: Int, changes: [Counterfactual.Change]) throws -> Double {
        var table = fixture.register
        for change in changes {
            if let value = change.toValue {
                table = try table.settingNumber(value, column: change.feature, row: row)
            } else {
                table = try table.settingLevel(try #require(change.toLevel), column: change.feature, row: row)
            }
        }
        return try Explainer(model: fixture.model).explain(try fixture.model.encoder.prepare(table), row: row, unit: "u").logOdds
    }

    @Test func suggestionsLandAtTheCutoffAndTouchOnlyActionableFeatures() throws {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let cutoff = scores.logOdds[scores.order[999]]
        let actionable = Set(fixture.model.spec.features.filter { $0.advice != nil && $0.isDisclosed }.map(\.name))
        #expect(actionable == ["apv_overdue", "safety_org_registered", "overtime_hours_per_fte"])
        var outcomes: [Counterfactual.Outcome: Int] = [:]
        // Every third unit from rank 1 to 999: all above the cut-off.
        for row in scores.order.prefix(999).enumerated().filter({ $0.offset % 3 == 0 }).map(\.element) {
            let c = try Counterfactual.compute(explainer: explainer, prepared: prepared, row: row, cutoffLogOdds: cutoff, cutoffRank: 1000)
            outcomes[c.outcome, default: 0] += 1
            #expect(c.outcome != .alreadyBelow && c.outcome != .atCutoff)
            #expect(Set(c.considered).isSubset(of: actionable))
            #expect(Set(c.considered).union(c.notSuggested.map(\.feature)).isSuperset(of: actionable))
            for change in c.suggestion + c.options {
                #expect(actionable.contains(change.feature), "only actionable features: \(change.feature)")
                #expect(change.logOddsChange < 0, "only changes that lower the risk")
            }
            switch c.outcome {
            case .single, .combination:
                let after = try rescore(fixture, row: row, changes: c.suggestion)
                #expect(after <= cutoff + Self.tolerance, "row \(row): \(after) vs cut-off \(cutoff)")
                #expect(abs(after - (c.resultingLogOdds ?? .nan)) <= Self.tolerance)
                // Each single option alone does it too, and it is the smallest such change: just reaching the cut-off.
                for option in c.options {
                    let alone = try rescore(fixture, row: row, changes: [option])
                    #expect(alone <= cutoff + Self.tolerance)
                    if option.shareOfRange < 1 { #expect(abs(alone - cutoff) <= Self.tolerance, "continuous changes stop at the cut-off") }
                }
                // Clip ranges are respected.
                for change in c.suggestion {
                    if let v = change.toValue, let spec = fixture.model.spec.features.first(where: { $0.name == change.feature }), let clip = spec.clip {
                        #expect(v >= clip[0] && v <= clip[1])
                    }
                }
            case .none:
                // Even every actionable feature at its best value does not reach the cut-off.
                #expect(c.suggestion.isEmpty && c.options.isEmpty)
            case .alreadyBelow, .atCutoff:
                break
            }
        }
        #expect((outcomes[.single] ?? 0) > 0 && (outcomes[.combination] ?? 0) > 0 && (outcomes[.none] ?? 0) > 0, "\(outcomes)")
    }

    @Test func noChangeExistsAndAlreadyBelowAreSaidPlainly() throws {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let top = scores.order[0]
        let impossible = try Counterfactual.compute(explainer: explainer, prepared: prepared, row: top, cutoffLogOdds: -30)
        #expect(impossible.outcome == .none && impossible.suggestion.isEmpty && impossible.resultingLogOdds == nil)
        let below = try Counterfactual.compute(explainer: explainer, prepared: prepared, row: top, cutoffLogOdds: scores.logOdds[top] + 1)
        #expect(below.outcome == .alreadyBelow && below.suggestion.isEmpty)
        // Rendered, the statement is in the card's own words.
        var card = try explainer.explain(prepared, row: top, unit: scores.units[top])
        card.counterfactual = impossible
        #expect(card.counterfactual?.outcome == Counterfactual.Outcome.none)
    }

    @Test func transformsAreInvertedExactly() throws {
        // overtime_hours_per_fte is sqrt-transformed: the suggested raw value must give exactly the needed step.
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        var checked = 0
        for row in scores.order.prefix(3000) {
            let eta = scores.logOdds[row]
            let c = try Counterfactual.compute(explainer: explainer, prepared: prepared, row: row, cutoffLogOdds: eta - 0.05)
            guard let option = c.options.first(where: { $0.feature == "overtime_hours_per_fte" }) else { continue }
            let after = try rescore(fixture, row: row, changes: [option])
            #expect(abs(after - (eta - 0.05)) <= Self.tolerance)
            checked += 1
        }
        #expect(checked > 50)
    }
}
