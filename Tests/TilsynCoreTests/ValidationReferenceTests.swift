import Foundation
import Testing
import _TilsynTestSupport

/// `TimeSplitValidation` against scikit-learn / statsmodels on the same split of `synthetic.csv`
/// (Fixtures/reference/validation_reference.py writes the numbers).
@Suite struct ValidationReferenceTests {
    struct Reference: Decodable {
        struct Bin: Decodable { var n: Int; var events: Int; var mean_predicted: Double?; var observed_rate: Double?; var ci: [Double]? }
        struct TopK: Decodable { var weeks: Int; var k: Int; var hits: Int; var precision: Double; var precision_ci: [Double]; var recall: Double; var recall_ci: [Double] }
        struct Arm: Decodable { var n: Int; var events: Int; var rate: Double; var ci: [Double] }
        var split_date: String
        var capacity_per_week: Int
        var training_rows: Int
        var evaluation_rows: Int
        var evaluation_events: Int
        var auc: Double
        var auc_se: Double
        var brier: Double
        var log_loss: Double
        var calibration_intercept: Double
        var calibration_intercept_se: Double
        var calibration_slope: Double
        var calibration_slope_se: Double
        var calibration_in_the_large: Double
        var calibration_in_the_large_se: Double
        var reliability: [Bin]
        var top_k: [TopK]
        var hit_rate: [String: Arm]
        var lift: Double
        var lift_ci: [Double]
        var auc_random_arm: Double
        var auc_random_arm_se: Double
    }

    static func run() throws -> (ValidationReport, Reference) {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("validation.reference.json"))))
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let split = try #require(parseISODate(reference.split_date))
        let report = try TimeSplitValidation.run(spec: spec, table: table, splitDay: split, capacityPerWeek: reference.capacity_per_week,
                                                 dataFile: "synthetic.csv", dataSHA256: "", threads: 2)
        return (report, reference)
    }

    @Test func agreesWithScikitLearnAndStatsmodels() throws {
        let (r, ref) = try Self.run()
        #expect(r.training.rows == ref.training_rows && r.evaluation.rows == ref.evaluation_rows && r.evaluation.events == ref.evaluation_events)
        let z = Interval.z
        func close(_ a: Double?, _ b: Double, _ tolerance: Double, _ what: String) {
            #expect((a ?? .nan).isClose(to: b, relative: tolerance), "\(what): \(a ?? .nan) vs \(b)")
        }
        // Scores come from two independent fits (ours, statsmodels) agreeing to ~1e-12, so 1e-9 holds.
        close(r.auc?.value, ref.auc, 1e-9, "AUC")
        close(r.auc?.ciLow, ref.auc - z * ref.auc_se, 1e-9, "AUC CI low (DeLong)")
        close(r.brier?.value, ref.brier, 1e-9, "Brier")
        close(r.logLoss?.value, ref.log_loss, 1e-9, "log loss")
        close(r.calibrationSlope?.value, ref.calibration_slope, 1e-6, "calibration slope")
        close(r.calibrationIntercept?.value, ref.calibration_intercept, 1e-6, "calibration intercept")
        close(r.calibrationSlope?.ciHigh, ref.calibration_slope + z * ref.calibration_slope_se, 1e-6, "slope CI")
        close(r.calibrationInTheLarge?.value, ref.calibration_in_the_large, 1e-6, "calibration-in-the-large")
        close(r.calibrationInTheLarge?.ciLow, ref.calibration_in_the_large - z * ref.calibration_in_the_large_se, 1e-6, "CITL CI")
        #expect(r.reliability.count == ref.reliability.count)
        for (bin, expected) in zip(r.reliability, ref.reliability) {
            #expect(bin.n == expected.n && bin.events == expected.events)
            if let m = expected.mean_predicted { close(bin.meanPredicted, m, 1e-9, "bin mean") }
            if let ci = expected.ci { close(bin.ciLow, ci[0], 1e-12, "Wilson low"); close(bin.ciHigh, ci[1], 1e-12, "Wilson high") }
        }
        #expect(r.topK.count == ref.top_k.count)
        for (t, expected) in zip(r.topK, ref.top_k) {
            #expect(t.weeks == expected.weeks && t.k == expected.k && t.hits == expected.hits)
            close(t.precision.value, expected.precision, 1e-12, "precision@\(t.k)")
            close(t.precision.ciLow, expected.precision_ci[0], 1e-12, "precision CI")
            close(t.recall.value, expected.recall, 1e-12, "recall@\(t.k)")
            close(t.recall.ciHigh, expected.recall_ci[1], 1e-12, "recall CI")
        }
        let channels = try #require(r.channels)
        for count in channels.counts {
            let arm = try #require(ref.hit_rate[count.channel])
            #expect(count.n == arm.n && count.events == arm.events)
            close(count.hitRate.ciLow, arm.ci[0], 1e-12, "hit-rate CI")
        }
        close(channels.historicalChannelLift?.value, ref.lift, 1e-12, "historical channel lift")
        close(channels.historicalChannelLift?.ciLow, ref.lift_ci[0], 1e-10, "historical channel lift CI (score)")
        close(channels.historicalChannelLift?.ciHigh, ref.lift_ci[1], 1e-10, "historical channel lift CI high (score)")
        #expect(channels.historicalChannelLift?.estimand == "risk_vs_random")
        #expect(channels.historicalChannelLiftDescription.hasPrefix("What the earlier selection achieved"))
        close(channels.aucRandomArm?.value, ref.auc_random_arm, 1e-9, "AUC random arm")
        close(channels.aucRandomArm?.ciHigh, ref.auc_random_arm + z * ref.auc_random_arm_se, 1e-9, "AUC random arm CI")
        #expect(channels.aucRandomArm?.estimand == "population" && r.auc?.estimand == "among_inspected")
    }

    @Test func aSplitWithNothingAfterItIsRefused() throws {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        do {
            _ = try TimeSplitValidation.run(spec: spec, table: table, splitDay: daysFromCivil(year: 2030, month: 1, day: 1), capacityPerWeek: nil, dataFile: "x", dataSHA256: "")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "\(Fixtures.directory.path)/synthetic.csv: no inspection is dated on or after the split date 2030-01-01, so there is nothing to evaluate.")
        }
    }

    /// `model_lift` recomputed from the data with an independent refit: the spec fitted on the rows before
    /// the split, the random-audit rows after it ranked by the refit, top fraction over the arm.
    @Test func modelLiftAgreesWithARefitFromTheData() throws {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let split = daysFromCivil(year: 2025, month: 1, day: 1)
        for fraction in [0.1, 0.25] {
            let report = try TimeSplitValidation.run(spec: spec, table: table, splitDay: split, capacityPerWeek: 25, dataFile: "synthetic.csv",
                                                     dataSHA256: "", lift: LiftOptions(topFraction: fraction, resamples: 200), threads: 2)
            let days = try table.numeric("inspection_date")
            let train = days.indices.filter { Int(days[$0]) < split }, evaluation = days.indices.filter { Int(days[$0]) >= split }
            let refit = try ModelFitter.fit(spec: spec, table: table.rows(train), trainingFile: nil, trainingSHA256: "", created: "", threads: 1)
            let evalTable = table.rows(evaluation)
            let eta = try Scorer.linearPredictor(model: refit, table: evalTable, threads: 1)
            let channel = try evalTable.strings("channel"), y = try evalTable.numeric("violation_found")
            let arm = channel.indices.filter { channel[$0] == "random" }
            let ranked = arm.sorted { eta[$0] > eta[$1] }
            let k = max(1, Int((fraction * Double(arm.count)).rounded()))
            let top = ranked.prefix(k).reduce(0.0) { $0 + y[$1] } / Double(k)
            let rate = arm.reduce(0.0) { $0 + y[$1] } / Double(arm.count)
            let lift = report.modelLift
            #expect(lift.estimand == "random_arm" && lift.topFraction == fraction && lift.k == k && lift.randomArmRows == arm.count)
            #expect(abs((lift.value ?? .nan) - top / rate) <= 1e-9, "model lift \(lift.value ?? .nan) vs refit \(top / rate)")
            let low = try #require(lift.ciLow), high = try #require(lift.ciHigh)
            #expect(low < high && low > 0, "bootstrap interval [\(low), \(high)]")
            // The history's channel ratio is another number, under another name.
            let historical = try #require(report.channels?.historicalChannelLift?.value)
            #expect(abs(historical - (lift.value ?? 0)) > 1e-6)
        }
    }

    /// A top fraction that holds fewer than 30 random audits: the ratio is still the data's (checked against
    /// the refit), but it is `insufficient`, without an interval, and the reason gives the count.
    @Test func modelLiftOverTooFewRandomAuditsIsInsufficientWithItsCount() throws {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let split = daysFromCivil(year: 2025, month: 1, day: 1)
        let report = try TimeSplitValidation.run(spec: spec, table: table, splitDay: split, capacityPerWeek: 25, dataFile: "synthetic.csv",
                                                 dataSHA256: "", lift: LiftOptions(topFraction: 0.05, resamples: 200), threads: 2)
        let lift = report.modelLift
        #expect(lift.k == 18 && lift.randomArmRows == 364, "k \(lift.k) of \(lift.randomArmRows)")
        #expect(lift.status == "insufficient" && lift.value != nil && lift.ciLow == nil && lift.ciHigh == nil)
        #expect(lift.reason == "insufficient: only 18 of the 364 random-audit inspections fall in the model's top 5.0 % (\(lift.hits) with a violation), fewer than the 30 the lift needs, so it is given without an interval and is not evidence of how well the model picks; a larger top fraction gives a firmer number")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(lift)) as? [String: Any])
        #expect(json["status"] as? String == "insufficient" && json["min_top_units"] as? Int == 30)
        // At 0.1 the top holds 36: estimated, with an interval.
        let firm = try TimeSplitValidation.run(spec: spec, table: table, splitDay: split, capacityPerWeek: 25, dataFile: "synthetic.csv",
                                               dataSHA256: "", lift: LiftOptions(topFraction: 0.1, resamples: 200), threads: 2).modelLift
        #expect(firm.k == 36 && firm.status == "estimated" && firm.ciLow != nil)
    }

    @Test func modelLiftBootstrapMatchesNumpyDrawForDraw() throws {
        struct Case: Decodable {
            var top_fraction: Double; var resamples: Int; var seed: UInt64; var rows: Int; var events: Int; var k: Int; var hits: Int
            var value: Double; var ci_low: Double; var ci_high: Double; var dropped: Int; var first_draws: [Int]
        }
        struct Reference: Decodable { var tool: String; var cases: [Case] }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("model_lift.reference.json"))))
        #expect(reference.tool.hasPrefix("numpy "))
        let table = try CSVReader.read(path: Fixtures.path("fairness_demo.csv"),
                                       columns: [ColumnRequest("probability", .numeric), ColumnRequest("label", .numeric), ColumnRequest("channel", .categorical)],
                                       threads: 1)
        let p = try table.numeric("probability"), y = try table.numeric("label"), channel = try table.strings("channel")
        // numpy's stable argsort of −p: descending probability, equal ones in file order.
        let arm = channel.indices.filter { channel[$0] == "random" }.enumerated().sorted { a, b in
            p[a.element] != p[b.element] ? p[a.element] > p[b.element] : a.offset < b.offset
        }.map(\.element)
        let ranked = arm.map { y[$0] == 1 }
        for c in reference.cases {
            var rng = SeededRandom(seed: c.seed, stream: ModelLift.stream)
            #expect((0..<5).map { _ in rng.below(c.rows) } == c.first_draws, "the raw stream")
            let r = ModelLift.estimate(rankedLabels: ranked, topFraction: c.top_fraction, resamples: c.resamples, seed: c.seed)
            #expect(r.rows == c.rows && r.events == c.events && r.k == c.k && r.hits == c.hits && r.dropped == c.dropped)
            #expect(abs((r.value ?? .nan) - c.value) <= 1e-12)
            #expect(abs((r.low ?? .nan) - c.ci_low) <= 1e-12, "low \(r.low ?? .nan) vs numpy \(c.ci_low)")
            #expect(abs((r.high ?? .nan) - c.ci_high) <= 1e-12, "high \(r.high ?? .nan) vs numpy \(c.ci_high)")
        }
    }

    @Test func modelLiftWithoutRandomAuditsIsNullWithAReason() throws {
        let r = ModelLift.estimate(rankedLabels: [false, false, false], topFraction: 0.5, resamples: 10, seed: 1)
        #expect(r.value == nil && r.low == nil && r.k == 2)
        let empty = ModelLift.estimate(rankedLabels: [], topFraction: 0.5, resamples: 10, seed: 1)
        #expect(empty.value == nil && empty.rows == 0)
    }
}
