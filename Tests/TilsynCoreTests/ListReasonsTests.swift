import Foundation
import Testing
@testable import TilsynCore

/// The reasons an inspector's list gives: only what raises the score, in percentage points, largest first,
/// the confidential line kept but without a value.
@Suite struct ListReasonsTests {
    static func line(_ feature: String, _ contribution: Double, value: String? = "3", disclosed: Bool = true) -> Explanation.Contribution {
        .init(feature: feature, value: disclosed ? value : nil, missing: false, contribution: contribution, source: nil, asOf: nil,
              text: LocalizedText(da: feature, en: feature), unitOfMeasure: nil, correction: nil, disclosed: disclosed, actionable: false, columns: [])
    }

    static func explanation(logOdds: Double, _ lines: [Explanation.Contribution]) -> Explanation {
        Explanation(unit: "u", model: .init(name: "m", version: "1", fingerprint: "f"), probability: Scorer.logistic(logOdds), logOdds: logOdds,
                    baselineLogOdds: 0, baselineProbability: 0.5, rank: nil, percentile: nil, population: nil,
                    contributions: lines.sorted { abs($0.contribution) > abs($1.contribution) }, asOf: nil)
    }

    @Test func reasonsAreWhatRaisesTheProbabilityInPercentagePoints() {
        let e = Self.explanation(logOdds: 0.4, [
            Self.line("a", 1.0), Self.line("b", -0.6), Self.line(Explanation.undisclosedFeature, 0.2, disclosed: false),
            Self.line("c", 0.05), Self.line("d", 0.0001), Self.line("e", 0.3),
        ])
        let reasons = ListReasons.plain(e)
        // Expected points: 100 (σ(0.4) − σ(0.4 − c)), computed independently.
        func points(_ c: Double) -> Double { 100 * (1 / (1 + exp(-0.4)) - 1 / (1 + exp(-(0.4 - c)))) }
        #expect(reasons.map(\.feature) == ["a", "e", Explanation.undisclosedFeature])
        for (reason, c) in zip(reasons, [1.0, 0.3, 0.2]) {
            #expect(abs(reason.points - points(c)) <= 1e-12 * abs(points(c)), "relative tolerance 1e-12")
        }
        #expect(reasons[2].confidential && reasons[2].value == nil)
        #expect(!reasons[0].confidential && reasons[0].value == "3")
        // Fewer than three when fewer lines raise it; a line worth less than half a hundredth of a point is none.
        let few = ListReasons.plain(Self.explanation(logOdds: 0, [Self.line("a", 0.5), Self.line("b", -1), Self.line("d", 0.0001)]))
        #expect(few.map(\.feature) == ["a"])
    }
}
