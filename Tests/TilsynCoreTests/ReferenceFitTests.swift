import Foundation
import Testing
import TilsynNumerics
import _TilsynTestSupport

/// Known-answer tests: the whole path (CSV → encoding → IRLS → model.json numbers) against statsmodels,
/// scikit-learn and scipy on the fixtures written by `Fixtures/reference/make_reference.py`.
@Suite struct ReferenceFitTests {
    static let cases = ["fair", "spector", "synthetic", "synthetic_l2", "constrained", "adult"]

    func fitted(_ name: String) throws -> (FittedModel, Fixtures.Reference, DataTable) {
        let spec = try Fixtures.spec(name)
        let table = try Fixtures.table(name, spec: spec)
        let model = try ModelFitter.fit(spec: spec, table: table, trainingFile: "\(name).csv", trainingSHA256: "test", created: "2026-01-01T00:00:00Z")
        return (model, try Fixtures.reference(name), table)
    }

    @Test(arguments: cases)
    func coefficientsAndStandardErrorsAgreeWithTheReference(name: String) throws {
        let (model, reference, _) = try fitted(name)
        #expect(model.coefficients.map(\.name) == reference.design_columns)
        for (ours, theirs) in zip(model.coefficients, reference.coefficients) {
            #expect(ours.estimate.isClose(to: theirs.estimate, relative: 1e-6, floor: 1e-6), "\(name) \(ours.name) estimate \(ours.estimate) vs \(theirs.estimate)")
            #expect(ours.oddsRatio.isClose(to: theirs.odds_ratio, relative: 1e-6), "\(name) \(ours.name) odds ratio")
            if let se = theirs.std_error {
                let mine = try #require(ours.stdError, "\(name) \(ours.name) has no standard error")
                #expect(mine.isClose(to: se, relative: 1e-5), "\(name) \(ours.name) SE \(mine) vs \(se)")
                #expect(try #require(ours.z).isClose(to: try #require(theirs.z), relative: 1e-5))
                #expect(try #require(ours.pValue).isClose(to: try #require(theirs.p_value), relative: 1e-4, floor: 1e-300))
                #expect(try #require(ours.ciLow).isClose(to: try #require(theirs.ci_low), relative: 1e-5, floor: 1e-3))
                #expect(try #require(ours.ciHigh).isClose(to: try #require(theirs.ci_high), relative: 1e-5, floor: 1e-3))
            } else {
                #expect(ours.stdError == nil, "\(name) \(ours.name) should be held at its bound")
            }
        }
        #expect(model.fit.logLikelihood.isClose(to: reference.log_likelihood, relative: 1e-9))
        #expect(model.fit.deviance.isClose(to: reference.deviance, relative: 1e-9))
        #expect(model.fit.nullDeviance.isClose(to: reference.null_deviance, relative: 1e-9))
        #expect(model.fit.aic.isClose(to: reference.aic, relative: 1e-9))
        #expect(model.fit.n == reference.n && model.fit.events == reference.events)
        for (column, mean) in reference.reference_means {
            #expect(try #require(model.reference[column]).isClose(to: mean, relative: 1e-12, floor: 1e-12), "\(name) reference mean of \(column)")
        }
    }

    @Test(arguments: cases)
    func probabilitiesAgreeToOneInABillion(name: String) throws {
        let (model, reference, table) = try fitted(name)
        let scores = try Scorer.score(model: model, table: table)
        for (i, p) in reference.probabilities_first.enumerated() {
            #expect(abs(scores.probability[i] - p) <= 1e-9, "\(name) row \(i): \(scores.probability[i]) vs \(p)")
            #expect(abs(scores.logOdds[i] - reference.log_odds_first[i]) <= 1e-8 * max(1, abs(reference.log_odds_first[i])))
        }
    }

    @Test(arguments: cases)
    func designRowsMatchTheIndependentEncoder(name: String) throws {
        let (model, reference, table) = try fitted(name)
        let x = try model.encoder.designMatrix(table)
        for (i, row) in reference.design_first_rows.enumerated() {
            for (j, value) in row.enumerated() {
                #expect(x[i, j].isClose(to: value, relative: 1e-14, floor: 1e-14), "\(name) row \(i) column \(reference.design_columns[j])")
            }
        }
    }

    @Test func bindingConstraintIsReported() throws {
        let (model, reference, _) = try fitted("constrained")
        let binding = model.constraints.filter(\.binding).map(\.feature)
        #expect(binding == reference.binding)
        #expect(model.constraints.contains { !$0.binding && $0.direction == .decreasing })
        #expect(model.fit.warnings.contains { $0.contains("binds") })
    }

    @Test func fingerprintIsStableAndDetectsEdits() throws {
        let (model, _, _) = try fitted("spector")
        let data = try model.encodedForFile()
        let decoded = try FittedModel.decode(data, file: "model.json")
        #expect(decoded == model)
        // Same spec and data, different creation time: same fingerprint.
        let (again, _, _) = try fitted("spector")
        #expect(again.fingerprint == model.fingerprint)
        // Any edit to a number is detected.
        var text = try #require(String(data: data, encoding: .utf8))
        let original = "\"estimate\" : \(model.coefficients[1].estimate)"
        #expect(text.contains(original))
        text = text.replacingOccurrences(of: original, with: "\"estimate\" : 3.5")
        let error = #expect(throws: ModelFileError.self) { try FittedModel.decode(Data(text.utf8), file: "model.json") }
        let computed = try JSONDecoder().decode(FittedModel.self, from: Data(text.utf8)).computeFingerprint()
        #expect(error?.description == "model.json: the content does not match its fingerprint (stored \(model.fingerprint.prefix(12))…, computed \(computed.prefix(12))…); the file was changed after it was written — refit the model or restore the original file.")
    }
}
