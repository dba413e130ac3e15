import Foundation
import TilsynCore

extension ListSummary {
    /// One row as the printed list shows it: a random-audit row without score, risk rank or reasons,
    /// so that the visit is not steered by them; a risk row with both and its reasons in words.
    func printed(_ r: Row, l: ReportLocale, cell: (String) -> String) -> [String: Any] {
        let lang = l.language
        let random = r.channel == "random"
        let features = Dictionary((spec?.features ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let shown = zip(shownColumns, r.shown).map { column, value -> String in
            guard !value.isEmpty else { return "–" }
            guard let feature = column.feature else { return cell(value) }
            let readable = CardContext.readable(value, feature, language: lang)
            // A code with its label reads both ways: the inspector's systems know the code.
            let text = feature.labels?[value] != nil ? "\(value) \(readable.value)" : readable.value + (readable.unit.map { " \($0)" } ?? "")
            return cell(text)
        }
        var out: [String: Any] = [
            "rank": String(r.rank), "unit": cell(r.unit), "shown": shown, "channel": r.channel,
            "channelText": l.text("selection_\(r.channel)"), "random": random,
        ]
        if !random {
            out["riskRank"] = r.riskRank.map { CardNumbers.count($0, lang) } ?? "–"
            out["probability"] = CardNumbers.percent(r.probability, lang)
            out["reasons"] = r.plainReasons.enumerated().map { i, reason -> [String: Any] in
                let name = reason.confidential ? l.text("confidential_line") : (reason.text?.text(lang) ?? reason.feature)
                var value = ""
                if !reason.confidential {
                    if reason.missing || reason.value == nil {
                        value = l.text("missing")
                    } else if let v = reason.value {
                        let readable = CardContext.readable(v, features[reason.feature], language: lang)
                        value = readable.value + (readable.unit.map { " \($0)" } ?? "")
                    }
                }
                let points = l.text("points", ["points": CardNumbers.fixed(reason.points, 1, lang)])
                return ["name": cell(name), "value": cell(value), "hasValue": !value.isEmpty, "points": cell(points),
                        "confidential": reason.confidential, "last": i == r.plainReasons.count - 1]
            }
            out["noReasons"] = r.plainReasons.isEmpty
        }
        return out
    }
}
