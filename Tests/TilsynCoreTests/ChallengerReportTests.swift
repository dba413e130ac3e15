import Foundation
import Testing
import _TilsynTestSupport

/// Champion against challenger: the paired differences against scikit-learn and an O(m·n) DeLong
/// (Fixtures/reference/challenger_reference.py), and the comparison's out-of-time rules on `synthetic.csv`.
@Suite struct ChallengerReportTests {
    struct Paired: Decodable { var mean: Double; var se: Double }
    struct Reference: Decodable {
        var rows: Int, events: Int
        var auc_a: Double, auc_b: Double, auc_a_se: Double, auc_difference: Double, auc_difference_se: Double
        var brier_a: Double, brier_b: Double, log_loss_a: Double, log_loss_b: Double
        var brier_difference: Paired, log_loss_difference: Paired
    }

    func close(_ a: Double?, _ b: Double, _ tolerance: Double, _ what: String) {
        #expect((a ?? .nan).isClose(to: b, relative: tolerance), "\(what): \(a ?? .nan) vs \(b)")
    }

    @Test func pairedDifferencesAgreeWithTheReference() throws {
        let ref = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("challenger_paired.reference.json"))))
        let table = try CSVReader.read(path: Fixtures.path("challenger_paired.csv"),
                                       columns: [ColumnRequest("a", .numeric), ColumnRequest("b", .numeric), ColumnRequest("y", .numeric)], threads: 1)
        let a = try table.numeric("a"), b = try table.numeric("b"), y = try table.numeric("y")
        #expect(a.count == ref.rows && Int(y.reduce(0, +)) == ref.events)
        // Closed-form quantities over the same 400 rows: only rounding separates them (1e-12).
        close(RankMetrics.auc(scores: a, labels: y)?.auc, ref.auc_a, 1e-12, "AUC a")
        close(RankMetrics.auc(scores: a, labels: y)?.se, ref.auc_a_se, 1e-12, "AUC a DeLong se")
        let d = try #require(RankMetrics.pairedAUCDifference(a, b, labels: y))
        close(d.difference, ref.auc_difference, 1e-12, "AUC difference")
        close(d.se, ref.auc_difference_se, 1e-12, "paired DeLong se")
        let brierA = try #require(Interval.mean(RankMetrics.squaredErrors(probability: a, labels: y)))
        close(brierA.value, ref.brier_a, 1e-12, "Brier a")
        close(Interval.mean(RankMetrics.logLosses(probability: b, labels: y))?.value, ref.log_loss_b, 1e-12, "log loss b")
        let brierDiff = try #require(Interval.mean(zip(RankMetrics.squaredErrors(probability: b, labels: y), RankMetrics.squaredErrors(probability: a, labels: y)).map { $0 - $1 }))
        close(brierDiff.value, ref.brier_difference.mean, 1e-12, "Brier difference")
        close(brierDiff.ciHigh, ref.brier_difference.mean + Interval.z * ref.brier_difference.se, 1e-12, "Brier difference interval")
        // The same score twice differs by exactly 0 with standard error 0.
        let same = try #require(RankMetrics.pairedAUCDifference(a, a, labels: y))
        #expect(same.difference == 0 && same.se == 0)
    }

    static func fitted(_ table: DataTable, before date: String, spec: ModelSpec) throws -> FittedModel {
        let days = try table.numeric("inspection_date")
        let day = try #require(parseISODate(date))
        return try ModelFitter.fit(spec: spec, table: table.rows(days.indices.filter { Int(days[$0]) < day }), trainingFile: "synthetic.csv",
                                   trainingSHA256: "", created: "", threads: 2)
    }

    /// The comparison on the history's random arm after `since`, champion fitted a half-year earlier.
    @Test func comparesBothModelsOnTheSameRandomArmVisits() throws {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let champion = try Self.fitted(table, before: "2024-07-01", spec: spec)
        let since = try #require(parseISODate("2025-01-01"))
        let (report, challenger) = try ChallengerComparison.run(
            spec: spec, champion: champion, table: table, sinceDay: since, historyFile: "synthetic.csv", historySHA256: "abc",
            created: "2025-01-01T00:00:00Z", lift: LiftOptions(topFraction: 0.2, resamples: 200), threads: 2)
        let days = try table.numeric("inspection_date"), channel = try table.strings("channel")
        let evalRows = days.indices.filter { Int(days[$0]) >= since && channel[$0] == "random" }
        #expect(challenger.fit.n == days.filter { Int($0) < since }.count, "the challenger is fitted on every visit before --since")
        #expect(report.training.rows == challenger.fit.n)
        #expect(report.evaluation.rows == evalRows.count && report.evaluation.rows > 100)
        #expect(report.leftOut == days.filter { Int($0) >= since }.count - evalRows.count)
        // The champion's AUC is the AUC of its scores on exactly those rows.
        let evaluation = table.rows(evalRows)
        let y = try ModelFitter.labels(evaluation, spec: spec)
        let own = try #require(RankMetrics.auc(scores: try Scorer.linearPredictor(model: champion, table: evaluation, threads: 1), labels: y))
        close(report.champion.auc?.value, own.auc, 1e-12, "champion AUC on the random arm")
        // Differences are challenger − champion of the same figures.
        close(report.differences.auc?.value, (report.challenger.auc?.value ?? .nan) - (report.champion.auc?.value ?? .nan), 1e-9, "AUC difference")
        close(report.differences.brier?.value, (report.challenger.brier?.value ?? .nan) - (report.champion.brier?.value ?? .nan), 1e-9, "Brier difference")
        close(report.differences.logLoss?.value, (report.challenger.logLoss?.value ?? .nan) - (report.champion.logLoss?.value ?? .nan), 1e-9, "log-loss difference")
        #expect(report.champion.modelLift.randomArmRows == evalRows.count && report.champion.modelLift.topFraction == 0.2)
        #expect(report.champion.auc?.estimand == "random_arm" && report.differences.brier?.estimand == "random_arm")
        #expect(report.diff.from.fingerprint == champion.fingerprint && report.diff.to.fingerprint == challenger.fingerprint)
        #expect(report.challenger.fingerprint == challenger.fingerprint && challenger.fingerprint != champion.fingerprint)
    }

    @Test func refusesAChampionThatSawTheComparisonPeriod() throws {
        let spec = try Fixtures.spec("synthetic")
        let table = try CSVReader.read(path: Fixtures.path("synthetic.csv"), columns: TimeSplitValidation.columnRequests(for: spec), threads: 2)
        let champion = try Self.fitted(table, before: "2025-06-01", spec: spec)
        let trainedTo = try #require(champion.trainingData.dateMax)
        do {
            _ = try ChallengerComparison.run(spec: spec, champion: champion, table: table, sinceDay: try #require(parseISODate("2025-01-01")),
                                             historyFile: "synthetic.csv", historySHA256: "", created: "", threads: 2)
            Issue.record("a champion trained past --since was accepted")
        } catch let error as ChallengerError {
            #expect(error.sentence(since: "--since") == "the champion (fingerprint \(champion.fingerprint.prefix(16))) was trained on inspections up to \(trainedTo), on or after --since 2025-01-01, so it would be judged on visits it may have been fitted on; give a day after \(trainedTo).")
        }
        // No random-arm visit after the last inspection.
        let early = try Self.fitted(table, before: "2024-01-01", spec: spec)
        do {
            _ = try ChallengerComparison.run(spec: spec, champion: early, table: table, sinceDay: try #require(parseISODate("2030-01-01")),
                                             historyFile: "synthetic.csv", historySHA256: "", created: "", threads: 2)
            Issue.record("a comparison without random-arm visits was accepted")
        } catch let error as ChallengerError {
            #expect(error.sentence(since: "--since") == "synthetic.csv has no random-arm visits (channel random) on or after --since 2030-01-01, so the models cannot be compared out of time; give an earlier day or wait for random-arm outcomes.")
        }
    }
}
