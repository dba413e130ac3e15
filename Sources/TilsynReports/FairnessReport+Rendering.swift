import Foundation
import TilsynCore

extension FairnessReport {
    /// The report as Markdown: per grouping the verdict, selection and secondary tables (the forest plots
    /// are in the HTML form), in `language` ("da" or "en").
    public func markdown(language: String = "en") throws -> String {
        try ReportTemplates.render("fairness.md.mustache", context(locale: ReportLocale(language: language, file: "fairness"),
                                                                   cell: ListSummary.markdownCell, plots: false))
    }

    /// The report as one self-contained HTML page with inline SVG forest plots, printable on A4: the wide
    /// table of earlier versions is split into three narrow ones per grouping.
    public func html(language: String = "en") throws -> String {
        try ReportTemplates.render("fairness.html.mustache", context(locale: ReportLocale(language: language, file: "fairness"), cell: { $0 }, plots: true))
    }

    /// The estimand the verdicts are judged in.
    var primaryEstimand: String { criterion.estimand }

    /// The sample sentence in the page's language (the first line of the report), its counts written as the
    /// language writes them; an English page otherwise keeps the JSON's own `sample_description`.
    /// The judged model by name, version and fingerprint. After a refit before a split date the report
    /// judges the refit, not the model the board approves, so both fingerprints are named: a reader
    /// who checks the fingerprint against the approval record finds the approved one first.
    func modelIdentity(_ l: ReportLocale) -> String {
        let name = "\(model?.name ?? "–") \(model?.version ?? "")"
        let fingerprint = String((model?.fingerprint ?? "–").prefix(16))
        if let given = refitOf, let date = training?.beforeDate {
            return l.text("model_identity_refit", ["model": name, "given": String(given.prefix(16)), "date": l.date(date), "fingerprint": fingerprint])
        }
        return l.text("model_identity", ["model": name, "fingerprint": fingerprint])
    }

    func sampleSentence(_ l: ReportLocale) -> String {
        if sample == "out_of_sample", let date = training?.beforeDate {
            return l.text("sample_out_split", ["train": l.count(training?.rows ?? 0), "date": l.date(date), "eval": l.count(data.rows)])
        }
        guard l.danish else { return sampleDescription }
        switch sample {
        case "out_of_sample":
            return l.text("sample_out_file", ["file": data.file])
        default:
            return data.sha256 == training?.sha256 ? l.text("sample_in_same") : l.text("sample_in_unknown")
        }
    }

    /// `text` with its first letter upper-cased (a sentence that starts with a grouping's name).
    static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// Where population rates come from, in the page's language.
    func populationSentence(_ l: ReportLocale) -> String {
        population.estimable
            ? l.text("population_yes", ["rows": l.count(population.rows), "events": l.count(population.events),
                                        "source": l.text(population.source == "representative" ? "source_representative" : "source_random")])
            : l.text("population_no", ["reason": l.text((population.reason ?? "").hasPrefix("no channel") ? "reason_no_channel" : "reason_no_random")])
    }

    /// A grouping's name in the page's language (`industry × size_band` → `branche × størrelse`).
    func groupingName(_ name: String, _ l: ReportLocale) -> String {
        name.components(separatedBy: " × ").map { part in
            let t = l.text("grouping_\(part)")
            return t == "grouping_\(part)" ? part : t
        }.joined(separator: " × ")
    }

    func context(locale l: ReportLocale, cell: (String) -> String, plots: Bool) -> [String: Any] {
        let estimand = primaryEstimand
        let primary = criterion.primary
        let band = (criterion.band.first ?? 0.8, criterion.band.last ?? 1.25)
        func metricName(_ m: String) -> String { l.text("metric_\(m)") }
        func value(_ b: MetricBlock?, _ digits: Int = 3) -> [String: String] {
            guard let b, b.value != nil else { return ["v": "–", "ci": ""] }
            return ["v": l.number(b.value, digits), "ci": l.interval(b.ciLow, b.ciHigh, digits)]
        }
        // A ratio whose rest has no hits is unbounded (`null` in the JSON): its interval [L, ∞] still says
        // how large the ratio is at least, so it is printed rather than a dash.
        func ratio(_ c: Comparison?) -> [String: String] {
            guard let c else { return ["v": "–", "ci": ""] }
            if c.value == nil, let low = c.ciLow, c.ciHigh == nil {
                return ["v": "∞", "ci": "[\(l.number(low, 2))\(l.danish ? ";" : ",") ∞]"]
            }
            guard c.value != nil else { return ["v": "–", "ci": ""] }
            return ["v": l.number(c.value, 2), "ci": l.interval(c.ciLow, c.ciHigh, 2)]
        }
        func groupLabel(_ g: String) -> String {
            cell(g.components(separatedBy: " | ").map { $0 == GroupingColumn.missingLabel ? l.text("missing") : $0 }.joined(separator: " | "))
        }
        func row(_ g: GroupResult) -> [String: Any] {
            let judged = g.block("base_rate", estimand)
            let units = judged?.denominator ?? 0
            let events = Int(((judged?.value ?? 0) * Double(units)).rounded())
            let primaryBlock = g.block(primary, estimand)
            let tooSmall = g.verdict == "insufficient" && g.verdictInterval == nil && g.reasons.first?.hasPrefix("Too small") == true
            let verdictWord = l.text("verdict_\(g.verdict)") + (tooSmall ? " (\(l.text("too_small")))" : "")
            let v = g.verdictInterval
            return [
                "group": groupLabel(g.group), "n": l.count(g.n), "selected": l.count(g.selected),
                "judgedUnits": l.count(units), "judgedEvents": l.count(events),
                "ratio": ratio(primaryBlock?.ratio),
                "verdictInterval": v.map { l.interval($0.ciLow, $0.ciHigh, 2) } ?? "–",
                "pAdjusted": v?.pAdjusted.map { $0 < 0.0001 ? "< " + l.number(0.0001, 4) : l.number($0, 4) } ?? "–",
                "verdict": verdictWord, "flag": g.verdict == "flag", "pass": g.verdict == "pass",
                "unitShare": l.number(100 * g.unitShare, 1), "selectionShare": l.number(g.selectionShare.value.map { 100 * $0 }, 1),
                "selectionRate": value(g.block("selection_rate", "selection")), "selectionRatio": ratio(g.block("selection_rate", "selection")?.ratio),
                "mdr": g.minimumDetectableRatio.map { "\(l.number($0.low, 2))–\(l.number($0.high, 2))" } ?? "–",
                "discovered": g.feedback.map { l.number(100 * $0.discovered, 1) } ?? "–",
                "reported": g.feedback.map { l.number(100 * $0.reported, 1) } ?? "–",
                "precision": value(g.block("precision", estimand)), "recall": value(g.block("recall", estimand)),
                "fpr": value(g.block("fpr", estimand)), "baseRate": value(g.block("base_rate", estimand)),
                "calibration": ratio(g.block("calibration_gap", estimand)?.ratio), "auc": value(g.block("auc", estimand)),
            ]
        }
        func forest(_ title: String, _ rows: [ForestPlot.Row], countLabel: String) -> String {
            ForestPlot(title: title, rows: rows, band: band, countLabel: countLabel, axisLabel: l.text("plot_axis"),
                       emptyText: l.text("plot_empty"), number: { l.number($0, $1) }, count: l.count, zeroNote: l.text("plot_zero")).svg()
        }
        let groupingContexts = groupings.map { grouping -> [String: Any] in
            let name = groupingName(grouping.name, l)
            var c: [String: Any] = [
                "name": cell(name), "by": cell(l.text("by", ["name": name])), "groups": grouping.groups.map(row),
                "counts": l.text("counts", [
                    "pass": l.count(grouping.groups.filter { $0.verdict == "pass" }.count),
                    "flag": l.count(grouping.groups.filter { $0.verdict == "flag" }.count),
                    "insufficient": l.count(grouping.groups.filter { $0.verdict == "insufficient" }.count)]),
                "ordered": grouping.ordered,
                "hasFeatureNote": grouping.modelFeature,
                "featureNote": grouping.modelFeature ? cell(Self.capitalised(l.text("feature_note", ["name": name, "metric": metricName(primary)]))) : "",
            ]
            if plots {
                // The primary plot shows exactly the verdict intervals of the table, with the same counts
                // (units judged); groups without a verdict interval are not drawn.
                let verdictRows = grouping.groups.compactMap { g -> ForestPlot.Row? in
                    guard let v = g.verdictInterval else { return nil }
                    return .init(label: groupLabel(g.group), n: g.block("base_rate", estimand)?.denominator ?? 0, value: v.value,
                                 low: v.ciLow, high: v.ciHigh, flagged: g.verdict == "flag")
                }
                c["primaryPlot"] = forest(l.text("plot_primary", ["metric": metricName(primary)]), verdictRows, countLabel: l.text("col_judged_units"))
                let selectionRows = grouping.groups.compactMap { g -> ForestPlot.Row? in
                    guard let r = g.block("selection_rate", "selection")?.ratio, let v = r.value else { return nil }
                    return .init(label: groupLabel(g.group), n: g.n, value: v, low: r.ciLow, high: r.ciHigh, flagged: false)
                }
                c["selectionPlot"] = forest(l.text("plot_selection"), selectionRows, countLabel: l.text("col_units"))
                let calibrationRows = grouping.groups.compactMap { g -> ForestPlot.Row? in
                    guard g.verdictInterval != nil || primary == "calibration_gap",
                          let r = g.block("calibration_gap", estimand)?.ratio, let v = r.value else { return nil }
                    return .init(label: groupLabel(g.group), n: g.block("base_rate", estimand)?.denominator ?? 0, value: v, low: r.ciLow, high: r.ciHigh, flagged: false)
                }
                c["calibrationPlot"] = forest(l.text("plot_calibration"), calibrationRows, countLabel: l.text("col_judged_units"))
            }
            return c
        }
        let ruleText = selection.rule == "top_k"
            ? l.text("rule_top_k", ["k": l.count(Int(selection.value))])
            : l.text("rule_top_fraction", ["percent": l.number(100 * selection.value, 1)])
        let bandText = l.interval(band.0, band.1, 2)
        let confidence = l.number(100 * criterion.confidenceLevel, 0) + " %"
        return [
            "lang": l.language, "l": l.labels(),
            "sampleSentence": cell(sampleSentence(l)), "inSample": sample == "in_sample",
            "modelName": cell(model?.name ?? "–"), "modelVersion": cell(model?.version ?? "–"),
            "provenance": cell(l.text("provenance", [
                "model": modelIdentity(l),
                "file": data.file, "sha": String(data.sha256.prefix(16)), "rows": l.count(data.rows), "events": l.count(data.events),
                "rule": ruleText, "selected": l.count(selection.selected), "seed": String(selection.seed)])),
            "primarySentence": cell(l.text("primary_sentence", [
                "metric": metricName(primary), "estimand": l.text("estimand_\(estimand)"),
                "secondary": criterion.secondary.map(metricName).joined(separator: ", ")])),
            "ruleSentence": cell(l.text("rule_sentence", [
                "metric": metricName(primary), "reference": l.text(primary == "calibration_gap" ? "reference_expected" : "reference_rest"),
                "alpha": l.number(1 - criterion.confidenceLevel, 2), "confidence": confidence])),
            "verdictRule": cell(l.text("verdict_rule", ["band": bandText, "minUnits": l.count(settings.minUnits), "minEvents": l.count(settings.minEvents)])),
            "populationText": cell(populationSentence(l)),
            "overall": row(overall), "groupings": groupingContexts,
            "hasNotes": !l.danish, "notes": l.danish ? [] : notes.map(cell),
        ]
    }
}
