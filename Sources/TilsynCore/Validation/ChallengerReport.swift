import Foundation
import TilsynNumerics

/// Champion against challenger ⚖ (`tilsyn challenger`): the model in use and a model refitted on the
/// history up to a date, judged side by side on the random-arm visits from that date on.
///
/// Only the random arm answers "which model picks better?" without favouring the champion: its units were
/// drawn without regard to any score, while the risk channel's visits are the champion's own picks. Both
/// models are scored on exactly the same rows, which neither was fitted on (out of time), so the
/// differences are paired: DeLong's paired interval for the AUC, and the mean of the per-visit differences
/// for the Brier score and the log loss. Each random-arm visit counts once (strata drawn with different
/// probabilities are not reweighted), so the estimand is the random-arm visits themselves.
public struct ChallengerReport: Codable, Sendable {
    public static let formatIdentifier = "tilsyn.challenger/1"

    public var format: String = formatIdentifier
    /// The first day of the comparison (`--since`): the challenger is fitted on the visits before it and
    /// both models are judged on the random-arm visits from it on.
    public var since: String
    public var history: ValidationReport.DataIdentity
    /// The challenger's training rows (every channel, before `since`).
    public var training: ValidationReport.Period
    /// The random-arm visits from `since` on, on which both models are judged.
    public var evaluation: ValidationReport.Period
    /// Visits from `since` on that are not random-arm visits (risk and manual picks), left out of the comparison.
    public var leftOut: Int
    public var champion: Side
    public var challenger: Side
    /// Challenger minus champion, on the same visits.
    public var differences: Differences
    /// What changed between the two models (``ModelDiff``, the same as `tilsyn diff`).
    public var diff: ModelDiff
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case format, since, history, training, evaluation, champion, challenger, differences, diff, notes
        case leftOut = "left_out"
    }

    /// One model's performance on the random-arm visits.
    public struct Side: Codable, Sendable {
        public var name: String
        public var version: String
        public var fingerprint: String
        /// The model's training window, from its model.json.
        public var trainedFrom: String?
        public var trainedTo: String?
        /// AUC with DeLong's interval (estimand `random_arm`).
        public var auc: Estimate?
        /// The model's own lift on the random arm (the same estimator as `tilsyn validate`'s `model_lift`).
        public var modelLift: ValidationReport.ModelLiftEstimate
        public var brier: Estimate?
        public var logLoss: Estimate?
        /// Mean predicted probability against the violation rate found.
        public var meanPredicted: Double?

        enum CodingKeys: String, CodingKey {
            case name, version, fingerprint, auc, brier
            case trainedFrom = "trained_from", trainedTo = "trained_to"
            case modelLift = "model_lift", logLoss = "log_loss", meanPredicted = "mean_predicted"
        }
    }

    /// Challenger minus champion: a positive AUC difference and negative Brier and log-loss differences
    /// favour the challenger.
    public struct Differences: Codable, Sendable {
        public var auc: Estimate?
        public var brier: Estimate?
        public var logLoss: Estimate?

        enum CodingKeys: String, CodingKey {
            case auc, brier
            case logLoss = "log_loss"
        }
    }

    /// The random-arm violation rate found, for reading the mean predictions against.
    public var foundRate: Double? {
        evaluation.rows > 0 ? Double(evaluation.events) / Double(evaluation.rows) : nil
    }
}

/// Builds a ``ChallengerReport`` from a history table, the champion and the spec to refit.
public enum ChallengerComparison {
    /// The estimand written on every number of the comparison.
    public static let estimand = "random_arm"

    /// The columns a history must provide to refit `spec` and score `champion`.
    public static func columnRequests(spec: ModelSpec, champion: FittedModel) -> [ColumnRequest] {
        var requests = TimeSplitValidation.columnRequests(for: spec)
        for extra in TimeSplitValidation.columnRequests(for: champion.spec) where !requests.contains(where: { $0.name == extra.name }) {
            requests.append(extra)
        }
        return requests
    }

    /// Fits the challenger on the rows before `sinceDay` and compares it with the champion on the
    /// random-arm rows from `sinceDay` on.
    /// - Parameters:
    ///   - table: the history, read with ``columnRequests(spec:champion:)``; it needs the `channel` column.
    ///   - created: the challenger's `created` time.
    /// - Returns: the report and the challenger.
    /// - Throws: ``ChallengerError`` when the comparison cannot be out of time or has no random-arm
    ///   visits; ``DataError`` and ``FitError`` from reading and fitting.
    public static func run(
        spec: ModelSpec, champion: FittedModel, table: DataTable, sinceDay: Int, historyFile: String, historySHA256: String,
        created: String, lift: LiftOptions = LiftOptions(), seed: UInt64 = TieBreak.defaultSeed, threads: Int = defaultThreadCount
    ) throws -> (report: ChallengerReport, challenger: FittedModel) {
        let since = isoDate(sinceDay)
        guard let dateColumn = spec.date else {
            throw SpecError(field: "date", problem: "a comparison out of time needs the spec's \"date\" column (the inspection date)")
        }
        guard table.columns["channel"] != nil else { throw ChallengerError.noChannel(file: historyFile) }
        if let trained = champion.trainingData.dateMax, let last = parseISODate(trained), last >= sinceDay {
            throw ChallengerError.championNotOutOfTime(fingerprint: champion.fingerprint, trainedTo: trained, since: since)
        }
        let days = try table.numeric(dateColumn)
        let channel = try table.strings("channel")
        let trainRows = days.indices.filter { Int(days[$0]) < sinceDay }
        let evalRows = days.indices.filter { Int(days[$0]) >= sinceDay && channel[$0] == "random" }
        let later = days.indices.filter { Int(days[$0]) >= sinceDay }.count
        guard !trainRows.isEmpty else { throw ChallengerError.noTraining(file: historyFile, since: since) }
        guard !evalRows.isEmpty else { throw ChallengerError.noRandomArm(file: historyFile, since: since) }

        let train = table.rows(trainRows), evaluation = table.rows(evalRows)
        let challenger = try ModelFitter.fit(spec: spec, table: train, trainingFile: historyFile, trainingSHA256: historySHA256,
                                             created: created, threads: threads)
        let y = try ModelFitter.labels(evaluation, spec: spec)
        let units = try evaluation.unitIDs(spec.unit)
        func period(_ t: DataTable, _ labels: [Double]) throws -> ValidationReport.Period {
            let d = try t.numeric(dateColumn)
            let lo = d.min().map { Int($0) }, hi = d.max().map { Int($0) }
            return .init(rows: t.rowCount, events: Int(labels.reduce(0, +)), dateMin: lo.map(isoDate), dateMax: hi.map(isoDate),
                         weeks: lo.flatMap { l in hi.map { Double($0 - l + 1) / 7 } })
        }
        let weeks = max(1, (try period(evaluation, y)).weeks ?? 1)
        let capacity = max(1, Int((Double(evaluation.rowCount) / weeks).rounded()))

        func side(_ model: FittedModel) throws -> (ChallengerReport.Side, [Double], [Double]) {
            let logOdds = try Scorer.linearPredictor(model: model, table: evaluation, threads: threads)
            let p = logOdds.map(Scorer.logistic)
            let auc = RankMetrics.auc(scores: logOdds, labels: y).map { r in
                Estimate(value: r.auc, ciLow: max(0, r.auc - Interval.z * r.se), ciHigh: min(1, r.auc + Interval.z * r.se),
                         estimand: estimand, method: "DeLong")
            }
            let lifted = try TimeSplitValidation.modelLift(evaluation: evaluation, logOdds: logOdds, labels: y, units: units,
                                                           capacity: capacity, options: lift, seed: seed)
            var brier = Interval.mean(RankMetrics.squaredErrors(probability: p, labels: y))
            var logLoss = Interval.mean(RankMetrics.logLosses(probability: p, labels: y))
            brier?.estimand = estimand
            logLoss?.estimand = estimand
            let side = ChallengerReport.Side(
                name: model.name, version: model.version, fingerprint: model.fingerprint,
                trainedFrom: model.trainingData.dateMin, trainedTo: model.trainingData.dateMax,
                auc: auc, modelLift: lifted, brier: brier, logLoss: logLoss, meanPredicted: p.reduce(0, +) / Double(p.count))
            return (side, logOdds, p)
        }
        let (a, logOddsA, pA) = try side(champion)
        let (b, logOddsB, pB) = try side(challenger)

        /// The mean of challenger − champion over the same visits.
        func pairedMean(champion: [Double], challenger: [Double]) -> Estimate? {
            guard var e = Interval.mean(zip(challenger, champion).map { $0 - $1 }) else { return nil }
            e.estimand = estimand
            e.method = "normal approximation to the mean of the per-visit differences (paired)"
            return e
        }
        let aucDifference = RankMetrics.pairedAUCDifference(logOddsA, logOddsB, labels: y).map { r in
            Estimate(value: r.difference, ciLow: r.difference - Interval.z * r.se, ciHigh: r.difference + Interval.z * r.se,
                     estimand: estimand, method: "DeLong, paired")
        }
        let differences = ChallengerReport.Differences(
            auc: aucDifference,
            brier: pairedMean(champion: RankMetrics.squaredErrors(probability: pA, labels: y), challenger: RankMetrics.squaredErrors(probability: pB, labels: y)),
            logLoss: pairedMean(champion: RankMetrics.logLosses(probability: pA, labels: y), challenger: RankMetrics.logLosses(probability: pB, labels: y)))

        var notes = [
            "Both models are judged on the same \(evalRows.count) random-arm visits from \(since) on, which neither was fitted on; the champion's risk picks are left out because they are its own choices.",
            "Each random-arm visit counts once: lists and regions drawn with different probabilities are not reweighted, so the figures describe these visits, not the whole register.",
        ]
        if aucDifference == nil { notes.append("The random-arm visits have only one outcome, so the AUC and its difference are undefined.") }
        if evalRows.count < 100 { notes.append("Only \(evalRows.count) random-arm visits: the intervals are wide, and a difference inside them is no evidence either way.") }
        return (ChallengerReport(
            since: since, history: .init(file: historyFile, sha256: historySHA256), training: try period(train, try ModelFitter.labels(train, spec: spec)),
            evaluation: try period(evaluation, y), leftOut: later - evalRows.count, champion: a, challenger: b,
            differences: differences, diff: ModelDiff(from: champion, to: challenger), notes: notes), challenger)
    }
}

/// Why a champion–challenger comparison cannot be made, in one sentence.
public enum ChallengerError: Error, Sendable, Equatable, CustomStringConvertible {
    case noChannel(file: String)
    case championNotOutOfTime(fingerprint: String, trainedTo: String, since: String)
    case noTraining(file: String, since: String)
    case noRandomArm(file: String, since: String)

    public var description: String { sentence(since: "the comparison's first day") }

    /// The sentence, with the front door's name for the first day of the comparison (`--since`).
    public func sentence(since name: String) -> String {
        switch self {
        case .noChannel(let file):
            return "\(file) has no channel column, so no visit is known to be a random audit; export the history from the store with `tilsyn history export`."
        case .championNotOutOfTime(let fingerprint, let trainedTo, let since):
            return "the champion (fingerprint \(fingerprint.prefix(16))) was trained on inspections up to \(trainedTo), on or after \(name) \(since), so it would be judged on visits it may have been fitted on; give a day after \(trainedTo)."
        case .noTraining(let file, let since):
            return "\(file) has no visits before \(name) \(since), so there is nothing to fit the challenger on; give a later day."
        case .noRandomArm(let file, let since):
            return "\(file) has no random-arm visits (channel random) on or after \(name) \(since), so the models cannot be compared out of time; give an earlier day or wait for random-arm outcomes."
        }
    }
}
