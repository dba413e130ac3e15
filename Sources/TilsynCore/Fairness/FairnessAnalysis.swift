import Foundation
import TilsynNumerics

/// Computes a ``FairnessReport`` from aligned scores, outcomes, selection and groups ⚖ (DESIGN §8).
///
/// Estimands: `selection_rate` needs no outcomes (`selection`); the outcome metrics are computed on all
/// rows (`among_inspected`: the history is inspections, themselves chosen by past selection, so these
/// are conditional on having been inspected) and, when some rows are random audits or the data is
/// declared representative, on those rows only (`population`). A metric that cannot be computed is
/// `null` with a reason.
public enum FairnessAnalysis {
    public static let tradeoff = "When base rates differ between groups, no score can be calibrated within every group and also give every group the same recall and false-positive rate (Kleinberg, Mullainathan & Raghavan 2016; Chouldechova 2017). The board must therefore pick one as primary; this report judges the primary criterion and shows the others as secondary."

    /// Metric blocks of one set of rows in every estimand, with the tallies behind them.
    struct Evaluated: Sendable {
        var all: Tally
        var population: Tally?
    }

    public static func run(_ input: FairnessInput, options: FairnessOptions) -> (overall: GroupResult, groupings: [FairnessReport.Grouping]) {
        let allRows = Array(input.probability.indices)
        // The overall reference's AUC uses DeLong's interval (see Tally); every group uses the bootstrap.
        let overallKey = "\u{1f}overall"
        let populationFlags = input.populationRows
        @Sendable func evaluate(_ rows: [Int], key: String) -> Evaluated {
            let seed = TieBreak.key(seed: options.seed, unit: key)
            let delong = key == overallKey
            let all = Tally(rows: rows, input: input, bootstrap: options.bootstrap, seed: seed, delong: delong)
            let population = populationFlags.map { flags in
                Tally(rows: rows.filter { flags[$0] }, input: input, bootstrap: options.bootstrap, seed: TieBreak.mix(seed), delong: delong)
            }
            return Evaluated(all: all, population: population)
        }
        let overallEval = evaluate(allRows, key: overallKey)
        let totalSelected = overallEval.all.selected, totalRows = input.probability.count

        var overall = result(label: "all", rows: allRows, eval: overallEval, reference: nil, input: input, options: options,
                             totalSelected: totalSelected, totalRows: totalRows)
        overall.verdict = "reference"
        overall.reasons = ["The overall values every group is compared with."]

        var groupings: [FairnessReport.Grouping] = []
        for grouping in input.groupings {
            let groups = grouping.rowsByGroup()
            let threads = max(1, min(options.threads, groups.count))
            let chunks = parallelMap(count: threads) { t -> [GroupResult] in
                let range = (groups.count * t / threads)..<(groups.count * (t + 1) / threads)
                return range.map { i in
                    let g = groups[i]
                    return result(label: g.label, rows: g.rows, eval: evaluate(g.rows, key: grouping.name + "\u{1f}" + g.label),
                                  reference: overallEval, input: input, options: options, totalSelected: totalSelected, totalRows: totalRows)
                }
            }
            groupings.append(.init(name: grouping.name, columns: grouping.columns, groups: chunks.flatMap { $0 }))
        }
        adjustAndJudge(&groupings, options: options, populationAvailable: populationFlags != nil)
        return (overall, groupings)
    }

    static func result(label: String, rows: [Int], eval: Evaluated, reference: Evaluated?, input: FairnessInput, options: FairnessOptions,
                       totalSelected: Int, totalRows: Int) -> GroupResult {
        let g = eval.all
        var metrics = [FairnessBlocks.proportion("selection_rate", estimand: "selection", group: g, overall: reference?.all)]
        func outcomeBlocks(_ t: Tally, _ o: Tally?, _ estimand: String) {
            for m in FairnessBlocks.proportionMetrics { metrics.append(FairnessBlocks.proportion(m, estimand: estimand, group: t, overall: o)) }
            metrics.append(FairnessBlocks.calibration(estimand: estimand, group: t, overall: o))
            metrics.append(FairnessBlocks.auc(t.auc, estimand: estimand, group: t, overall: o?.auc))
            metrics.append(FairnessBlocks.mean("brier", t.brier, estimand: estimand, n: t.n, overall: o?.brier, reason: "no units in these rows"))
        }
        outcomeBlocks(g, reference?.all, "among_inspected")
        if let p = eval.population { outcomeBlocks(p, reference?.population, "population") }

        var share = MetricBlock(metric: "selection_share", estimand: "selection", value: nil, ciLow: nil, ciHigh: nil,
                                method: "Wilson score interval over all selections", reason: nil, denominator: totalSelected)
        if let w = Interval.wilson(successes: g.selected, trials: totalSelected) {
            share.value = Double(g.selected) / Double(totalSelected)
            share.ciLow = w.low
            share.ciHigh = w.high
        } else {
            share.reason = "the rule selects no units"
        }
        share.ratio = Comparison(value: totalRows > 0 && g.n > 0 && totalSelected > 0 ? (Double(g.selected) / Double(totalSelected)) / (Double(g.n) / Double(totalRows)) : nil,
                                 ciLow: nil, ciHigh: nil, reference: "unit_share", method: "share of selections ÷ share of units (the selection-rate ratio, interval there)")

        // Minimum detectable ratio of the primary metric, in the primary estimand's rows.
        let (estimand, t, o) = primaryRows(eval, reference)
        var mdr: MinimumDetectable?
        if let o {
            let metric = primaryMetric(options.criterion)
            var high: Double?
            if options.criterion == .calibration {
                high = t.sumProbability > 0 ? exp((Interval.z + Interval.zPower80) / t.sumProbability.squareRoot()) : nil
            } else {
                let (_, m, _) = t.proportion(metric), (c, total, _) = o.proportion(metric)
                high = total > 0 ? Interval.minimumDetectableRatio(overall: Double(c) / Double(total), groupDenominator: m, overallDenominator: total) : nil
            }
            if let high { mdr = MinimumDetectable(metric: metric, estimand: estimand, low: 1 / high, high: high) }
        }
        var feedback: OriginShares?
        if let origins = input.origins { feedback = origins.shares(rows: rows) }
        return GroupResult(group: label, n: g.n, selected: g.selected, positives: g.positives,
                           unitShare: totalRows > 0 ? Double(g.n) / Double(totalRows) : 0, selectionShare: share, metrics: metrics,
                           verdict: "pass", reasons: [], minimumDetectableRatio: mdr, feedback: feedback)
    }

    static func primaryMetric(_ c: FairnessCriterion) -> String {
        switch c {
        case .recall: return "recall"
        case .precision: return "precision"
        case .calibration: return "calibration_gap"
        }
    }

    /// Population rows when the data has them (the unbiased estimand), otherwise all inspections.
    static func primaryRows(_ eval: Evaluated, _ reference: Evaluated?) -> (String, Tally, Tally?) {
        if let p = eval.population { return ("population", p, reference?.population) }
        return ("among_inspected", eval.all, reference?.all)
    }

    /// Holm-adjusts the ratio tests of each grouping, then gives each group its verdict.
    static func adjustAndJudge(_ groupings: inout [FairnessReport.Grouping], options: FairnessOptions, populationAvailable: Bool) {
        // One family per grouping (each grouping answers its own question for the board): every ratio
        // test of every group × metric × estimand in it.
        for a in groupings.indices {
            var index: [(Int, Int)] = [], pValues: [Double] = []
            for (b, group) in groupings[a].groups.enumerated() {
                for (c, block) in group.metrics.enumerated() {
                    if let p = block.pValue { index.append((b, c)); pValues.append(p) }
                }
            }
            for (k, p) in MultipleTesting.holm(pValues).enumerated() {
                let (b, c) = index[k]
                groupings[a].groups[b].metrics[c].pAdjusted = p
            }
        }
        let estimand = populationAvailable ? "population" : "among_inspected"
        let primary = primaryMetric(options.criterion)
        let secondary = ["recall", "precision", "fpr", "calibration_gap"].filter { $0 != primary }
        for a in groupings.indices {
            for b in groupings[a].groups.indices {
                judge(&groupings[a].groups[b], primary: primary, secondary: secondary, estimand: estimand, options: options)
            }
        }
    }

    static func judge(_ group: inout GroupResult, primary: String, secondary: [String], estimand: String, options: FairnessOptions) {
        let label = estimand == "population" ? "random-audit rows" : "inspections"
        // Units and violations in the primary estimand's rows: base_rate's denominator and numerator.
        let base = group.block("base_rate", estimand)
        let units = base?.denominator ?? 0
        let events = Int(((base?.value ?? 0) * Double(units)).rounded())
        var reasons: [String] = []
        func describe(_ b: MetricBlock) -> String {
            let r = b.ratio
            return "\(b.metric) (\(b.estimand)) ratio to \(r?.reference ?? "overall") \(fmt(r?.value)) [\(fmt(r?.ciLow)), \(fmt(r?.ciHigh))], Holm-adjusted p \(pText(b.pAdjusted))"
        }
        func outside(_ b: MetricBlock) -> Bool {
            guard let r = b.ratio?.value else { return false }
            return r < options.band || r > 1 / options.band
        }
        func rejects(_ b: MetricBlock) -> Bool { (b.pAdjusted ?? 1) < options.alpha }
        let bandText = "[\(fmt(options.band, 2)), \(fmt(1 / options.band, 2))]"

        if units < options.minUnits || events < options.minEvents {
            group.verdict = "insufficient"
            reasons.append("\(units) units and \(events) violations in the \(label); the minimum is \(options.minUnits) units and \(options.minEvents) violations.")
        } else if let b = group.block(primary, estimand) {
            if b.ratio?.value == nil {
                group.verdict = "insufficient"
                reasons.append("\(primary) (\(estimand)): \(b.ratio?.reason ?? b.reason ?? "not estimable").")
            } else if rejects(b) && outside(b) {
                group.verdict = "flag"
                reasons.append(describe(b) + ", outside \(bandText).")
            } else {
                group.verdict = "pass"
                reasons.append(describe(b) + (rejects(b) ? ", significant but inside \(bandText)." : ", no significant disparity."))
            }
        } else {
            group.verdict = "insufficient"
            reasons.append("\(primary) is not estimable in the \(label).")
        }
        for m in secondary {
            if let b = group.block(m, estimand), rejects(b), outside(b) {
                reasons.append("Secondary: " + describe(b) + ", outside \(bandText).")
            }
        }
        group.reasons = reasons
    }

    static func pText(_ p: Double?) -> String {
        guard let p else { return "= –" }
        return p < 0.0001 ? "< 0.0001" : "= " + fmt(p, 4)
    }

    static func fmt(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }
}
