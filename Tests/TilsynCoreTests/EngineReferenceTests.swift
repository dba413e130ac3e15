import Foundation
import Testing
import TilsynNumerics
import _TilsynTestSupport

/// The logistic engine on real data (issue 15), against the references of
/// `Fixtures/reference/engine_reference.py`: UCI Adult is fitted (not refused) and agrees with statsmodels;
/// Firth's fit and its Wald and profile intervals agree with firthmodels on real and separated data; the
/// cluster-robust and HC covariances agree with statsmodels.
@Suite struct EngineReferenceTests {
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func numbers(_ object: [String: Any], _ key: String) throws -> [Double] {
        try #require(object[key] as? [Double], "\(key) missing")
    }

    static func fit(_ caseName: String, spec: ModelSpec? = nil) throws -> (FittedModel, DataTable) {
        let spec = try spec ?? Fixtures.spec(caseName)
        let table = try Fixtures.table(caseName, spec: spec)
        let model = try ModelFitter.fit(spec: spec, table: table, trainingFile: "\(caseName).csv", trainingSHA256: "test", created: "")
        return (model, table)
    }

    // MARK: Adult

    /// The old rule (any |η| > 25) refused Adult as separated; the exact test runs, finds the estimate
    /// exists, and says so in the model.
    @Test func adultIsFittedAndTheExactTestSaysWhy() throws {
        let (model, _) = try Self.fit("adult")
        let reference = try Self.json("adult.reference.json")
        let saturated = try #require(reference["saturated_rows"] as? Int)
        #expect(saturated > 100, "Adult has rows fitted within 1e-10 of 1 (capital gain 99,999)")
        let test = try #require(model.fit.separationTest)
        #expect(test.contains("the estimate exists although \(saturated) of 30148 rows"), "\(test)")
        #expect(model.fit.converged)
        // The saturated rows themselves score as statsmodels scores them.
        let (fitted, table) = try Self.fit("adult")
        let scores = try Scorer.score(model: fitted, table: table)
        let rows = try #require(reference["saturated_row_indices"] as? [Int])
        #expect(rows.count == saturated)
        for (i, eta) in zip(rows, try Self.numbers(reference, "saturated_log_odds")) {
            #expect(scores.logOdds[i].isClose(to: eta, relative: 1e-8), "row \(i): \(scores.logOdds[i]) vs \(eta)")
        }
    }

    @Test func adultRobustStandardErrorsAgreeWithStatsmodels() throws {
        let reference = try Self.json("adult.reference.json")
        for (smallSample, key) in [(false, "hc0_std_error"), (true, "hc1_std_error")] {
            var spec = try Fixtures.spec("adult")
            spec.covariance = .init(type: .robust, smallSample: smallSample)
            let (model, _) = try Self.fit("adult", spec: spec)
            #expect(model.fit.covariance == (smallSample ? "HC1" : "HC0"))
            for (ours, theirs) in zip(model.coefficients, try Self.numbers(reference, key)) {
                #expect(try #require(ours.stdError).isClose(to: theirs, relative: 1e-6), "\(key) \(ours.name) \(ours.stdError ?? 0) vs \(theirs)")
            }
        }
    }

    // MARK: Cluster-robust

    @Test func clusterStandardErrorsAgreeWithStatsmodels() throws {
        let (model, _) = try Self.fit("clustered")
        let reference = try Fixtures.reference("clustered")
        let raw = try Self.json("clustered.reference.json")
        #expect(model.fit.covariance == "cluster" && model.fit.clusters == raw["clusters"] as? Int)
        for (ours, theirs) in zip(model.coefficients, reference.coefficients) {
            #expect(ours.estimate.isClose(to: theirs.estimate, relative: 1e-6, floor: 1e-6))
            let se = try #require(ours.stdError)
            #expect(se.isClose(to: try #require(theirs.std_error), relative: 1e-6), "cluster SE \(ours.name) \(se)")
            #expect(try #require(ours.ciLow).isClose(to: try #require(theirs.ci_low), relative: 1e-6, floor: 1e-3))
            #expect(try #require(ours.pValue).isClose(to: try #require(theirs.p_value), relative: 1e-5, floor: 1e-300))
        }
        // Repeated visits make the model-based SEs too small: the cluster ones are larger here.
        let modelBased = try Self.numbers(raw, "model_std_error")
        #expect(zip(model.coefficients, modelBased).filter { ($0.0.stdError ?? 0) > $0.1 }.count >= 4)
        for (covariance, key) in [(ModelSpec.Covariance(type: .robust, smallSample: false), "hc0_std_error"),
                                  (.init(type: .robust), "hc1_std_error"), (.init(type: .model), "model_std_error")] {
            var spec = try Fixtures.spec("clustered")
            spec.covariance = covariance
            let (refit, _) = try Self.fit("clustered", spec: spec)
            for (ours, theirs) in zip(refit.coefficients, try Self.numbers(raw, key)) {
                #expect(try #require(ours.stdError).isClose(to: theirs, relative: 1e-6), "\(key) \(ours.name) \(ours.stdError ?? 0) vs \(theirs)")
            }
        }
    }

    // MARK: Firth

    @Test(arguments: ["firth_spector", "firth_separation"])
    func firthAgreesWithFirthmodels(name: String) throws {
        let reference = try Self.json("\(name).reference.json")
        let data = try #require(reference["data"] as? String)
        var spec = try Fixtures.spec(data)
        spec.penalty = .init(firth: true)
        let (model, table) = try Self.fit(data, spec: spec)
        #expect(model.coefficients.map(\.name) == reference["design_columns"] as? [String])
        #expect(model.fit.firth == true && model.fit.intervalMethod == "wald+profile")
        #expect(model.fit.method.hasPrefix("Firth's bias-reduced logistic regression"))
        let columns: [(String, KeyPath<FittedModel.Coefficient, Double?>)] = [
            ("std_error", \.stdError), ("wald_low", \.ciLow), ("wald_high", \.ciHigh),
            ("profile_low", \.profileLow), ("profile_high", \.profileHigh)]
        let estimates = try Self.numbers(reference, "estimate")
        for (j, c) in model.coefficients.enumerated() {
            #expect(c.estimate.isClose(to: estimates[j], relative: 1e-6, floor: 1e-6), "\(name) \(c.name) estimate \(c.estimate) vs \(estimates[j])")
            for (key, path) in columns {
                let theirs = try Self.numbers(reference, key)[j]
                let value = c[keyPath: path]
                let ours = try #require(value, "\(name) \(c.name) \(key) missing")
                #expect(ours.isClose(to: theirs, relative: 1e-6, floor: 1e-6), "\(name) \(c.name) \(key) \(ours) vs \(theirs)")
            }
        }
        let penalised = try #require(reference["penalised_log_likelihood"] as? Double)
        #expect(try #require(model.fit.penalisedLogLikelihood).isClose(to: penalised, relative: 1e-9))
        let scores = try Scorer.score(model: model, table: table)
        for (i, p) in try Self.numbers(reference, "probabilities").enumerated() {
            // firthmodels stops where its penalised log-likelihood no longer rises in float64, with a
            // modified score of about 1e-7 (its Newton steps converge linearly); ours goes on to rounding.
            #expect(abs(scores.probability[i] - p) <= 1e-8, "\(name) row \(i)")
        }
    }

    /// Without Firth the same separated data is still refused, naming the column and the rows' lines.
    @Test func separatedDataIsStillRefusedWithColumnsAndLines() throws {
        let spec = try Fixtures.spec("separation_quasi")
        let table = try Fixtures.table("separation_quasi", spec: spec)
        do {
            _ = try ModelFitter.fit(spec: spec, table: table, trainingFile: nil, trainingSHA256: "", created: "")
            Issue.record("separation was not detected")
        } catch let error as FitError {
            #expect(error.description == Fixtures.directory.path + "/separation_quasi.csv: perfect or quasi-complete separation by 'group=c' (all 16 rows where it is 1 have label 1; lines 4, 7, 10, 13, 16, …), so the maximum-likelihood estimate does not exist; merge sparse levels, drop the feature, or set \"penalty\": {\"firth\": true} or a small \"penalty\": {\"l2\": …} in the spec.")
        }
    }

    // MARK: The model card says which method and which covariance

    static func card(_ caseName: String, edit: (inout ModelSpec) -> Void) throws -> ModelCard.Penalty {
        var spec = try Fixtures.spec(caseName)
        for i in spec.features.indices { spec.features[i].source = "test register" }
        edit(&spec)
        let (model, _) = try Self.fit(caseName, spec: spec)
        return try ModelCard.build(model: model, toolVersion: "test").technical.penalty
    }

    @Test func modelCardSaysWhichMethodWhyAndWhichCovariance() throws {
        let firth = try Self.card("separation_quasi") { $0.penalty = .init(firth: true) }
        #expect(firth.estimation.en?.hasPrefix("Firth's bias-reduced logistic regression") == true)
        #expect(firth.estimation.en?.contains("Chosen because the data are sparse") == true)
        #expect(firth.estimation.da?.hasPrefix("Firths bias-reducerede logistiske regression") == true)
        #expect(firth.intervals.en?.contains("Profile-likelihood intervals") == true)
        #expect(firth.nuisance == nil)

        let cluster = try Self.card("clustered") { _ in }
        #expect(cluster.covariance.en == "cluster-robust over 400 clusters (sandwich with statsmodels' factor G/(G−1)·(n−1)/(n−k))")
        #expect(cluster.intervals.en == "The 95% intervals in the coefficient table are Wald intervals, estimate ± 1.96 × standard error. The covariance behind the standard errors is cluster-robust over 400 clusters (sandwich with statsmodels' factor G/(G−1)·(n−1)/(n−k)).")
        #expect(cluster.intervals.da == "95 %-intervallerne i koefficienttabellen er Wald-intervaller, estimat ± 1,96 × standardfejl. Kovariansen bag standardfejlene er klyngerobust over 400 klynger (sandwich med statsmodels' faktor G/(G−1)·(n−1)/(n−k)).")
        #expect(cluster.estimation.en == "Maximum likelihood without a penalty: the fit converged to finite estimates.")

        let adult = try Self.card("adult") { _ in }
        #expect(adult.covariance.en == "model-based (inverse Fisher information; rows assumed independent)")
        #expect(adult.estimation.en?.contains("an exact linear-programming test (Konis 2007) shows the data are not separated") == true)
    }
}
