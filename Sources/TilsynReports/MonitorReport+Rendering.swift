import Foundation
import TilsynCore

/// The monitoring report as Markdown (the CLI's text and the board's page body) and as an HTML page, in
/// Danish or English (`Explain/monitor.<lang>.json`).
///
/// The board reads this page to decide whether the model still does what it was approved for, so a Danish
/// board gets it in Danish: decimal commas and `[a; b]` intervals, Danish thousands separators, singular
/// and plural by count. What inspectors wrote as reasons is their own free text and is shown quoted, as
/// written, in either language.
extension MonitorReport {
    /// - Parameter language: "da" or "en" (anything else is English, as ``ReportLocale`` reads it).
    public func markdown(language: String = "en") throws -> String {
        MonitorReportText(report: self, l: try ReportLocale(language: language, file: "monitor")).markdown()
    }

    /// A printable HTML page of the same content: ``markdown(language:)`` through the reports' one Markdown
    /// page renderer, so the page and the Markdown never say different things.
    public func html(language: String = "en") throws -> String {
        let l = try ReportLocale(language: language, file: "monitor")
        return MarkdownPage.html(MonitorReportText(report: self, l: l).markdown(), title: l.text("page_title"), language: l.language)
    }
}

/// The sentences and tables of one monitoring report in one language.
struct MonitorReportText {
    let report: MonitorReport
    let l: ReportLocale
    let cell = ListSummary.markdownCell

    /// `1 liste`, `2 lister`: the texts `one_<noun>` and `many_<noun>`.
    func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? l.text("one_\(noun)") : l.text("many_\(noun)", ["n": grouped(n)])
    }

    /// Thousands grouped as each language writes them (`1.183` in Danish, `1,183` in English), as the cards
    /// and the yearly account do.
    func grouped(_ n: Int) -> String { l.count(n) }

    func percent(_ x: Double?) -> String { x.map { l.number(100 * $0, 1) + " %" } ?? "–" }

    func percentInterval(_ low: Double?, _ high: Double?) -> String {
        guard let low, let high else { return "–" }
        return l.interval(100 * low, 100 * high, 1) + " %"
    }

    /// A channel, a non-visit reason: the page's word, or the code itself when the texts have none.
    func word(_ prefix: String, _ code: String) -> String {
        let t = l.text("\(prefix)_\(code)")
        return t == "\(prefix)_\(code)" ? code : t
    }

    func verdict(_ r: MonitorReport.Rate) -> String {
        r.verdict == "insufficient" ? l.text("verdict_insufficient", ["minimum": grouped(report.minimumVisits)]) : l.text("verdict_estimated")
    }

    /// A score band written by ``BuildMonitor`` as `[0.2, 0.4)`, with the page's decimal mark and separator.
    func band(_ text: String) -> String {
        guard l.danish else { return text }
        return text.replacingOccurrences(of: ", ", with: "; ").replacingOccurrences(of: ".", with: ",")
    }

    /// `2026-W47` as the page's language writes a week (`uge 47, 2026` in Danish).
    func week(_ code: String) -> String {
        let parts = code.split(separator: "-W")
        guard parts.count == 2, let n = Int(parts[1]) else { return code }
        return l.text("week", ["year": String(parts[0]), "week": l.danish ? String(n) : String(parts[1])])
    }

    /// Free text as the inspectors wrote it, quoted, most frequent first.
    func quoted(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { l.text("quoted", ["text": cell($0.key), "count": grouped($0.value)]) }.joined(separator: "; ")
    }

    func rateTable(_ column: String, _ rates: [MonitorReport.Rate], name: (String) -> String) -> [String] {
        var out = ["| \(l.text(column)) | \(l.text("col_visits")) | \(l.text("col_violations")) | \(l.text("col_rate")) | \(l.text("col_interval")) | \(l.text("col_verdict")) |",
                   "|---|---:|---:|---:|---:|---|"]
        for r in rates {
            out.append("| \(cell(name(r.group))) | \(grouped(r.visits)) | \(grouped(r.violations)) | \(percent(r.rate)) | \(percentInterval(r.ciLow, r.ciHigh)) | \(verdict(r)) |")
        }
        return out
    }

    func markdown() -> String {
        var out = ["# " + l.text("title", ["lists": count(report.lists, "list"), "visits": count(report.visits, "visit")]), ""]
        out.append("## " + l.text("channels_heading"))
        out += rateTable("col_channel", report.channels) { word("channel", $0) }
        out.append("")
        out += population()
        out.append("")
        out += calibration()
        out.append("")
        out.append("## " + l.text("region_heading"))
        out += report.byRegion.isEmpty ? [l.text("groups_none")]
            : rateTable("col_region", report.byRegion) { $0 == "(none)" ? l.text("region_none") : $0 }
        out.append("")
        out.append("## " + l.text("inspector_heading"))
        out.append(l.text("inspector_intro"))
        out += report.byInspector.isEmpty ? [l.text("groups_none")] : rateTable("col_inspector", report.byInspector) { $0 }
        out.append("")
        out += weeks()
        return out.joined(separator: "\n") + "\n"
    }

    func population() -> [String] {
        var out = ["## " + l.text("population_heading")]
        let p = report.populationRate
        if p.value != nil {
            let missing = p.withoutOutcome - p.inStrataWithoutOutcome, excluded = p.inStrataWithoutOutcome
            out.append(l.text("population_line", [
                "rate": percent(p.value), "interval": percentInterval(p.ciLow, p.ciHigh),
                "visits": count(p.visits, "random_visit"), "strata": count(p.strata, "stratum"),
                "missing": missing > 0 ? count(missing, "missing") : "",
                "excluded": excluded > 0 ? count(excluded, "excluded") : ""]))
        } else {
            out.append(l.text("population_none"))
        }
        out.append(l.text("method"))
        let naive = report.naiveInspectedRate
        if naive.rate != nil {
            out.append(l.text("naive_line", ["rate": percent(naive.rate), "interval": percentInterval(naive.ciLow, naive.ciHigh)]))
        } else {
            out.append(naive.visits == 0 ? l.text("naive_none") : l.text("naive_insufficient", ["minimum": grouped(report.minimumVisits)]))
        }
        return out
    }

    func calibration() -> [String] {
        var out = ["## " + l.text("calibration_heading")]
        let bands = report.calibration.filter { $0.found.visits > 0 }
        guard !bands.isEmpty else { return out + [l.text("calibration_none")] }
        out.append("| \(l.text("col_band")) | \(l.text("col_visits")) | \(l.text("col_mean_predicted")) | \(l.text("col_found")) | \(l.text("col_interval")) | \(l.text("col_verdict")) |")
        out.append("|---|---:|---:|---:|---:|---|")
        for b in bands {
            out.append("| \(band(b.band)) | \(grouped(b.found.visits)) | \(percent(b.meanPredicted)) | \(percent(b.found.rate)) | \(percentInterval(b.found.ciLow, b.found.ciHigh)) | \(verdict(b.found)) |")
        }
        return out
    }

    func weeks() -> [String] {
        var out = ["## " + l.text("weeks_heading")]
        guard !report.weeks.isEmpty else { return out + [l.text("weeks_none")] }
        let reasons = NonVisitReasonOrder.all
        // Short reason headers keep the table on an A4 page; the sentence says what they count.
        let words = reasons.map { word("reason", $0) }
        out.append(l.text("weeks_intro", ["reasons": words.dropLast().joined(separator: ", ") + l.text("and") + (words.last ?? "")]))
        out.append("| \(l.text("col_week")) | \(l.text("col_decisions")) | \(l.text("col_manual")) | "
                   + reasons.map { l.text("col_not_visited", ["reason": word("reason", $0)]) }.joined(separator: " | ") + " |")
        out.append("|---|---:|---:|" + reasons.map { _ in "---:" }.joined(separator: "|") + "|")
        for w in report.weeks {
            out.append("| \(week(w.week)) | \(grouped(w.decisions)) | \(grouped(w.manual)) | "
                       + reasons.map { grouped(w.notVisited[$0] ?? 0) }.joined(separator: " | ") + " |")
        }
        if !report.manualReasons.isEmpty {
            out.append("")
            out.append(l.text("manual_reasons", ["reasons": quoted(report.manualReasons)]))
        }
        if !report.otherReasons.isEmpty {
            out.append(l.text("other_reasons", ["reasons": quoted(report.otherReasons)]))
        }
        return out
    }
}

/// The non-visit reasons in the order the report shows them.
enum NonVisitReasonOrder {
    static let all = ["closed", "moved", "not_found", "capacity", "other"]
}
