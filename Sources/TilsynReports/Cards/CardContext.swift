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

    /// The template's context, typed as it is built: the templates' values are text, yes/no, lists and
    /// objects, and building them as `[String: Any]` to be cast back at render time was a tenth of an
    /// HTML card (issue 16).
    func build(markdown: Bool) -> CardTemplate.Value {
        typealias V = CardTemplate.Value
        let e = explanation
        let lang = language
        let features = self.features
        let encodings = Dictionary(model.encoding.features.map { ($0.feature, $0) }, uniquingKeysWith: { a, _ in a })
        func cell(_ s: String) -> String { markdown ? s.replacingOccurrences(of: "|", with: "\\|") : s }

        // Most lines' data are as of the card's date: written once.
        let cardDate = date(e.asOf)
        var flat: [String: V] = [
            "unit": .text(e.unit),
            "probability": .text(CardNumbers.percent(e.probability, lang)),
            "baseline_probability": .text(CardNumbers.percent(e.baselineProbability, lang)),
            "model_name": .text(e.model.name), "model_version": .text(e.model.version),
            "fingerprint_short": .text(String(e.model.fingerprint.prefix(16))),
            "as_of": .text(cardDate),
            "contact_name": .text(links.contact.name.text(lang) ?? ""),
        ]
        // `{lang}` in a link picks the file of the card's language (modelcard.{lang}.html).
        if let link = links.modelCard { flat["model_card"] = .text(link.replacingOccurrences(of: "{lang}", with: lang)) }
        if let link = links.method { flat["method"] = .text(link.replacingOccurrences(of: "{lang}", with: lang)) }
        if let phone = links.contact.phone { flat["contact_phone"] = .text(phone) }
        if let email = links.contact.email { flat["contact_email"] = .text(email) }
        if let hours = links.contact.hours?.text(lang) { flat["contact_hours"] = .text(hours) }
        if let rank = e.rank, let population = e.population {
            flat["rank"] = .text(CardNumbers.count(rank, lang))
            flat["population"] = .text(CardNumbers.count(population, lang))
            // Rounded down, so the top unit of 20,000 is "higher than 99.9 %", never "100 %".
            flat["percentile"] = .text(CardNumbers.fixed(((e.percentile ?? 0) * 10).rounded(.down) / 10, 1, lang))
        }
        let selection = selectionContext(&flat)
        if let notice, case .approvalWithdrawn(let listAsOf) = notice { flat["notice_list_as_of"] = .text(date(listAsOf)) }

        var lines: [V] = []
        lines.reserveCapacity(e.contributions.count)
        var effects: [String] = []
        effects.reserveCapacity(e.contributions.count)
        var unseenNotes: [V] = []
        var corrections: [[String: V]] = []
        var correctionTexts: [String] = []
        var correctionIndex: [String: Int] = [:]
        // The correction link in this language, cut where each line's field goes (filled per line below).
        let correctionLink = links.correction.map { $0.replacingOccurrences(of: "{lang}", with: lang).components(separatedBy: "{field}") }
        for line in e.contributions {
            let spec = features[line.feature]
            let text = line.text?.text(lang) ?? line.feature
            let effect = Self.points(line.contribution, logOdds: e.logOdds)
            let direction = Self.direction(effect)
            let effectText = texts.text(direction, typed: ["points": .text(CardNumbers.fixed(abs(effect), 1, lang))])
            effects.append(effectText)
            var item: [String: V] = [
                "text": .text(cell(text)),
                "is_missing": .bool(line.missing),
                "effect": .text(effectText),
                "contribution": .text(CardNumbers.signed(line.contribution, lang)),
                "css": .text(direction == "raises" ? "up" : direction == "lowers" ? "down" : ""),
                "source": .text(cell(line.source ?? "")),
                "as_of": .text(line.asOf == e.asOf ? cardDate : date(line.asOf)),
            ]
            if let value = line.value {
                let shown = readable(value, spec)
                item["value"] = .text(cell(shown.value))
                if let unit = shown.unit { item["unit_of_measure"] = .text(cell(unit)) }
            } else if !line.disclosed {
                item["value"] = .text(texts.text("not_shown"))
            }
            if line.disclosed, spec != nil, let link = correctionLink {
                // Each line the company can dispute leads to the correction form with that line chosen.
                item["correction_link"] = .text(link.joined(separator: Self.queryEncoded(line.feature)))
            }
            lines.append(.object(item))
            if line.unseen {
                let reference = encodings[line.feature]?.reference ?? ""
                unseenNotes.append(.text("\(text) = \(line.value ?? ""): " + texts.text("unseen_note", typed: ["reference": .text(reference)])))
            }
            if let correction = line.correction?.text(lang) {
                // Lines that share a correction route are listed together, once.
                if let k = correctionIndex[correction] {
                    correctionTexts[k] += ", \(cell(text))"
                } else {
                    correctionIndex[correction] = corrections.count
                    var entry: [String: V] = ["correction": .text(cell(correction))]
                    if let source = line.source, !source.isEmpty { entry["source"] = .text(cell(source)) }
                    corrections.append(entry)
                    correctionTexts.append(cell(text))
                }
            }
        }
        for k in corrections.indices { corrections[k]["text"] = .text(correctionTexts[k]) }

        var context: [String: V] = flat
        context["lang"] = .text(lang)
        context["t"] = .object(texts.renderedValues(with: flat))
        context["has_rank"] = .bool(e.rank != nil)
        context["log_odds"] = .text(CardNumbers.signed(e.logOdds, lang))
        context["baseline_log_odds"] = .text(CardNumbers.signed(e.baselineLogOdds, lang))
        context["lines"] = .list(lines)
        context["any_missing"] = .bool(e.contributions.contains { $0.missing })
        context["has_hidden"] = .bool(e.contributions.contains { !$0.disclosed })
        if !unseenNotes.isEmpty { context["unseen_notes"] = .list(unseenNotes) }
        context["corrections"] = .list(corrections.map { .object($0) })
        context["chart"] = chart(effects: effects).context
        context["selection"] = .object(selection)
        if notice != nil { context["notice"] = .bool(true) }
        if let c = e.counterfactual { context["counterfactual"] = counterfactual(c, lang, features: features) }
        context["has_correction_links"] = .bool(links.correction != nil)
        context["has_model_card"] = .bool(links.modelCard != nil)
        context["has_method"] = .bool(links.method != nil)
        return .object(context)
    }

    /// A date as the card's reader writes it: Danish cards as the Danish reports (`16.11.2026`, through
    /// ``ReportLocale/date(_:danish:)``), English cards as registered (ISO); no date is an empty cell.
    /// The JSON card keeps the ISO dates ⚖.
    private func date(_ text: String?) -> String {
        guard let text else { return "" }
        return language == "da" ? ReportLocale.date(text, danish: true) : text
    }

    /// The selection section's switches; its values go into `flat` for the texts.
    private func selectionContext(_ flat: inout [String: CardTemplate.Value]) -> [String: CardTemplate.Value] {
        let lang = language
        guard let s = explanation.selection else { return ["no_list": .bool(true)] }
        flat["list_name"] = .text(s.list.hasPrefix("store:")
            ? texts.text("list_store", typed: ["id": .text(String(s.list.dropFirst("store:".count)))])
            : texts.text("list_file", typed: ["sha": .text(String(s.list.prefix(12)))]))
        if let region = s.region { flat["region"] = .text(region) }
        if let p = s.inclusionProbability { flat["inclusion_probability"] = .text(CardNumbers.percent(p, lang)) }
        if let cutoff = s.cutoff {
            flat["cutoff_rank"] = .text(CardNumbers.count(cutoff.rank, lang))
            flat["cutoff_probability"] = .text(CardNumbers.percent(cutoff.probability, lang))
        }
        var out: [String: CardTemplate.Value] = ["has_cutoff": .bool(s.cutoff != nil), "has_region": .bool(s.region != nil)]
        switch s.channel {
        case nil: out["not_on_list"] = .bool(true)
        case .risk?: out["risk"] = .bool(true)
        case .random?: out["random"] = .bool(true)
        case .manual?: out["manual"] = .bool(true)
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

    /// The chart's bars; `effects` are the lines' effects in words, as the table shows them.
    private func chart(effects: [String]) -> ContributionChart {
        let lang = language
        let e = explanation
        let lines = e.contributions
        var bars = zip(lines.prefix(Self.chartBars), effects).map { line, effect in
            ContributionChart.Bar(label: line.text?.text(lang) ?? line.feature, value: Self.points(line.contribution, logOdds: e.logOdds), valueLabel: effect)
        }
        if lines.count > Self.chartBars {
            let rest = lines.dropFirst(Self.chartBars)
            let points = Self.points(rest.reduce(0) { $0 + $1.contribution }, logOdds: e.logOdds)
            bars.append(.init(label: texts.text("chart_other", typed: ["count": .text(String(rest.count))]), value: points,
                              valueLabel: texts.text(Self.direction(points), typed: ["points": .text(CardNumbers.fixed(abs(points), 1, lang))])))
        }
        return ContributionChart(bars: bars)
    }

    private func counterfactual(_ c: Counterfactual, _ lang: String, features: [String: FeatureSpec]) -> CardTemplate.Value {
        // A single change: every feature that alone suffices; otherwise the combination.
        let changes: [CardTemplate.Value] = (c.outcome == .single ? c.options : c.suggestion).map { change in
            let spec = features[change.feature]
            let advice = spec?.advice?.text?.text(lang) ?? change.text?.text(lang) ?? change.feature
            let from = change.from.map { readable($0, spec) }
            let to = readable(change.to, spec)
            let sentence: String
            if spec?.labels?[change.to] != nil {
                // A yes/no or a level: the advice says it all.
                sentence = advice
            } else {
                sentence = texts.text("change_row", typed: [
                    "advice": .text(advice), "text": .text(change.text?.text(lang) ?? change.feature),
                    "from": .text(from.map { $0.value + ($0.unit.map { " \($0)" } ?? "") } ?? texts.text("missing")),
                    "to": .text(to.value + (to.unit.map { " \($0)" } ?? "")),
                ])
            }
            return .object(["sentence": .text(sentence)])
        }
        let conditions: [CardTemplate.Value] = c.notSuggested.compactMap { exclusion in
            guard exclusion.reason == .conditionNotMet, let text = exclusion.condition, let condition = AdviceCondition(text) else { return nil }
            let feature = features[exclusion.feature]
            let subject = features[condition.feature]
            return .text(texts.text("condition_not_met", typed: [
                "text": .text(feature?.text?.text(lang) ?? exclusion.feature),
                "condition_text": .text(subject?.text?.text(lang) ?? condition.feature),
                "comparison": .text(texts.text("cmp_" + Self.comparisonKey(condition.comparison))),
                "number": .text(readable(FeatureEncoding.formatNumber(condition.number), subject).value),
            ]))
        }
        return .object([
            "already_below": .bool(c.outcome == .alreadyBelow), "at_cutoff": .bool(c.outcome == .atCutoff), "single": .bool(c.outcome == .single),
            "combination": .bool(c.outcome == .combination), "none": .bool(c.outcome == .none),
            "changes": .list(changes), "has_changes": .bool(!changes.isEmpty),
            "conditions": .list(conditions),
        ])
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
