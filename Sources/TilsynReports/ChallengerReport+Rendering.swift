import Foundation
import TilsynCore

/// The champion–challenger comparison as Markdown and as a printable A4 page, in Danish or English
/// (`Explain/challenger.<lang>.json`), for the board's decision.
///
/// The board decides in Danish, so the Danish page says everything in Danish: the notes and the model
/// lift's wording, which the JSON keeps as English sentences, are written from the numbers they describe;
/// the model diff is `tilsyn diff`'s own (``ModelDiffText``), its two sides named champion and challenger.
extension ChallengerReport {
    /// - Parameter language: "da" or "en" (anything else is English, as ``ReportLocale`` reads it).
    public func markdown(language: String = "en") throws -> String {
        try ChallengerReportText(report: self, l: try ReportLocale(language: language, file: "challenger")).markdown()
    }

    public func html(language: String = "en") throws -> String {
        let l = try ReportLocale(language: language, file: "challenger")
        return MarkdownPage.html(try ChallengerReportText(report: self, l: l).markdown(), title: l.text("title", ["since": l.date(since)]), language: l.language)
    }
}

/// The sentences and tables of one comparison in one language.
struct ChallengerReportText {
    let report: ChallengerReport
    let l: ReportLocale
    let cell = ListSummary.markdownCell

    func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? l.text("one_\(noun)") : l.text("many_\(noun)", ["n": l.count(n)])
    }

    func percent(_ x: Double?) -> String { x.map { l.number(100 * $0, 1) + " %" } ?? "–" }

    /// The lift with its interval and counts; with too few random-arm visits in the top, only the counts
    /// (the contract's `insufficient`: no figure is offered as evidence).
    func lift(_ x: ValidationReport.ModelLiftEstimate) -> String {
        if x.status == "insufficient" {
            return l.text("lift_insufficient_cell", ["k": l.count(x.k), "rows": l.count(x.randomArmRows)])
        }
        guard x.value != nil else { return "–" }
        return l.text("lift_cell", ["value": l.estimate(x.value, x.ciLow, x.ciHigh, 2), "hits": l.count(x.hits),
                                    "k": l.count(x.k)])
    }

    /// Which way the interval of a difference points; `betterWhenPositive` is the sign that favours the challenger.
    func reading(_ d: Estimate?, betterWhenPositive: Bool) -> String {
        guard let d, let lo = d.ciLow, let hi = d.ciHigh else { return l.text("reading_undefined") }
        if lo > 0 { return l.text(betterWhenPositive ? "reading_challenger" : "reading_champion") }
        if hi < 0 { return l.text(betterWhenPositive ? "reading_champion" : "reading_challenger") }
        return l.text("reading_none")
    }

    func markdown() throws -> String {
        let r = report
        func who(_ s: ChallengerReport.Side) -> String { "\(cell(s.name)) \(cell(s.version)) `\(s.fingerprint.prefix(16))`" }
        func window(_ s: ChallengerReport.Side) -> String { l.period(s.trainedFrom, s.trainedTo) }
        let rate = percent(r.foundRate)
        var out = ["# " + l.text("title", ["since": l.date(r.since)]), ""]
        out.append(l.text("champion_line", ["who": who(r.champion), "window": window(r.champion)]))
        out.append(l.text("challenger_line", [
            "file": cell(r.history.file), "rows": count(r.training.rows, "visit"), "since": l.date(r.since),
            "events": l.count(r.training.events), "who": who(r.challenger), "window": window(r.challenger)]))
        out.append(l.text("judged_line", [
            "visits": count(r.evaluation.rows, "random_visit"), "from": l.date(r.evaluation.dateMin), "to": l.date(r.evaluation.dateMax),
            "events": l.count(r.evaluation.events), "rate": rate, "leftOut": count(r.leftOut, "left_out")]))
        out.append("")
        out.append("## " + l.text("performance_heading"))
        out.append("| \(l.text("col_metric")) | \(l.text("col_champion")) | \(l.text("col_challenger")) | \(l.text("col_difference")) | \(l.text("col_reading")) |")
        out.append("|---|---|---|---|---|")
        let d = r.differences
        out.append("| \(l.text("metric_auc")) | \(l.estimate(r.champion.auc, 3)) | \(l.estimate(r.challenger.auc, 3)) | \(l.estimate(d.auc, 3)) | \(reading(d.auc, betterWhenPositive: true)) |")
        out.append("| \(l.text("metric_lift", ["percent": l.number(100 * r.champion.modelLift.topFraction, 1)])) | \(lift(r.champion.modelLift)) | \(lift(r.challenger.modelLift)) | – | |")
        out.append("| \(l.text("metric_brier")) | \(l.estimate(r.champion.brier, 4)) | \(l.estimate(r.challenger.brier, 4)) | \(l.estimate(d.brier, 4)) | \(reading(d.brier, betterWhenPositive: false)) |")
        out.append("| \(l.text("metric_log_loss")) | \(l.estimate(r.champion.logLoss, 4)) | \(l.estimate(r.challenger.logLoss, 4)) | \(l.estimate(d.logLoss, 4)) | \(reading(d.logLoss, betterWhenPositive: false)) |")
        out.append("| \(l.text("metric_mean_predicted", ["rate": rate])) | \(percent(r.champion.meanPredicted)) | \(percent(r.challenger.meanPredicted)) | – | |")
        out.append("")
        let source = ValidationReport.topFractionSource(r.champion.modelLift, l)
        out.append(l.text("lift_line", ["description": cell(r.champion.modelLift.description), "source": cell(source)]))
        for (key, side) in [("lift_reason_champion", r.champion), ("lift_reason_challenger", r.challenger)] {
            guard let reason = side.modelLift.reason else { continue }
            out.append("> " + l.text(key, ["reason": cell(l.danish ? danishReason(side.modelLift) : reason)]))
        }
        for note in notes() { out.append("> \(cell(note))") }
        out.append("")
        out.append("## " + l.text("decision_heading"))
        out.append(l.text("decision", ["fingerprint": String(r.challenger.fingerprint.prefix(16))]))
        out.append("")
        out.append("## " + l.text("diff_heading"))
        out.append("")
        let diffTexts = try ReportLocale(language: l.language, file: "modeldiff")
        out += ModelDiffText(diff: r.diff, l: diffTexts, fromSide: l.text("col_side_from"), toSide: l.text("col_side_to")).body(level: 3)
        return out.joined(separator: "\n") + "\n"
    }

    /// The comparison's notes: as the JSON has them in English; in Danish, written from the same facts
    /// (``ChallengerComparison`` adds each note on exactly these conditions).
    func notes() -> [String] {
        guard l.danish else { return report.notes }
        let visits = count(report.evaluation.rows, "random_visit")
        var out = [l.text("note_same_visits", ["visits": visits, "since": l.date(report.since)]), l.text("note_unweighted")]
        if report.differences.auc == nil { out.append(l.text("note_one_outcome")) }
        if report.evaluation.rows < 100 { out.append(l.text("note_few", ["visits": visits])) }
        return out
    }

    /// A lift's caveat in Danish, from its counts (the JSON keeps the English sentence).
    func danishReason(_ x: ValidationReport.ModelLiftEstimate) -> String {
        guard x.status == "insufficient" else { return ValidationReport.danishReason(x) }
        return l.text("lift_insufficient", [
            "k": l.count(x.k), "rows": l.count(x.randomArmRows), "hits": l.count(x.hits),
            "fraction": l.number(100 * x.topFraction, x.topFraction < 0.01 ? 2 : 1), "min": String(ValidationReport.ModelLiftEstimate.minimumTopUnits)])
    }
}
