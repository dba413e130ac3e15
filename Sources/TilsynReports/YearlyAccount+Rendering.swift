import Foundation
import TilsynCore

/// The yearly account as Markdown and as a printable A4 page, in Danish or English
/// (`Explain/yearly.<lang>.json`): decimal commas and `[a; b]` intervals in Danish, singular and plural
/// by count, every number copied from the ``YearlyAccount``.
extension YearlyAccount {
    public func markdown(language: String) throws -> String {
        YearlyAccountText(account: self, l: try ReportLocale(language: language, file: "yearly")).markdown()
    }

    public func html(language: String) throws -> String {
        let l = try ReportLocale(language: language, file: "yearly")
        return MarkdownPage.html(try markdown(language: language), title: l.text("title", ["year": String(year)]), language: l.language)
    }
}

/// The sentences and tables of one account in one language.
struct YearlyAccountText {
    let account: YearlyAccount
    let l: ReportLocale

    var year: String { String(account.year) }
    let cell = ListSummary.markdownCell

    /// `1 liste`, `2 lister`: the texts `one_<noun>` and `many_<noun>`.
    func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? l.text("one_\(noun)") : l.text("many_\(noun)", ["n": grouped(n)])
    }

    /// Thousands grouped as each language writes them (`1.183` in Danish, `1,183` in English), as on the cards.
    func grouped(_ n: Int) -> String { l.count(n) }

    func percent(_ x: Double?) -> String { x.map { l.number(100 * $0, 1) + " %" } ?? "–" }

    func percentInterval(_ low: Double?, _ high: Double?) -> String {
        guard let low, let high else { return "–" }
        return l.interval(100 * low, 100 * high, 1) + " %"
    }

    func days(_ d: Double?) -> String {
        guard let d else { return "–" }
        let rounded = (d * 10).rounded() / 10
        if rounded == 1 { return l.text("one_day") }
        return l.text("many_day", ["n": l.number(rounded, rounded == rounded.rounded() ? 0 : 1)])
    }

    func channel(_ c: String) -> String {
        let t = l.text("channel_\(c)")
        return t == "channel_\(c)" ? c : t
    }

    func reason(_ r: String) -> String {
        let t = l.text("reason_\(r)")
        return t == "reason_\(r)" ? r : t
    }

    func reasons(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\(cell($0.key)) (\(grouped($0.value)))" }.joined(separator: "; ")
    }

    func rateTable(_ column: String, _ rates: [MonitorReport.Rate], name: (String) -> String) -> [String] {
        var out = ["| \(l.text(column)) | \(l.text("col_visits")) | \(l.text("col_violations")) | \(l.text("col_rate")) | \(l.text("col_interval")) | \(l.text("col_verdict")) |",
                   "|---|---:|---:|---:|---:|---|"]
        for r in rates {
            let verdict = r.verdict == "insufficient" ? l.text("verdict_insufficient", ["minimum": String(account.monitoring.minimumVisits)]) : l.text("verdict_estimated")
            out.append("| \(cell(name(r.group))) | \(grouped(r.visits)) | \(grouped(r.violations)) | \(percent(r.rate)) | \(percentInterval(r.ciLow, r.ciHigh)) | \(verdict) |")
        }
        return out
    }

    func markdown() -> String {
        var out = ["# " + l.text("title", ["year": year]), ""]
        out.append(l.text("intro", ["year": year, "generated": l.date(account.generatedAt), "store": cell(account.store)]))
        out.append("")
        out += models()
        out += lists()
        out += decisions()
        out += rates()
        out += fairness()
        out += corrections()
        out += audit()
        return out.joined(separator: "\n") + "\n"
    }

    func models() -> [String] {
        var out = ["## " + l.text("models_heading")]
        guard !account.models.isEmpty else { return out + [l.text("models_none", ["year": year]), ""] }
        out.append("| \(l.text("col_model")) | \(l.text("col_fingerprint")) | \(l.text("col_lists")) | \(l.text("col_period")) | \(l.text("col_decisions")) | \(l.text("col_standing")) |")
        out.append("|---|---|---:|---|---|---|")
        for m in account.models {
            let name = m.name.map { "\(cell($0)) \(cell(m.version ?? ""))" } ?? l.text("unregistered")
            let period = m.firstList.map { first in first == m.lastList ? l.date(first) : l.period(first, m.lastList ?? first) } ?? "–"
            let decided = m.decisions.isEmpty ? l.text("no_decision") : m.decisions.map { d in
                cell(l.text("decision_line", ["decision": l.text("decision_\(d.decision.rawValue)"), "date": l.date(String(ISOTime.text(d.decidedAt).prefix(10))),
                                              "by": d.decidedBy, "note": d.note]))
            }.joined(separator: "; ")
            out.append("| \(name) | `\(m.fingerprint.prefix(16))` | \(grouped(m.lists)) | \(period) | \(decided) | \(l.text(m.approvedAtYearEnd ? "standing_approved" : "standing_not")) |")
        }
        return out + [""]
    }

    func lists() -> [String] {
        var out = ["## " + l.text("lists_heading")]
        let s = account.lists
        guard s.count > 0 else { return out + [l.text("lists_none", ["year": year]), ""] }
        out.append(l.text("lists_line", [
            "year": year, "lists": count(s.count, "list"), "units": count(s.rows, "unit"),
            "risk": grouped(s.byChannel["risk"] ?? 0), "riskShare": percent(s.share("risk")),
            "random": grouped(s.byChannel["random"] ?? 0), "randomShare": percent(s.share("random"))]))
        out.append(s.withoutApproval == 0 ? l.text("without_approval_none") : l.text("without_approval", ["count": count(s.withoutApproval, "list_made")]))
        return out + [""]
    }

    func decisions() -> [String] {
        let d = account.decisions
        var out = ["## " + l.text("decisions_heading")]
        out.append(l.text("decisions_line", [
            "visited": grouped(d.visited), "notVisited": grouped(d.notVisited), "deferred": grouped(d.deferred),
            "undecided": grouped(d.undecided), "manual": count(d.manual, "unit")]))
        if d.notVisited > 0 {
            out.append("")
            out.append("### " + l.text("reasons_heading"))
            out.append("| \(l.text("col_reason")) | \(l.text("col_count")) |")
            out.append("|---|---:|")
            for r in ["closed", "moved", "not_found", "capacity", "other"] where (d.notVisitedByReason[r] ?? 0) > 0 {
                out.append("| \(reason(r)) | \(grouped(d.notVisitedByReason[r] ?? 0)) |")
            }
            if !account.monitoring.otherReasons.isEmpty { out.append(l.text("other_reasons", ["reasons": reasons(account.monitoring.otherReasons)])) }
        }
        if !account.monitoring.manualReasons.isEmpty {
            out.append(l.text("manual_reasons", ["reasons": reasons(account.monitoring.manualReasons)]))
        }
        return out + [""]
    }

    func rates() -> [String] {
        let m = account.monitoring
        var out = ["## " + l.text("hits_heading"), l.text("hits_intro"), ""]
        out += rateTable("col_channel", m.channels, name: channel)
        out.append("")
        out.append("## " + l.text("population_heading"))
        let p = m.populationRate
        if p.value != nil {
            var line = l.text("population_line", [
                "rate": percent(p.value), "interval": percentInterval(p.ciLow, p.ciHigh),
                "visits": count(p.visits, "visit"), "strata": count(p.strata, "stratum")])
            let missing = p.withoutOutcome - p.inStrataWithoutOutcome
            if missing > 0 { line += l.text("population_missing", ["count": count(missing, "unit")]) }
            if p.inStrataWithoutOutcome > 0 { line += l.text("population_excluded", ["count": count(p.inStrataWithoutOutcome, "unit")]) }
            out.append(line)
        } else {
            out.append(l.text("population_none", ["year": year]))
        }
        if let naive = m.naiveInspectedRate.rate {
            out.append(l.text("naive_line", ["rate": percent(naive), "interval": percentInterval(m.naiveInspectedRate.ciLow, m.naiveInspectedRate.ciHigh)]))
        }
        out.append("")
        out.append("## " + l.text("region_heading"))
        out += rateTable("col_region", m.byRegion, name: { $0 == "(none)" ? l.text("region_none") : $0 })
        out.append("")
        out.append("## " + l.text("inspector_heading"))
        out.append(l.text("inspector_intro"))
        out.append("")
        out += rateTable("col_inspector", m.byInspector, name: { $0 })
        return out + [""]
    }

    func fairness() -> [String] {
        var out = ["## " + l.text("fairness_heading")]
        let f = account.fairness
        guard !f.reports.isEmpty else { return out + [l.text("fairness_none", ["reason": l.text("fairness_none_reason")]), ""] }
        let words = try? ReportLocale(language: l.language, file: "fairness")
        for r in f.reports {
            let rule = r.selectionRule == "top_k"
                ? words?.text("rule_top_k", ["k": String(Int(r.selectionValue))])
                : words?.text("rule_top_fraction", ["percent": l.number(100 * r.selectionValue, 1)])
            out.append(l.text("fairness_report", [
                "file": cell(r.file), "fingerprint": "`\(String((r.fingerprint ?? "–").prefix(16)))`",
                "inUse": l.text(r.modelInUse ? "fairness_in_use" : "fairness_not_in_use", ["year": year]),
                "criterion": words?.text("metric_\(r.summary.criterion)") ?? r.summary.criterion, "rule": rule ?? cell(r.summary.selectionRule)]))
            for g in r.summary.groupings {
                out.append("- " + l.text("fairness_grouping", [
                    "name": "`\(cell(g.name))`", "pass": String(g.pass), "flag": String(g.flag), "insufficient": String(g.insufficient),
                    "flagged": g.flagged.isEmpty ? "" : l.text("fairness_flagged", ["names": g.flagged.map(cell).joined(separator: ", ")])]))
            }
        }
        return out + [""]
    }

    func corrections() -> [String] {
        var out = ["## " + l.text("corrections_heading")]
        let c = account.corrections
        guard c.received > 0 else { return out + [l.text("corrections_none", ["year": year]), ""] }
        out.append(l.text("corrections_line", [
            "year": year, "received": count(c.received, "request"), "resolved": grouped(c.resolved),
            "accepted": grouped(c.byStatus["accepted"] ?? 0), "rejected": grouped(c.byStatus["rejected"] ?? 0),
            "timing": c.resolved > 0 ? l.text("corrections_timing", ["median": days(c.medianDaysToResolve), "longest": days(c.longestDaysToResolve)]) : "",
            "unresolved": grouped(c.unresolved),
            "oldest": c.unresolved > 0 ? l.text("corrections_oldest", ["days": days(c.oldestUnresolvedDays)]) : ""]))
        return out + [""]
    }

    func audit() -> [String] {
        var out = ["## " + l.text("audit_heading")]
        let a = account.audit
        guard a.entries > 0 else { return out + [l.text("audit_empty"), ""] }
        if a.intact {
            out.append(l.text("audit_intact", ["entries": count(a.entries, "entry")]))
        } else {
            out.append(l.text("audit_broken", ["id": String(a.firstBroken ?? 0)]))
        }
        if let head = a.head { out.append(l.text("audit_head", ["head": "`\(head)`"])) }
        if let last = a.lastOfYear {
            out.append(l.text("audit_last", ["year": year, "id": String(last.id), "at": l.date(last.at), "hash": "`\(last.hash)`"]))
        }
        return out + [""]
    }
}
