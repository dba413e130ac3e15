/// Everything a fairness analysis needs, already aligned by row: no file or model handling here.
public struct FairnessInput: Sendable {
    public var probability: [Double]
    /// 0/1 outcomes.
    public var labels: [Double]
    public var selected: [Bool]
    public var groupings: [GroupingColumn]
    /// Rows that estimate population rates (random audits), or `nil` when nothing does.
    public var populationRows: [Bool]?
    /// Where `populationRows` come from (`channel = random`, `representative`), or why there are none.
    public var populationSource: String
    /// Per-row |contribution| totals by feature origin (feedback-loop monitor), if computed.
    public var origins: OriginContributions?

    public init(probability: [Double], labels: [Double], selected: [Bool], groupings: [GroupingColumn],
                populationRows: [Bool]?, populationSource: String, origins: OriginContributions? = nil) {
        self.probability = probability
        self.labels = labels
        self.selected = selected
        self.groupings = groupings
        self.populationRows = populationRows
        self.populationSource = populationSource
        self.origins = origins
    }
}

/// Counts and per-row means of one set of rows: everything a group's metric blocks are made from.
struct Tally: Sendable {
    var n = 0, selected = 0, positives = 0, truePositives = 0, falsePositives = 0
    var sumProbability = 0.0
    var gap: Estimate?
    var brier: Estimate?
    var auc: GroupAUC.Result?
    var aucMethod: String

    /// - Parameter delong: use DeLong's interval instead of the bootstrap — for the overall reference,
    ///   where n is large and the asymptotic interval is accurate, and 200 passes over every row would
    ///   double the report's run time for nothing.
    init(rows: [Int], input: FairnessInput, bootstrap: Int, seed: UInt64, delong: Bool = false) {
        var residuals: [Double] = [], squared: [Double] = []
        residuals.reserveCapacity(rows.count)
        squared.reserveCapacity(rows.count)
        for r in rows {
            let p = input.probability[r], y = input.labels[r]
            n += 1
            sumProbability += p
            if y == 1 { positives += 1 }
            if input.selected[r] {
                selected += 1
                if y == 1 { truePositives += 1 } else { falsePositives += 1 }
            }
            residuals.append(p - y)
            squared.append((y - p) * (y - p))
        }
        gap = Interval.mean(residuals)
        brier = Interval.mean(squared)
        if delong {
            aucMethod = "DeLong (fast midrank), normal interval clipped to [0, 1]"
            if let d = RankMetrics.auc(scores: rows.map { input.probability[$0] }, labels: rows.map { input.labels[$0] }) {
                auc = GroupAUC.Result(auc: d.auc, low: max(0, d.auc - Interval.z * d.se), high: min(1, d.auc + Interval.z * d.se))
            }
        } else {
            aucMethod = "percentile bootstrap, \(bootstrap) resamples stratified by outcome within the group"
            auc = GroupAUC.bootstrap(probability: input.probability, labels: input.labels, rows: rows, resamples: bootstrap, seed: seed)
        }
    }

    var negatives: Int { n - positives }

    /// `(numerator, denominator, what the denominator counts)` of a proportion metric.
    func proportion(_ metric: String) -> (Int, Int, String) {
        switch metric {
        case "selection_rate": return (selected, n, "units")
        case "base_rate": return (positives, n, "units")
        case "precision": return (truePositives, selected, "selected units")
        case "recall": return (truePositives, positives, "units with a violation")
        default: return (falsePositives, negatives, "units without a violation") // fpr
        }
    }
}
