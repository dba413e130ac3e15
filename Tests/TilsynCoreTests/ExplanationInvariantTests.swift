import Foundation
import Testing
import _TilsynTestSupport

/// `baseline_log_odds + Σ contributions = log_odds` for every unit, and the card's numbers re-derived
/// independently from model.json.
@Suite struct ExplanationInvariantTests {
    static let tolerance = 1e-9

    @Test(arguments: ["demo", "fair"])
    func invariantHoldsForEveryUnit(name: String) throws {
        let fixture = try (name == "demo" ? ExplainFixtures.demo : ExplainFixtures.fair).get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        // The --all path, in odd-sized chunks so rows straddle chunk edges.
        let top = try explainer.topLines(prepared, k: 3, threads: 2, chunk: 97)
        var worst = 0.0
        for row in 0..<fixture.register.rowCount {
            let e = try explainer.explain(prepared, row: row, unit: scores.units[row])
            worst = max(worst, abs(e.invariantResidual))
            #expect(e.logOdds == scores.logOdds[row], "row \(row): card and scorer agree to the bit")
            // Bit-identical to the single card: same numbers, same top lines.
            #expect(top.logOdds[row] == e.logOdds)
            let lines = (0..<3).map { explainer.lineFeatures[Int(top.lineIndex[row * 3 + $0])] }
            #expect(lines == e.contributions.prefix(3).map(\.feature), "row \(row): top lines agree")
            #expect((0..<3).map { top.contribution[row * 3 + $0] } == e.contributions.prefix(3).map(\.contribution))
        }
        #expect(worst <= Self.tolerance, "largest |baseline + Σ contributions − log_odds| = \(worst)")
    }

    /// The card against a computation that uses only model.json's numbers (parsed as plain JSON) and the
    /// raw CSV row, with the encoding written out by hand: `contribution = Σ βⱼ (xⱼ − refⱼ)`.
    @Test func cardMatchesIndependentComputationFromModelJSON() throws {
        let fixture = try ExplainFixtures.fair.get()
        let json = try #require(try JSONSerialization.jsonObject(with: fixture.model.encodedForFile()) as? [String: Any])
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        let reference = try #require(json["reference"] as? [String: Double])
        let beta = Dictionary(uniqueKeysWithValues: coefficients.compactMap { c in (c["name"] as? String).flatMap { n in (c["estimate"] as? Double).map { (n, $0) } } })
        let intercept = try #require(beta["(intercept)"])

        // Raw rows straight from the file.
        let text = try String(contentsOfFile: Fixtures.path("fair.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        func at(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        func x(_ column: String, _ row: [String]) throws -> Double {
            if let eq = column.firstIndex(of: "=") {
                let feature = String(column[..<eq]), level = String(column[column.index(after: eq)...])
                return row[try at(feature)] == level ? 1 : 0
            }
            let cell = row[try at(column)]
            let v = try #require(Double(cell))
            switch column {
            case "yrs_married": return log1p(v)
            case "children": return min(max(v, 0), 4)
            default: return v
            }
        }
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let baseline = intercept + beta.filter { $0.key != "(intercept)" }.reduce(0) { $0 + $1.value * (reference[$1.key] ?? .nan) }
        for row in [0, 1, 17, 999, 6365] {
            let raw = lines[row + 1]
            let card = try explainer.explain(prepared, row: row, unit: raw[0])
            #expect(card.baselineLogOdds.isClose(to: baseline, relative: 1e-12))
            var logOdds = intercept
            for line in card.contributions {
                let columns = beta.keys.filter { $0 == line.feature || $0.hasPrefix(line.feature + "=") }
                var expected = 0.0
                for column in columns {
                    let xv = try x(column, raw)
                    expected += (beta[column] ?? .nan) * (xv - (reference[column] ?? .nan))
                    logOdds += (beta[column] ?? .nan) * xv
                }
                #expect(line.contribution.isClose(to: expected, relative: 1e-12, floor: 1e-12), "row \(row) \(line.feature)")
                #expect(line.columns.count == columns.count)
                let rawValue = raw[try at(line.feature)]
                #expect(line.value == FeatureEncoding.formatNumber(try #require(Double(rawValue))), "the value as registered, untransformed")
            }
            #expect(card.logOdds.isClose(to: logOdds, relative: 1e-12))
            #expect(card.probability.isClose(to: 1 / (1 + exp(-logOdds)), relative: 1e-12))
            #expect(card.baselineProbability.isClose(to: 1 / (1 + exp(-baseline)), relative: 1e-12))
        }
    }

    @Test func rankAndPercentileComeFromTheWholeFile() throws {
        let fixture = try ExplainFixtures.fair.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let scores = try Scorer.score(model: fixture.model, table: fixture.register, threads: 2)
        let top = scores.order[0], last = scores.order[scores.order.count - 1]
        let first = try explainer.card(prepared, row: top, scores: scores, asOf: "2026-03-01", list: nil)
        #expect(first.rank == 1 && first.population == 6366)
        #expect(first.percentile.map { $0.isClose(to: 100 * 6365 / 6366.0, relative: 1e-12) } == true)
        #expect(first.contributions.allSatisfy { $0.asOf == "2026-03-01" })
        let bottom = try explainer.card(prepared, row: last, scores: scores, asOf: nil, list: nil)
        #expect(bottom.rank == 6366 && bottom.percentile == 0)
    }

    @Test func missingValuesAreExplicit() throws {
        let fixture = try ExplainFixtures.demo.get()
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let days = try fixture.register.numeric("days_since_last_inspection")
        let row = try #require(days.firstIndex { $0.isNaN })
        let card = try explainer.explain(prepared, row: row, unit: "u")
        let line = try #require(card.contributions.first { $0.feature == "days_since_last_inspection" })
        #expect(line.missing && line.value == nil)
        #expect(line.columns.map(\.name).contains("days_since_last_inspection:missing"))
        #expect(abs(card.invariantResidual) <= 1e-9)
    }

    @Test func undisclosedFeaturesAreMergedAndNeverNamed() throws {
        let fixture = try ExplainFixtures.demo.get()
        let hidden = fixture.model.spec.features.filter { !$0.isDisclosed }.map(\.name)
        #expect(hidden == ["complaints_1y"])
        let explainer = Explainer(model: fixture.model)
        let prepared = try fixture.model.encoder.prepare(fixture.register)
        let complaints = try fixture.register.numeric("complaints_1y")
        let row = try #require(complaints.firstIndex { $0 > 0 })
        let card = try explainer.explain(prepared, row: row, unit: "u")
        let merged = try #require(card.contributions.first { $0.feature == Explanation.undisclosedFeature })
        #expect(merged.value == nil && merged.columns.isEmpty && merged.source == nil && !merged.disclosed)
        #expect(abs(card.invariantResidual) <= 1e-9)
        let encoded = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        for name in hidden { #expect(!encoded.contains(name)) }
    }

    @Test func unseenCategoryIsAnErrorOrTheReferencePolicy() throws {
        let fixture = try ExplainFixtures.fair.get()
        let bad = try fixture.register.settingLevel("9", column: "occupation", row: 4)
        #expect {
            _ = try Explainer(model: fixture.model).explain(try fixture.model.encoder.prepare(bad), row: 4, unit: "F0005")
        } throws: { error in
            let text = "\(error)"
            return text.contains("line 6") && text.contains("column 'occupation'") && text.contains("'9'") && text.contains("unseen")
        }
        // With "unseen": "reference" the unit is scored as the reference level, and the card says so.
        var model = fixture.model
        if let k = model.spec.features.firstIndex(where: { $0.name == "occupation" }) { model.spec.features[k].unseen = .reference }
        let card = try Explainer(model: model).explain(try model.encoder.prepare(bad), row: 4, unit: "F0005")
        let line = try #require(card.contributions.first { $0.feature == "occupation" })
        #expect(line.unseen && line.value == "9")
        #expect(line.columns.allSatisfy { $0.x == 0 }, "scored as the reference level")
        #expect(abs(card.invariantResidual) <= 1e-9)
    }
}
