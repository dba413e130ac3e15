import Foundation
import TilsynCore

extension ModelDiff {
    /// The diff as Markdown for the change log, in Danish or English (`Explain/modeldiff.<lang>.json`):
    /// only coefficients that moved beyond their intervals are listed.
    ///
    /// The JSON keeps its notes as English sentences; the Markdown writes them from the encoding changes
    /// they describe, so a Danish change log has no English in it.
    /// - Parameter language: "da" or "en" (anything else is English, as ``ReportLocale`` reads it).
    public func markdown(language: String = "en") throws -> String {
        let l = try ReportLocale(language: language, file: "modeldiff")
        let text = ModelDiffText(diff: self, l: l, fromSide: l.text("col_side_from"), toSide: l.text("col_side_to"))
        let title = l.text("title", ["from": "\(text.cell(from.name)) \(text.cell(from.version))", "to": "\(text.cell(to.name)) \(text.cell(to.version))"])
        return (["# " + title, ""] + text.body(level: 2)).joined(separator: "\n") + "\n"
    }
}

/// The tables and sentences of one model diff in one language: `tilsyn diff`'s Markdown, and the
/// "what changed" part of the champion–challenger report, which names the two sides its own way.
struct ModelDiffText {
    let diff: ModelDiff
    let l: ReportLocale
    /// What the two sides are called in the tables ("Før"/"Efter", "Nuværende model"/"Udfordrer").
    let fromSide: String, toSide: String
    let cell = ListSummary.markdownCell

    /// The diff's sections with headings at `level` (2 for the diff's own page, 3 inside a report).
    func body(level: Int) -> [String] {
        let heading = String(repeating: "#", count: level) + " "
        let from = diff.from, to = diff.to
        func row(_ key: String, _ a: String, _ b: String) -> String { "| \(l.text(key)) | \(a) | \(b) |" }
        func names(_ list: [String]) -> String { list.isEmpty ? "–" : list.map(cell).joined(separator: ", ") }
        func window(_ s: ModelDiff.Side) -> String { l.period(s.dateMin, s.dateMax) }
        var out = ["| | \(fromSide) | \(toSide) |", "|---|---|---|",
                   row("row_fingerprint", "`\(from.fingerprint.prefix(16))`", "`\(to.fingerprint.prefix(16))`"),
                   row("row_window", window(from), window(to)),
                   row("row_sha", "`\(from.trainingSHA256.prefix(16))`", "`\(to.trainingSHA256.prefix(16))`"),
                   row("row_rows", "\(l.count(from.rows)) / \(l.count(from.events))", "\(l.count(to.rows)) / \(l.count(to.events))"),
                   row("row_deviance", l.large(from.deviance, 2), l.large(to.deviance, 2)),
                   row("row_aic", l.large(from.aic, 2), l.large(to.aic, 2)),
                   row("row_l2", l.number(from.l2, 4), l.number(to.l2, 4)),
                   row("row_converged", l.text(from.converged ? "yes" : "no"), l.text(to.converged ? "yes" : "no")), ""]
        var notes: [String] = []
        for change in diff.encodingChanges where change.field == "reference" {
            notes.append(l.text("note_reference", ["feature": cell(change.feature), "from": cell(change.from), "to": cell(change.to)]))
        }
        if from.trainingSHA256 != to.trainingSHA256 {
            notes.append(l.text("note_other_data", ["from": String(from.trainingSHA256.prefix(12)), "to": String(to.trainingSHA256.prefix(12))]))
        }
        for note in notes { out += ["> " + note, ""] }
        out += [heading + l.text("features_heading"), "",
                "- " + l.text("features_added", ["names": names(diff.featuresAdded)]),
                "- " + l.text("features_removed", ["names": names(diff.featuresRemoved)]),
                "- " + l.text("columns_added", ["names": names(diff.columnsAdded)]),
                "- " + l.text("columns_removed", ["names": names(diff.columnsRemoved)]), ""]
        out += [heading + l.text("coefficients_heading"), "", l.text("coefficients_intro", ["shared": l.count(diff.coefficients.count)]), ""]
        let changed = diff.changedCoefficients
        if changed.isEmpty {
            out.append(l.text("none"))
        } else {
            out += ["| \(l.text("col_column")) | \(fromSide) | \(toSide) | \(l.text("col_delta")) | \(l.text("col_half")) |",
                    "|---|---:|---:|---:|---:|"]
            for c in changed {
                out.append("| \(cell(c.column)) | \(l.number(c.from, 3)) | \(l.number(c.to, 3)) | \(l.number(c.delta, 3)) | \(c.halfWidth.map { l.number($0, 3) } ?? "–") |")
            }
        }
        out += ["", heading + l.text("encoding_heading"), ""]
        if diff.encodingChanges.isEmpty {
            out.append(l.text("none"))
        } else {
            out += ["| \(l.text("col_feature")) | \(l.text("col_field")) | \(fromSide) | \(toSide) |", "|---|---|---|---|"]
            for e in diff.encodingChanges { out.append("| \(cell(e.feature)) | \(field(e.field)) | \(value(e.from)) | \(value(e.to)) |") }
        }
        if let validation = diff.validation {
            out += ["", heading + l.text("validation_heading"), "",
                    "| \(l.text("col_metric")) | \(l.text("col_from_ci", ["side": fromSide])) | \(l.text("col_from_ci", ["side": toSide])) | \(l.text("col_overlap")) |",
                    "|---|---|---|---|"]
            for m in validation {
                let overlap = m.overlap.map { $0 ? l.text("yes") : l.text("overlap_no") } ?? "–"
                out.append("| \(word("metric_", m.metric)) | \(l.estimate(m.from, 3)) | \(l.estimate(m.to, 3)) | \(overlap) |")
            }
        }
        if let fairness = diff.fairness {
            func counts(_ g: ModelCard.GroupingVerdicts?) -> String { g.map { "\(l.count($0.pass)) / \(l.count($0.flag)) / \(l.count($0.insufficient))" } ?? "–" }
            out += ["", heading + l.text("fairness_heading"), "",
                    "| \(l.text("col_grouping")) | \(fromSide) | \(toSide) | \(l.text("col_flagged_now")) |", "|---|---|---|---|"]
            for v in fairness {
                let flagged = v.to?.flagged ?? []
                out.append("| \(cell(v.grouping)) | \(counts(v.from)) | \(counts(v.to)) | \(flagged.isEmpty ? "–" : flagged.map(cell).joined(separator: ", ")) |")
            }
        }
        return out
    }

    /// The page's word for a code (`field_reference` → "referenceniveau"), or the code as written when the
    /// texts have none.
    func word(_ prefix: String, _ code: String) -> String {
        let key = prefix + code.replacingOccurrences(of: " ", with: "_")
        let t = l.text(key)
        return t == key ? cell(code) : t
    }

    func field(_ f: String) -> String { word("field_", f) }

    /// An encoding value: `true`/`false` in words, a number or a list of numbers (`[0.5, 1]`) with the
    /// page's decimal mark and at most four decimals, anything else (types, transforms, levels) as the spec
    /// writes it.
    func value(_ v: String) -> String {
        if v == "true" || v == "false" { return l.text("value_\(v)") }
        if v.hasPrefix("["), v.hasSuffix("]") {
            let items = v.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !items.isEmpty, items.allSatisfy({ Double($0)?.isFinite == true }) else { return cell(v) }
            return "[" + items.map(number).joined(separator: l.danish ? "; " : ", ") + "]"
        }
        return Double(v)?.isFinite == true ? number(v) : cell(v)
    }

    /// A number as written in the spec, at most four decimals, trailing zeros dropped.
    private func number(_ text: String) -> String {
        var t = ReportNumber.fixed(Double(text), 4)
        while t.contains("."), t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return l.danish ? t.replacingOccurrences(of: ".", with: ",") : t
    }
}
