import Foundation
import TilsynCore

/// The one-page summary of the fairness (and validation) reports for the ethics board, in Danish or
/// English: what was checked, on which data, the flagged and insufficient groups in plain words, and what
/// a flag means for a grouping that is itself a model feature.
///
/// Every number is copied from the reports; the verdicts are those of the fairness report (which prints
/// each group's interval and the band beside its verdict).
public struct BoardSummary {
    public var fairness: FairnessReport
    public var validation: ValidationReport?
    /// File names of the full reports, linked from the page.
    public var links: [String]

    public init(fairness: FairnessReport, validation: ValidationReport? = nil, links: [String] = []) {
        self.fairness = fairness
        self.validation = validation
        self.links = links
    }

    /// Insufficient groups named one by one up to this many per grouping; beyond it, "and N more".
    static let namedInsufficient = 8

    public func markdown(language: String) throws -> String {
        try ReportTemplates.render("board-summary.md.mustache", context(language: language, cell: ListSummary.markdownCell, html: false))
    }

    public func html(language: String) throws -> String {
        try ReportTemplates.render("board-summary.html.mustache", context(language: language, cell: { $0 }, html: true))
    }

    func context(language: String, cell: (String) -> String, html: Bool) throws -> [String: Any] {
        let l = try ReportLocale(language: language, file: "board-summary")
        let f = try ReportLocale(language: language, file: "fairness")
        let report = fairness
        let primary = report.criterion.primary
        let metric = f.text("metric_\(primary)")
        let band = f.interval(report.criterion.band.first, report.criterion.band.last, 2)
        let ruleText = report.selection.rule == "top_k"
            ? f.text("rule_top_k", ["k": l.count(Int(report.selection.value))])
            : f.text("rule_top_fraction", ["percent": f.number(100 * report.selection.value, 1)])
        var validationText = ""
        if let v = validation {
            let lift = v.modelLift
            // Too few random audits in the top fraction: the counts, and no lift figure.
            validationText = l.text(lift.status == "insufficient" ? "validation_insufficient" : "validation", [
                "fraction": l.number(100 * lift.topFraction, lift.topFraction < 0.01 ? 2 : 1),
                "lift": l.estimate(lift.value, lift.ciLow, lift.ciHigh, 2), "hits": l.count(lift.hits), "k": l.count(lift.k),
                "rows": l.count(lift.randomArmRows), "min": String(ValidationReport.ModelLiftEstimate.minimumTopUnits),
                "caveat": lift.k < ValidationReport.ModelLiftEstimate.minimumTopUnits ? l.text("small_k") : "",
                "historical": l.estimate(v.channels?.historicalChannelLift, 2), "auc": l.estimate(v.auc, 3)])
        }
        let groupings = report.groupings.map { g -> [String: Any] in
            let name = report.groupingName(g.name, f)
            let flags = g.groups.filter { $0.verdict == "flag" }.compactMap { group -> String? in
                guard let v = group.verdictInterval else { return nil }
                let below = v.ciHigh < (report.criterion.band.first ?? 0.8)
                let key = (below ? "flag_below" : "flag_above") + (primary == "recall" ? "" : "_generic")
                return cell(l.text(key, ["group": group.group, "metric": metric, "ratio": l.number(v.value, 2), "interval": l.interval(v.ciLow, v.ciHigh, 2)]))
            }
            let insufficient = g.groups.filter { $0.verdict == "insufficient" }
            let small = insufficient.filter { $0.verdictInterval == nil }.count
            var names = ""
            if !insufficient.isEmpty {
                var shown = insufficient.prefix(Self.namedInsufficient).map(\.group).joined(separator: ", ")
                if insufficient.count > Self.namedInsufficient { shown += " " + l.text("and_more", ["count": l.count(insufficient.count - Self.namedInsufficient)]) }
                names = l.text("insufficient_names", ["names": shown])
            }
            return [
                "line": cell(l.text("grouping_line", [
                    "name": name, "pass": l.count(g.groups.filter { $0.verdict == "pass" }.count), "flag": l.count(flags.count),
                    "insufficient": l.count(insufficient.count)])),
                "flags": flags, "hasFlags": !flags.isEmpty,
                "insufficient": insufficient.isEmpty ? "" : cell(l.text("insufficient_line", [
                    "count": l.count(insufficient.count), "small": l.count(small), "overlap": l.count(insufficient.count - small),
                    "minUnits": l.count(report.settings.minUnits), "minEvents": l.count(report.settings.minEvents), "names": names])),
                "hasInsufficient": !insufficient.isEmpty,
                "feature": g.modelFeature ? cell(l.text("feature", ["name": name.prefix(1).uppercased() + name.dropFirst()])) : "", "isFeature": g.modelFeature,
                "featureHeading": l.text("feature_heading"),
            ]
        }
        let linkList = links.map { html ? "<a href=\"\(HTMLEscaping.escape($0))\">\(HTMLEscaping.escape($0))</a>" : $0 }.joined(separator: ", ")
        return [
            "lang": l.language, "l": l.labels(),
            "modelLine": cell(l.text("model_line", ["model": report.modelIdentity(f)])),
            "checked": cell(l.text("checked", ["rule": ruleText, "metric": metric, "estimand": f.text("estimand_\(report.criterion.estimand)"),
                                               "band": band, "confidence": l.number(100 * report.criterion.confidenceLevel, 0) + " %"])),
            "sample": cell(report.sampleSentence(f)), "inSample": report.sample == "in_sample",
            "data": cell(l.text("data", ["rows": l.count(report.data.rows), "file": report.data.file, "events": l.count(report.data.events)])),
            "population": cell(report.populationSentence(f)),
            "hasValidation": validation != nil, "validation": cell(validationText),
            "groupings": groupings,
            "hasLinks": !links.isEmpty, "links": html ? l.text("reports", ["links": linkList]) : cell(l.text("reports", ["links": linkList])),
        ]
    }
}
