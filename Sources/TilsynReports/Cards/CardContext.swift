import Foundation
import TilsynCore

/// Turns an ``Explanation`` into the values the card templates show, in one language.
///
/// All wording comes from `Explain/texts.<lang>.json` and the spec's per-feature texts and labels; this
/// file only formats values and decides which sentences apply. The reader sees one scale, the
/// probability: each line's effect is given in percentage points (how much higher or lower the
/// probability is than if that one item were as for the average inspected unit); the exact log-odds,
/// which add up, are in the technical section.
struct CardContext {
    let explanation: Explanation
    let model: FittedModel
    let texts: CardTexts
    let links: CardLinks
    let notice: CardNotice?
    /// Lines with their own bar in the chart; the rest are summed into one bar.
    static let chartBars = 12

    var language: String { texts.language }

    private var features: [String: FeatureSpec] {
        Dictionary(model.spec.features.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func build(markdown: Bool) -> [String: Any] {
        let e = explanation
        let lang = language
        let features = self.features
        let encodings = Dictionary(model.encoding.features.map { ($0.feature, $0) }, uniquingKeysWith: { a, _ in a })
        func cell(_ s: String) -> String { markdown ? s.replacingOccurrences(of: "|", with: "\\|") : s }

        var flat: [String: Any] = [
            "unit": e.unit,
            "probability": CardNumbers.percent(e.probability, lang),
            "baseline_probability": CardNumbers.percent(e.baselineProbability, lang),
            "model_name": e.model.name, "model_version": e.model.version,
            "fingerprint_short": String(e.model.fingerprint.prefix(16)),
            "as_of": e.asOf ?? "",
            "contact_name": links.contact.name.text(lang) ?? "",
        ]
        // `{lang}` in a link picks the file of the card's language (modelcard.{lang}.html).
        if let link = links.modelCard { flat["model_card"] = link.replacingOccurrences(of: "{lang}", with: lang) }
        if let link = links.method { flat["method"] = link.replacingOccurrences(of: "{lang}", with: lang) }
        if let phone = links.contact.phone { flat["contact_phone"] = phone }
        if let email = links.contact.email { flat["contact_email"] = email }
        if let hours = links.contact.hours?.text(lang) { flat["contact_hours"] = hours }
        if let rank = e.rank, let population = e.population {
            flat["rank"] = CardNumbers.count(rank, lang)
            flat["population"] = CardNumbers.count(population, lang)
            // Rounded down, so the top unit of 20,000 is "higher than 99.9 %", never "100 %".
            flat["percentile"] = CardNumbers.fixed(((e.percentile ?? 0) * 10).rounded(.down) / 10, 1, lang)
        }
        let selection = selectionContext(&flat)
        if let notice, case .approvalWithdrawn(let listAsOf) = notice { flat["notice_list_as_of"] = listAsOf }

        var lines: [[String: Any]] = []
        var unseenNotes: [String] = []
        var corrections: [[String: Any]] = []
        var correctionIndex: [String: Int] = [:]
        // The correction link in this language, cut where each line's field goes (filled per line below).
        let correctionLink = links.correction.map { $0.replacingOccurrences(of: "{lang}", with: lang).components(separatedBy: "{field}") }
        for line in e.contributions {
            let spec = features[line.feature]
            let text = line.text?.text(lang) ?? line.feature
            let effect = Self.points(line.contribution, logOdds: e.logOdds)
            var item: [String: Any] = [
                "text": cell(text),
                "is_missing": line.missing,
                "effect": texts.text(Self.direction(effect), ["points": CardNumbers.fixed(abs(effect), 1, lang)]),
                "contribution": CardNumbers.signed(line.contribution, lang),
                "css": Self.direction(effect) == "raises" ? "up" : Self.direction(effect) == "lowers" ? "down" : "",
                "source": cell(line.source ?? ""),
                "as_of": line.asOf ?? "",
            ]
            if let value = line.value {
                let shown = readable(value, spec)
                item["value"] = cell(shown.value)
                if let unit = shown.unit { item["unit_of_measure"] = cell(unit) }
            } else if !line.disclosed {
                item["value"] = texts.text("not_shown")
            }
            if line.disclosed, spec != nil, let link = correctionLink {
                // Each line the company can dispute leads to the correction form with that line chosen.
                item["correction_link"] = link.joined(separator: Self.queryEncoded(line.feature))
            }
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
        context["has_rank"] = e.rank != nil
        context["log_odds"] = CardNumbers.signed(e.logOdds, lang)
        context["baseline_log_odds"] = CardNumbers.signed(e.baselineLogOdds, lang)
        context["lines"] = lines
        context["any_missing"] = e.contributions.contains { $0.missing }
        context["has_hidden"] = e.contributions.contains { !$0.disclosed }
        if !unseenNotes.isEmpty { context["unseen_notes"] = unseenNotes }
        context["corrections"] = corrections
        context["chart"] = chart().context
        context["selection"] = selection
        if notice != nil { context["notice"] = true }
        if let c = e.counterfactual { context["counterfactual"] = counterfactual(c, lang) }
        context["has_correction_links"] = links.correction != nil
        context["has_model_card"] = links.modelCard != nil
        context["has_method"] = links.method != nil
        return context
    }

    /// The selection section's switches; its values go into `flat` for the texts.
    private func selectionContext(_ flat: inout [String: Any]) -> [String: Any] {
        let lang = language
        guard let s = explanation.selection else { return ["no_list": true] }
        flat["list_name"] = s.list.hasPrefix("store:")
            ? texts.text("list_store", ["id": String(s.list.dropFirst("store:".count))])
            : texts.text("list_file", ["sha": String(s.list.prefix(12))])
        if let region = s.region { flat["region"] = region }
        if let p = s.inclusionProbability { flat["inclusion_probability"] = CardNumbers.percent(p, lang) }
        if let cutoff = s.cutoff {
            flat["cutoff_rank"] = CardNumbers.count(cutoff.rank, lang)
            flat["cutoff_probability"] = CardNumbers.percent(cutoff.probability, lang)
        }
        var out: [String: Any] = ["has_cutoff": s.cutoff != nil, "has_region": s.region != nil]
        switch s.channel {
        case nil: out["not_on_list"] = true
        case .risk?: out["risk"] = true
        case .random?: out["random"] = true
        case .manual?: out["manual"] = true
        }
        return out
    }

    /// A value as a reader knows it (``readable(_:_:language:)``).
    func readable(_ value: String, _ spec: FeatureSpec?) -> (value: String, unit: String?) {
        Self.readable(value, spec, language: language)
    }

    /// A value as a reader knows it: the spec's label for the level (or the 0/1 value), a share as a
    /// percentage, a number with the language's decimal mark and the unit in singular or plural. Shared
    /// with the inspectors' list, so a value reads the same on a card and on the list.
    static func readable(_ value: String, _ spec: FeatureSpec?, language lang: String) -> (value: String, unit: String?) {
        if let label = spec?.labels?[value]?.text(lang) { return (label, nil) }
        guard let spec, spec.type != .categorical, let number = Double(value) else { return (value, nil) }
        let unit = spec.unitOfMeasure?.text(lang).map { Self.inflect($0, number) }
        if spec.type == .numeric, spec.clip == [0, 1] {
            let pct = 100 * number
            return (CardNumbers.fixed(pct, pct == pct.rounded() ? 0 : 1, lang) + " %", unit)
        }
        return (CardNumbers.value(value, numeric: true, lang), unit)
    }

    /// `field` percent-encoded for a query (unreserved characters kept); a plain ASCII name, as every
    /// feature name is, is its own encoding and skips Foundation.
    static func queryEncoded(_ field: String) -> String {
        let plain = field.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
        }
        if plain { return field }
        return field.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? field
    }

    /// `singular|plural` units: the singular for exactly 1, else the plural; other units as they are.
    static func inflect(_ unit: String, _ number: Double) -> String {
        let forms = unit.split(separator: "|", maxSplits: 1).map(String.init)
        guard forms.count == 2 else { return unit }
        return number == 1 ? forms[0] : forms[1]
    }

    /// A line's effect in percentage points: the probability minus the probability with this line's
    /// contribution taken out (the item as for the average inspected unit).
    static func points(_ contribution: Double, logOdds: Double) -> Double {
        100 * (Scorer.logistic(logOdds) - Scorer.logistic(logOdds - contribution))
    }

    /// "raises", "lowers", or "no_effect" when the effect shows as 0,0 points.
    static func direction(_ points: Double) -> String {
        abs(points) < 0.05 ? "no_effect" : points > 0 ? "raises" : "lowers"
    }

    private func chart() -> ContributionChart {
        let lang = language
        let e = explanation
        let lines = e.contributions
        func bar(_ label: String, _ contribution: Double) -> ContributionChart.Bar {
            let points = Self.points(contribution, logOdds: e.logOdds)
            return .init(label: label, value: points,
                         valueLabel: texts.text(Self.direction(points), ["points": CardNumbers.fixed(abs(points), 1, lang)]))
        }
        var bars = lines.prefix(Self.chartBars).map { bar($0.text?.text(lang) ?? $0.feature, $0.contribution) }
        if lines.count > Self.chartBars {
            let rest = lines.dropFirst(Self.chartBars)
            bars.append(bar(texts.text("chart_other", ["count": String(rest.count)]), rest.reduce(0) { $0 + $1.contribution }))
        }
        return ContributionChart(bars: bars)
    }

    private func counterfactual(_ c: Counterfactual, _ lang: String) -> [String: Any] {
        let features = self.features
        // A single change: every feature that alone suffices; otherwise the combination.
        let changes: [[String: Any]] = (c.outcome == .single ? c.options : c.suggestion).map { change in
            let spec = features[change.feature]
            let advice = spec?.advice?.text?.text(lang) ?? change.text?.text(lang) ?? change.feature
            let from = change.from.map { readable($0, spec) }
            let to = readable(change.to, spec)
            let sentence: String
            if spec?.labels?[change.to] != nil {
                // A yes/no or a level: the advice says it all.
                sentence = advice
            } else {
                sentence = texts.text("change_row", [
                    "advice": advice, "text": change.text?.text(lang) ?? change.feature,
                    "from": from.map { $0.value + ($0.unit.map { " \($0)" } ?? "") } ?? texts.text("missing"),
                    "to": to.value + (to.unit.map { " \($0)" } ?? ""),
                ])
            }
            return ["sentence": sentence]
        }
        let conditions: [String] = c.notSuggested.compactMap { exclusion in
            guard exclusion.reason == .conditionNotMet, let text = exclusion.condition, let condition = AdviceCondition(text) else { return nil }
            let feature = features[exclusion.feature]
            let subject = features[condition.feature]
            return texts.text("condition_not_met", [
                "text": feature?.text?.text(lang) ?? exclusion.feature,
                "condition_text": subject?.text?.text(lang) ?? condition.feature,
                "comparison": texts.text("cmp_" + Self.comparisonKey(condition.comparison)),
                "number": readable(FeatureEncoding.formatNumber(condition.number), subject).value,
            ])
        }
        return [
            "already_below": c.outcome == .alreadyBelow, "at_cutoff": c.outcome == .atCutoff, "single": c.outcome == .single,
            "combination": c.outcome == .combination, "none": c.outcome == .none,
            "changes": changes, "has_changes": !changes.isEmpty,
            "conditions": conditions,
        ]
    }

    static func comparisonKey(_ c: AdviceCondition.Comparison) -> String {
        switch c {
        case .atLeast: "at_least"
        case .atMost: "at_most"
        case .greater: "greater"
        case .less: "less"
        case .equal: "equal"
        case .notEqual: "not_equal"
        }
    }
}
