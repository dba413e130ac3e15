import Foundation
import TilsynCore

/// The monitoring report as Markdown (the CLI's text and the board's page body) and as an HTML page.
extension MonitorReport {
    private static func percent(_ x: Double?) -> String { x.map { ReportNumber.fixed($0 * 100, 1) + " %" } ?? "–" }
    private static func percentInterval(_ low: Double?, _ high: Double?) -> String {
        guard let low, let high else { return "–" }
        return "[\(ReportNumber.fixed(low * 100, 1)), \(ReportNumber.fixed(high * 100, 1))] %"
    }

    private func rateTable(_ title: String, _ rates: [Rate]) -> [String] {
        var lines = ["| \(title) | visits | violations | rate | 95 % interval | verdict |", "|---|---:|---:|---:|---|---|"]
        for r in rates {
            let verdict = r.verdict == "insufficient" ? "insufficient (fewer than \(minimumVisits) visits)" : "estimated"
            lines.append("| \(r.group) | \(r.visits) | \(r.violations) | \(Self.percent(r.rate)) | \(Self.percentInterval(r.ciLow, r.ciHigh)) | \(verdict) |")
        }
        return lines
    }

    public func markdown() -> String {
        var out = ["# Monitoring: \(lists) \(lists == 1 ? "list" : "lists"), \(visits) \(visits == 1 ? "visit" : "visits") with an outcome", ""]
        out.append("## Hit rate per channel")
        out += rateTable("channel", channels)
        out.append("")
        out.append("## Population violation rate (random arm)")
        let p = populationRate
        if let value = p.value {
            let missing = p.withoutOutcome - p.inStrataWithoutOutcome, excluded = p.inStrataWithoutOutcome
            out.append("Estimated population rate **\(Self.percent(value))** \(Self.percentInterval(p.ciLow, p.ciHigh)) from \(p.visits) random-arm \(p.visits == 1 ? "visit" : "visits") in \(p.strata) \(p.strata == 1 ? "stratum" : "strata")\(missing > 0 ? "; \(missing) drawn \(missing == 1 ? "unit has" : "units have") no outcome and \(missing == 1 ? "is" : "are") assumed missing at random within \(missing == 1 ? "its" : "their") stratum" : "")\(excluded > 0 ? "; \(excluded) drawn on lists or in regions with no outcome yet \(excluded == 1 ? "is" : "are") not in the estimate" : "").")
        } else {
            out.append("No estimate: \(p.reason ?? "no random-arm outcome").")
        }
        out.append("Method: \(p.method).")
        out.append("For comparison, the rate among all inspected units is \(Self.percent(naiveInspectedRate.rate)) \(Self.percentInterval(naiveInspectedRate.ciLow, naiveInspectedRate.ciHigh)); it over-represents high scores and is not a population rate.")
        out.append("")
        out.append("## Calibration among risk picks (score at selection against violations found)")
        out.append("| score band | visits | mean predicted | found | 95 % interval | verdict |")
        out.append("|---|---:|---:|---:|---|---|")
        for b in calibration where b.found.visits > 0 {
            out.append("| \(b.band) | \(b.found.visits) | \(Self.percent(b.meanPredicted)) | \(Self.percent(b.found.rate)) | \(Self.percentInterval(b.found.ciLow, b.found.ciHigh)) | \(b.found.verdict) |")
        }
        out.append("")
        out.append("## By region")
        out += rateTable("region", byRegion)
        out.append("")
        out.append("## By inspector")
        out.append("Inspectors visit different mixes of risk and random units, so their rates differ for that reason too.")
        out += rateTable("inspector", byInspector)
        out.append("")
        out.append("## Overrides and non-visits per week")
        let reasons = NonVisitReasonOrder.all
        out.append("| week | decisions | manual | " + reasons.map { "not visited: \($0)" }.joined(separator: " | ") + " |")
        out.append("|---|---:|---:|" + reasons.map { _ in "---:" }.joined(separator: "|") + "|")
        for w in weeks {
            out.append("| \(w.week) | \(w.decisions) | \(w.manual) | " + reasons.map { String(w.notVisited[$0] ?? 0) }.joined(separator: " | ") + " |")
        }
        if !manualReasons.isEmpty {
            out.append("")
            out.append("Reasons for manual rows: " + manualReasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) (\($0.value))" }.joined(separator: "; ") + ".")
        }
        if !otherReasons.isEmpty {
            out.append("Other reasons for not visiting: " + otherReasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) (\($0.value))" }.joined(separator: "; ") + ".")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A printable HTML page of the same content: ``markdown()`` through the reports' one Markdown page
    /// renderer, so the page and the Markdown never say different things.
    public func html() -> String {
        MarkdownPage.html(markdown(), title: "Tilsyn monitoring", language: "en")
    }
}

/// The non-visit reasons in the order the report shows them.
enum NonVisitReasonOrder {
    static let all = ["closed", "moved", "not_found", "capacity", "other"]
}
