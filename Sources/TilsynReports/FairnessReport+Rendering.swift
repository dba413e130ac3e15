import TilsynCore

extension FairnessReport {
    /// The report as Markdown: tables per grouping (the forest plots are in the HTML form).
    public func markdown() throws -> String {
        try ReportTemplates.render("fairness.md.mustache", context(cell: ListSummary.markdownCell, plots: false))
    }

    /// The report as one self-contained HTML page with inline SVG forest plots.
    public func html() throws -> String {
        try ReportTemplates.render("fairness.html.mustache", context(cell: { $0 }, plots: true))
    }

    /// The estimand the verdicts are judged in.
    var primaryEstimand: String { population.estimable ? "population" : "among_inspected" }

    func context(cell: (String) -> String, plots: Bool) -> [String: Any] {
        let estimand = primaryEstimand
        func value(_ b: MetricBlock?, _ digits: Int = 3) -> String {
            guard let b else { return "–" }
            guard b.value != nil else { return "–" }
            return "\(ReportNumber.fixed(b.value, digits)) \(ReportNumber.interval(b.ciLow, b.ciHigh, digits))"
        }
        func ratio(_ b: MetricBlock?) -> String {
            guard let r = b?.ratio, r.value != nil else { return "–" }
            return "\(ReportNumber.fixed(r.value, 2)) \(ReportNumber.interval(r.ciLow, r.ciHigh, 2))"
        }
        func row(_ g: GroupResult) -> [String: Any] {
            let primary = g.block(criterion.primary, estimand)
            return [
                "group": cell(g.group), "n": String(g.n), "selected": String(g.selected), "positives": String(g.positives),
                "unitShare": ReportNumber.fixed(100 * g.unitShare, 1), "selectionShare": ReportNumber.fixed(g.selectionShare.value.map { 100 * $0 }, 1),
                "selectionRate": value(g.block("selection_rate", "selection")), "selectionRatio": ratio(g.block("selection_rate", "selection")),
                "precision": value(g.block("precision", estimand)), "recall": value(g.block("recall", estimand)),
                "fpr": value(g.block("fpr", estimand)), "baseRate": value(g.block("base_rate", estimand)),
                "gap": value(g.block("calibration_gap", estimand)), "auc": value(g.block("auc", estimand)),
                "brier": value(g.block("brier", estimand), 4),
                "precisionInspected": value(g.block("precision", "among_inspected")), "recallInspected": value(g.block("recall", "among_inspected")),
                "primaryRatio": ratio(primary), "pAdjusted": primary?.pAdjusted.map { $0 < 0.0001 ? "< 0.0001" : ReportNumber.fixed($0, 4) } ?? "–",
                "mdr": g.minimumDetectableRatio.map { "\(ReportNumber.fixed($0.low, 2))–\(ReportNumber.fixed($0.high, 2))" } ?? "–",
                "discovered": g.feedback.map { ReportNumber.fixed(100 * $0.discovered, 1) } ?? "–",
                "reported": g.feedback.map { ReportNumber.fixed(100 * $0.reported, 1) } ?? "–",
                "register": g.feedback.map { ReportNumber.fixed(100 * $0.register, 1) } ?? "–",
                "verdict": g.verdict, "flag": g.verdict == "flag",
                "reasons": cell(g.reasons.joined(separator: " ")),
            ]
        }
        func forest(_ title: String, _ groups: [GroupResult], metric: String, estimand: String) -> String {
            let rows = groups.filter { $0.verdict != "insufficient" || metric == "selection_rate" }.compactMap { g -> ForestPlot.Row? in
                guard let b = g.block(metric, estimand), let v = b.ratio?.value else { return nil }
                // n is the units in the estimand's rows (random audits for `population`), not the group's size.
                let units = estimand == "selection" ? g.n : (g.block("base_rate", estimand)?.denominator ?? g.n)
                return .init(label: g.group, n: units, value: v, low: b.ratio?.ciLow, high: b.ratio?.ciHigh, flagged: metric == criterion.primary && g.verdict == "flag")
            }
            return ForestPlot(title: title, rows: rows, band: (settings.ratioBand.first ?? 0.8, settings.ratioBand.last ?? 1.25)).svg()
        }
        let groupingContexts = groupings.map { grouping -> [String: Any] in
            var c: [String: Any] = [
                "name": cell(grouping.name), "groups": grouping.groups.map(row),
                "pass": String(grouping.groups.filter { $0.verdict == "pass" }.count),
                "flag": String(grouping.groups.filter { $0.verdict == "flag" }.count),
                "insufficient": String(grouping.groups.filter { $0.verdict == "insufficient" }.count),
            ]
            if plots {
                c["primaryPlot"] = forest("\(criterion.primary) (\(estimand)) ratio to overall, groups with enough data", grouping.groups, metric: criterion.primary, estimand: estimand)
                c["selectionPlot"] = forest("selection rate ratio to overall = share of selections ÷ share of units", grouping.groups, metric: "selection_rate", estimand: "selection")
                c["calibrationPlot"] = forest("calibration within group: observed ÷ predicted violations (\(estimand))", grouping.groups, metric: "calibration_gap", estimand: estimand)
            }
            return c
        }
        return [
            "modelName": cell(model?.name ?? "–"), "modelVersion": cell(model?.version ?? "–"), "fingerprint": String((model?.fingerprint ?? "").prefix(16)),
            "dataFile": cell(data.file), "dataSHA": String(data.sha256.prefix(16)), "rows": String(data.rows), "events": String(data.events),
            "rule": selection.rule == "top_k" ? "top \(Int(selection.value)) by score" : "top \(ReportNumber.fixed(100 * selection.value, 1)) % by score",
            "selected": String(selection.selected), "seed": String(selection.seed),
            "primary": criterion.primary, "secondary": criterion.secondary.joined(separator: ", "), "tradeoff": cell(criterion.tradeoff),
            "estimand": estimand,
            "populationText": cell(population.estimable
                ? "Population rates come from \(population.rows) rows (\(population.events) with a violation) selected by \(population.source ?? "?")."
                : "Population rates cannot be estimated: \(population.reason ?? "no random-audit rows")."),
            "minUnits": String(settings.minUnits), "minEvents": String(settings.minEvents), "bootstrap": String(settings.bootstrap),
            "band": "[\(ReportNumber.fixed(settings.ratioBand.first, 2)), \(ReportNumber.fixed(settings.ratioBand.last, 2))]",
            "alpha": ReportNumber.fixed(settings.alpha, 2), "mdrText": cell(settings.minimumDetectable),
            "overall": row(overall), "groupings": groupingContexts, "notes": notes.map(cell),
        ]
    }
}
