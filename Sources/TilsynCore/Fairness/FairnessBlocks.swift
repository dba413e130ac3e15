import Foundation

/// Builds a group's metric blocks from its tally and the overall tally of the same rows' estimand.
enum FairnessBlocks {
    static let proportionMetrics = ["base_rate", "precision", "recall", "fpr"]

    /// The ratio's method, as the report prints it.
    static let ratioMethod = "Miettinen–Nurminen score interval, unadjusted 95 %, group against the rest of the population; p-value from the same score test of ratio 1"

    /// Wilson interval for a proportion; score-interval ratio and Newcombe difference against the rest of
    /// the population (the overall counts minus the group's), so the two sides are disjoint and independent.
    ///
    /// The ratio's interval and p-value come from one score test (``Interval/riskRatio(a:n1:c:n2:alpha:)``),
    /// so the p-value is below 0.05 exactly when the interval excludes 1, and a group whose count is 0 or
    /// equals its total still gets an honest interval: `[0, U]` for no hits in the group, a wide one for
    /// every unit a hit. The intervals are unadjusted 95 % intervals; the verdict recomputes the primary
    /// metric's at the adjusted level from the kept counts (``FairnessAnalysis/adjustAndJudge``).
    static func proportion(_ metric: String, estimand: String, group g: Tally, overall o: Tally?) -> MetricBlock {
        let (a, n1, what) = g.proportion(metric)
        var block = MetricBlock(metric: metric, estimand: estimand, value: nil, ciLow: nil, ciHigh: nil,
                                method: "Wilson score interval", reason: nil, denominator: n1)
        guard let w = Interval.wilson(successes: a, trials: n1) else {
            block.reason = "no \(what) in these rows, so \(metric) is not defined"
            return block
        }
        block.value = Double(a) / Double(n1)
        block.ciLow = w.low
        block.ciHigh = w.high
        guard let o else { return block }
        let (total, totalDenominator, _) = o.proportion(metric)
        let c = total - a, n2 = totalDenominator - n1
        let hits = metric == "fpr" ? "false positives" : "hits"
        guard n2 > 0 else {
            block.ratio = Comparison(value: nil, ciLow: nil, ciHigh: nil, reference: "rest", method: ratioMethod,
                                     reason: "the rest of the population has no \(what), so there is nothing to compare with")
            return block
        }
        if let r = Interval.riskRatio(a: a, n1: n1, c: c, n2: n2) {
            var ratio = Comparison(value: r.ratio, ciLow: r.low, ciHigh: r.high, reference: "rest", method: ratioMethod,
                                   reason: r.high == nil ? "the rest of the population has no \(hits), so the ratio has no upper limit" : nil)
            ratio.counts = RatioCounts(a: a, n1: n1, c: c, n2: n2)
            block.ratio = ratio
            block.pValue = r.pValue
        } else {
            block.ratio = Comparison(value: nil, ciLow: nil, ciHigh: nil, reference: "rest", method: ratioMethod,
                                     reason: "no \(hits) in the group or in the rest, so there is no ratio to estimate")
        }
        if let d = Interval.newcombeDifference(a: a, n1: n1, c: c, n2: n2) {
            block.difference = Comparison(value: d.difference, ciLow: d.low, ciHigh: d.high, reference: "rest",
                                          method: "Newcombe hybrid score interval, unadjusted 95 %, group minus the rest of the population")
        }
        return block
    }

    /// Mean predicted − observed with a normal interval; the ratio is observed ÷ expected events.
    static func calibration(estimand: String, group g: Tally, overall o: Tally?) -> MetricBlock {
        var block = MetricBlock(metric: "calibration_gap", estimand: estimand, value: g.gap?.value, ciLow: g.gap?.ciLow, ciHigh: g.gap?.ciHigh,
                                method: "mean of (p − y), normal interval", reason: nil, denominator: g.n)
        guard g.gap != nil else {
            block.reason = "no units in these rows"
            return block
        }
        if g.n < 2 { block.reason = "one unit: no interval" }
        // O/E with the usual log interval exp(±z/√O) for an observed count against a fixed expectation.
        let observed = Double(g.positives), expected = g.sumProbability
        if observed > 0, expected > 0 {
            let r = observed / expected, se = 1 / observed.squareRoot()
            block.ratio = Comparison(value: r, ciLow: r * exp(-Interval.z * se), ciHigh: r * exp(Interval.z * se), reference: "expected",
                                     method: "observed ÷ predicted violations, log interval exp(±z/√observed), unadjusted 95 %", seLog: se)
            block.pValue = Interval.twoSidedP(log(r) / se)
        } else {
            block.ratio = Comparison(value: nil, ciLow: nil, ciHigh: nil, reference: "expected", method: "observed ÷ predicted violations",
                                     reason: "no observed violations, so the log ratio is undefined")
        }
        if let o { block.difference = wald(g.gap, o.gap) }
        return block
    }

    static func mean(_ metric: String, _ e: Estimate?, estimand: String, n: Int, overall: Estimate?, reason: String) -> MetricBlock {
        var block = MetricBlock(metric: metric, estimand: estimand, value: e?.value, ciLow: e?.ciLow, ciHigh: e?.ciHigh,
                                method: "mean of (y − p)², normal interval", reason: e == nil ? reason : nil, denominator: n)
        if e != nil { block.difference = wald(e, overall) }
        return block
    }

    static func auc(_ result: GroupAUC.Result?, estimand: String, group g: Tally, overall: GroupAUC.Result?) -> MetricBlock {
        var block = MetricBlock(metric: "auc", estimand: estimand, value: result?.auc, ciLow: result?.low, ciHigh: result?.high,
                                method: g.aucMethod, reason: nil, denominator: g.n)
        guard let result else {
            block.reason = g.positives == 0 ? "no units with a violation, so the AUC is not defined" : "no units without a violation, so the AUC is not defined"
            return block
        }
        if let overall {
            let toEstimate = { (r: GroupAUC.Result) in Estimate(value: r.auc, ciLow: r.low, ciHigh: r.high, estimand: estimand, method: "") }
            block.difference = wald(toEstimate(result), toEstimate(overall))
        }
        return block
    }

    /// `a − b` with `se = √(se_a² + se_b²)`, each `se` read off its 95% interval (conservative: the
    /// group is part of the overall, so the two are positively correlated).
    static func wald(_ a: Estimate?, _ b: Estimate?) -> Comparison? {
        guard let a, let b, let va = a.value, let vb = b.value else { return nil }
        func se(_ e: Estimate) -> Double { ((e.ciHigh ?? e.value ?? 0) - (e.ciLow ?? e.value ?? 0)) / (2 * Interval.z) }
        let d = va - vb, s = (se(a) * se(a) + se(b) * se(b)).squareRoot()
        return Comparison(value: d, ciLow: d - Interval.z * s, ciHigh: d + Interval.z * s, reference: "overall",
                          method: "Wald, standard errors from each interval, treated as independent")
    }
}
