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
            groupings.append(.init(name: grouping.name, columns: grouping.columns, ordered: grouping.ordered, groups: chunks.flatMap { $0 }))
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
                high = total > m ? Interval.minimumDetectableRatio(overall: Double(c) / Double(total), groupDenominator: m, overallDenominator: total - m) : nil
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

    /// Gives each group its verdict from the adjusted interval of its primary ratio ⚖.
    ///
    /// Per grouping, the family is the groups large enough to judge (``FairnessOptions/minUnits`` units and
    /// ``FairnessOptions/minEvents`` violations in the primary estimand's rows) whose primary ratio has a
    /// bounded interval: `m` of them. Each gets its interval at level `1 − α/m` by the same method as the
    /// printed unadjusted one — the score interval at `α/m` for a ratio of proportions, `r·exp(±z₁₋α/(2m)·se)`
    /// for calibration's observed ÷ expected — and the verdict follows from it and the band alone: `pass`
    /// inside, `flag` wholly outside, `insufficient` when it straddles a band limit, so a reader can check
    /// every verdict by eye. Bonferroni rather than Holm because its adjusted p-values `min(1, m·p)` reject
    /// exactly when the printed interval excludes 1 (the p-value and the interval come from one test);
    /// Holm's step-down has no such interval. Secondary metrics keep their unadjusted 95 % intervals and
    /// decide nothing.
    static func adjustAndJudge(_ groupings: inout [FairnessReport.Grouping], options: FairnessOptions, populationAvailable: Bool) {
        let estimand = populationAvailable ? "population" : "among_inspected"
        let primary = primaryMetric(options.criterion)
        for a in groupings.indices {
            var judged: [Int] = []
            for (b, group) in groupings[a].groups.enumerated() {
                let size = judgedSize(group, estimand: estimand)
                guard size.units >= options.minUnits, size.events >= options.minEvents,
                      let r = group.block(primary, estimand)?.ratio, r.value != nil, r.ciHigh != nil,
                      r.counts != nil || (r.seLog ?? 0) > 0 else { continue }
                judged.append(b)
            }
            let m = max(1, judged.count)
            let alpha = options.alpha / Double(m)
            let z = Interval.normalQuantile(1 - alpha / 2)
            for b in judged {
                guard let c = groupings[a].groups[b].metrics.firstIndex(where: { $0.metric == primary && $0.estimand == estimand }),
                      let ratio = groupings[a].groups[b].metrics[c].ratio, let r = ratio.value else { continue }
                var limits: (low: Double, high: Double)?
                if let k = ratio.counts {
                    if let s = Interval.riskRatio(a: k.a, n1: k.n1, c: k.c, n2: k.n2, alpha: alpha), let high = s.high { limits = (s.low, high) }
                } else if let se = ratio.seLog {
                    limits = (r * exp(-z * se), r * exp(z * se))
                }
                guard let limits else { continue }
                let p = groupings[a].groups[b].metrics[c].pValue
                let adjusted = p.map { min(1, Double(m) * $0) }
                groupings[a].groups[b].metrics[c].pAdjusted = adjusted
                groupings[a].groups[b].verdictInterval = VerdictInterval(
                    metric: primary, estimand: estimand, reference: ratio.reference, value: r, ciLow: limits.low, ciHigh: limits.high,
                    level: 1 - alpha, familySize: judged.count, pValue: p, pAdjusted: adjusted)
            }
            for b in groupings[a].groups.indices {
                judge(&groupings[a].groups[b], primary: primary, estimand: estimand, options: options)
            }
        }
    }

    /// Units and violations in the primary estimand's rows: base_rate's denominator and numerator.
    static func judgedSize(_ group: GroupResult, estimand: String) -> (units: Int, events: Int) {
        let base = group.block("base_rate", estimand)
        let units = base?.denominator ?? 0
        return (units, Int(((base?.value ?? 0) * Double(units)).rounded()))
    }

    /// The verdict of one group from its verdict interval and the band (see ``adjustAndJudge``).
    static func judge(_ group: inout GroupResult, primary: String, estimand: String, options: FairnessOptions) {
        let label = estimand == "population" ? "random-audit rows" : "inspections"
        let (units, events) = judgedSize(group, estimand: estimand)
        let bandText = "[\(fmt(options.bandLow, 2)), \(fmt(options.bandHigh, 2))]"
        if units < options.minUnits || events < options.minEvents {
            group.verdict = "insufficient"
            group.reasons = ["Too small to judge: \(units) units and \(events) violations in the \(label); the minimum is \(options.minUnits) units and \(options.minEvents) violations."]
            return
        }
        guard let v = group.verdictInterval else {
            let b = group.block(primary, estimand)
            group.verdict = "insufficient"
            group.reasons = ["\(primary) (\(estimand)) ratio not estimable: \(b?.ratio?.reason ?? b?.reason ?? "no interval").".replacingOccurrences(of: "..", with: ".")]
            return
        }
        let interval = "\(primary) (\(estimand)) ratio to the \(v.reference == "rest" ? "rest of the population" : "expected count") \(fmt(v.value, 2)), adjusted \(fmt(100 * v.level, 2)) % interval [\(fmt(v.ciLow, 3)), \(fmt(v.ciHigh, 3))] (Bonferroni over \(v.familySize) groups)"
        if v.ciLow >= options.bandLow && v.ciHigh <= options.bandHigh {
            group.verdict = "pass"
            group.reasons = [interval + ", inside the band \(bandText)."]
        } else if v.ciHigh < options.bandLow || v.ciLow > options.bandHigh {
            group.verdict = "flag"
            group.reasons = [interval + ", wholly \(v.ciHigh < options.bandLow ? "below" : "above") the band \(bandText)."]
        } else {
            group.verdict = "insufficient"
            group.reasons = [interval + ", overlaps a limit of the band \(bandText): the data cannot tell."]
        }
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
