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
        close(channels.lift?.value, ref.lift, 1e-12, "lift")
        close(channels.lift?.ciLow, ref.lift_ci[0], 1e-12, "lift CI (Katz)")
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
            #expect("\(error)".contains("no inspection is dated on or after the split date 2030-01-01"))
        }
    }
}
