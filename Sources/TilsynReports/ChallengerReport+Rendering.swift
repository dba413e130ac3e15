import Foundation
import TilsynCore

/// The champion–challenger comparison as Markdown and as a printable page, for the board's decision.
extension ChallengerReport {
    private static func e(_ x: Estimate?, _ digits: Int) -> String {
        guard let x, x.value != nil else { return "–" }
        let ci = ReportNumber.interval(x.ciLow, x.ciHigh, digits)
        return ci == "–" ? ReportNumber.fixed(x.value, digits) : "\(ReportNumber.fixed(x.value, digits)) \(ci)"
    }

    private static func lift(_ l: ValidationReport.ModelLiftEstimate) -> String {
        guard l.value != nil else { return "–" }
        return "\(ReportNumber.fixed(l.value, 2)) \(ReportNumber.interval(l.ciLow, l.ciHigh, 2)) (\(l.hits) of \(l.k))"
    }

    /// Which way an interval of a difference points, in words; `better` is the sign that favours the challenger.
    private static func reading(_ d: Estimate?, betterWhenPositive: Bool) -> String {
        guard let d, let lo = d.ciLow, let hi = d.ciHigh else { return "undefined" }
        if lo > 0 { return betterWhenPositive ? "challenger better" : "champion better" }
        if hi < 0 { return betterWhenPositive ? "champion better" : "challenger better" }
        return "no clear difference (the interval holds 0)"
    }

    public func markdown() throws -> String {
        let cell = ListSummary.markdownCell
        func who(_ s: Side) -> String { "\(cell(s.name)) \(cell(s.version)) `\(s.fingerprint.prefix(16))`" }
        func window(_ s: Side) -> String { "\(s.trainedFrom ?? "–") – \(s.trainedTo ?? "–")" }
        var out = ["# Champion and challenger on the random arm from \(since)", ""]
        out.append("Champion (in use): \(who(champion)), trained \(window(champion)).")
        out.append("Challenger (refitted on \(cell(history.file)), \(training.rows) visits before \(since), \(training.events) with a violation): \(who(challenger)), trained \(window(challenger)).")
        let rate = foundRate.map { ReportNumber.fixed(100 * $0, 1) + " %" } ?? "–"
        out.append("Judged on \(evaluation.rows) random-arm \(evaluation.rows == 1 ? "visit" : "visits") from \(evaluation.dateMin ?? "–") to \(evaluation.dateMax ?? "–"), \(evaluation.events) with a violation (\(rate)); \(leftOut) risk and manual \(leftOut == 1 ? "visit" : "visits") of the same period left out.")
        out.append("")
        out.append("## Performance (estimand: the random-arm visits)")
        out.append("| metric | champion [95 %] | challenger [95 %] | challenger − champion [95 %] | reading |")
        out.append("|---|---|---|---|---|")
        out.append("| AUC (DeLong) | \(Self.e(champion.auc, 3)) | \(Self.e(challenger.auc, 3)) | \(Self.e(differences.auc, 3)) | \(Self.reading(differences.auc, betterWhenPositive: true)) |")
        out.append("| model lift, top \(ReportNumber.fixed(100 * champion.modelLift.topFraction, 1)) % (bootstrap) | \(Self.lift(champion.modelLift)) | \(Self.lift(challenger.modelLift)) | – | |")
        out.append("| Brier score | \(Self.e(champion.brier, 4)) | \(Self.e(challenger.brier, 4)) | \(Self.e(differences.brier, 4)) | \(Self.reading(differences.brier, betterWhenPositive: false)) |")
        out.append("| log loss | \(Self.e(champion.logLoss, 4)) | \(Self.e(challenger.logLoss, 4)) | \(Self.e(differences.logLoss, 4)) | \(Self.reading(differences.logLoss, betterWhenPositive: false)) |")
        out.append("| mean predicted (found \(rate)) | \(champion.meanPredicted.map { ReportNumber.fixed(100 * $0, 1) + " %" } ?? "–") | \(challenger.meanPredicted.map { ReportNumber.fixed(100 * $0, 1) + " %" } ?? "–") | – | |")
        out.append("")
        out.append("Model lift: \(cell(champion.modelLift.description)) Top fraction: \(cell(champion.modelLift.topFractionSource)).")
        for (name, side) in [("champion", champion), ("challenger", challenger)] {
            if let reason = side.modelLift.reason { out.append("> Model lift of the \(name): \(cell(reason)).") }
        }
        for note in notes { out.append("> \(cell(note))") }
        out.append("")
        out.append("## What the board decides")
        out.append("Lists keep using the champion until the board approves the challenger's fingerprint `\(challenger.fingerprint.prefix(16))`, recorded by a board member under their own board token. Until then a list made with the challenger is refused, and every list records the fingerprint of the model that made it.")
        out.append("")
        // The model diff, its headings one level down.
        let diffText = try diff.markdown().split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix("#") ? "#" + line : String(line)
        }
        out.append("## What changed (tilsyn diff)")
        out += diffText.drop { $0.hasPrefix("## Model change") || $0.isEmpty }
        return out.joined(separator: "\n") + "\n"
    }

    public func html() throws -> String {
        MarkdownPage.html(try markdown(), title: "Champion and challenger from \(since)", language: "en")
    }
}
