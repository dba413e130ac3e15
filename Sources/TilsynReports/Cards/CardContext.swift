import Foundation
import TilsynCore

/// Turns an ``Explanation`` into the values the card templates show, in one language.
///
/// All wording comes from `Explain/texts.<lang>.json` and the spec's per-feature texts; this file only
/// formats numbers and decides which sentences apply.
struct CardContext {
    let explanation: Explanation
    let model: FittedModel
    let texts: CardTexts
    let modelCard: String
    /// Lines with their own bar in the chart; the rest are summed into one bar.
    static let chartBars = 12

    var language: String { texts.language }

    func build(markdown: Bool) -> [String: Any] {
        let e = explanation
        let lang = language
        let features = Dictionary(model.spec.features.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let encodings = Dictionary(model.encoding.features.map { ($0.feature, $0) }, uniquingKeysWith: { a, _ in a })
        func cell(_ s: String) -> String { markdown ? s.replacingOccurrences(of: "|", with: "\\|") : s }

        var flat: [String: Any] = [
            "unit": e.unit,
            "probability": CardNumbers.percent(e.probability, lang),
            "baseline_probability": CardNumbers.percent(e.baselineProbability, lang),
            "model_name": e.model.name, "model_version": e.model.version,
            "fingerprint_short": String(e.model.fingerprint.prefix(16)),
            "model_card": modelCard,
        ]
        if let rank = e.rank, let population = e.population {
            flat["rank"] = CardNumbers.count(rank, lang)
            flat["population"] = CardNumbers.count(population, lang)
            // Rounded down, so the top unit of 20,000 is "higher than 99.9 %", never "100 %".
            flat["percentile"] = CardNumbers.fixed(((e.percentile ?? 0) * 10).rounded(.down) / 10, 1, lang)
        }
        if let c = e.counterfactual {
            flat["cutoff_probability"] = CardNumbers.percent(c.cutoffProbability, lang)
            if let r = c.cutoffRank { flat["cutoff_rank"] = CardNumbers.count(r, lang) }
        }

        var lines: [[String: Any]] = []
        var unseenNotes: [String] = []
        var corrections: [[String: Any]] = []
        var correctionIndex: [String: Int] = [:]
        for line in e.contributions {
            let spec = features[line.feature]
            let text = line.text?.text(lang) ?? line.feature
            let numeric = spec.map { $0.type != .categorical } ?? false
            var item: [String: Any] = [
                "text": cell(text),
                "is_missing": line.missing,
                "contribution": CardNumbers.signed(line.contribution, lang),
                "direction": texts.text(Self.direction(line.contribution)),
                "css": Self.direction(line.contribution) == "raises" ? "up" : Self.direction(line.contribution) == "lowers" ? "down" : "",
                "source": cell(line.source ?? ""),
                "as_of": line.asOf ?? "",
            ]
            if let value = line.value {
                item["value"] = cell(CardNumbers.value(value, numeric: numeric, lang))
            } else if !line.disclosed {
                item["value"] = texts.text("not_shown")
            }
            // "1 yes = 1, no = 0" reads as one number; a coding key goes in parentheses.
            if let unit = line.unitOfMeasure?.text(lang) { item["unit_of_measure"] = cell(unit.contains("=") ? "(\(unit))" : unit) }
            lines.append(item)
            if line.unseen {
                let reference = encodings[line.feature]?.reference ?? ""
                unseenNotes.append("\(text) = \(line.value ?? ""): " + texts.text("unseen_note", ["reference": reference]))
            }
            if let correction = line.correction?.text(lang) {
                // Lines that share a correction route are listed together, once.
                if let k = correctionIndex[correction] {
                    var entry = corrections[k]
                    entry["text"] = "\(entry["text"] as? String ?? ""), \(cell(text))"
                    corrections[k] = entry
                } else {
                    correctionIndex[correction] = corrections.count
                    var entry: [String: Any] = ["text": cell(text), "correction": cell(correction)]
                    if let source = line.source, !source.isEmpty { entry["source"] = cell(source) }
                    corrections.append(entry)
                }
            }
        }

        var context: [String: Any] = flat
        context["lang"] = lang
        context["t"] = texts.rendered(with: flat)
        context["as_of"] = e.asOf ?? ""
        context["has_rank"] = e.rank != nil
        context["log_odds"] = CardNumbers.signed(e.logOdds, lang)
        context["baseline_log_odds"] = CardNumbers.signed(e.baselineLogOdds, lang)
        context["lines"] = lines
        context["any_missing"] = e.contributions.contains { $0.missing }
        context["has_hidden"] = e.contributions.contains { !$0.disclosed }
        if !unseenNotes.isEmpty { context["unseen_notes"] = unseenNotes }
        context["corrections"] = corrections
        context["chart"] = chart().context
        if let c = e.counterfactual { context["counterfactual"] = counterfactual(c, lang) }
        return context
    }

    /// "raises", "lowers", or "no_effect" when the contribution shows as 0.000.
    static func direction(_ c: Double) -> String {
        abs(c) < 0.0005 ? "no_effect" : c > 0 ? "raises" : "lowers"
    }

    private func chart() -> ContributionChart {
        let lang = language
        let lines = explanation.contributions
        var bars = lines.prefix(Self.chartBars).map {
            ContributionChart.Bar(label: $0.text?.text(lang) ?? $0.feature, value: $0.contribution, valueLabel: CardNumbers.signed($0.contribution, lang))
        }
        if lines.count > Self.chartBars {
            let rest = lines.dropFirst(Self.chartBars)
            let sum = rest.reduce(0) { $0 + $1.contribution }
            bars.append(.init(label: texts.text("chart_other", ["count": String(rest.count)]), value: sum, valueLabel: CardNumbers.signed(sum, lang)))
        }
        return ContributionChart(bars: bars)
    }

    private func counterfactual(_ c: Counterfactual, _ lang: String) -> [String: Any] {
        let features = Dictionary(model.spec.features.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // A single change: every feature that alone suffices; otherwise the combination.
        let changes: [[String: Any]] = (c.outcome == .single ? c.options : c.suggestion).map { change in
            let numeric = features[change.feature].map { $0.type != .categorical } ?? false
            let from = change.from.map { CardNumbers.value($0, numeric: numeric, lang) } ?? texts.text("missing")
            var values: [String: Any] = [
                "text": change.text?.text(lang) ?? change.feature,
                "from": from,
                "to": CardNumbers.value(change.to, numeric: numeric, lang),
            ]
            if let unit = change.unitOfMeasure?.text(lang) { values["unit"] = unit.contains("=") ? "(\(unit))" : unit }
            let sentence = texts.text("change_row", values)
            return ["sentence": sentence]
        }
        return [
            "already_below": c.outcome == .alreadyBelow, "single": c.outcome == .single,
            "combination": c.outcome == .combination, "none": c.outcome == .none,
            "changes": changes, "has_changes": !changes.isEmpty,
        ]
    }
}
