import TilsynCore

/// The service's JSON card: every field of the ``Explanation`` (the ⚖ fields among them, unchanged),
/// written compactly, with the two texts that are the same on every card of a model — each line's
/// `correction` route and `unit_of_measure` — left out and served once from ``CardTextsDocument``, which
/// the card names in its `texts` field.
///
/// Why a writer of its own: `JSONEncoder` spent about 2 ms of CPU per card (boxing each of the ~1,000
/// values, sorting keys per object), a quarter of a card request; this writes the same keys in the same
/// sorted order straight into a byte buffer. Numbers are Swift's shortest round-trip spelling (what
/// `JSONEncoder` writes, `1` for `1.0`), so a card decodes to exactly the `Explanation` it was made from
/// (tested). `tilsyn explain --format json` keeps `JSONEncoder`'s pretty, self-contained card: a file
/// sent to a company must stand alone.
public enum CardJSON {
    /// The card as compact JSON, with a final newline.
    /// - Parameter texts: where the lines' correction routes and units are (``CardTextsDocument``).
    public static func text(_ e: Explanation, texts: String) -> String {
        String(decoding: utf8(e, texts: texts), as: UTF8.self)
    }

    /// The card as ``text(_:texts:)`` writes it, as UTF-8 bytes: what the service sends, without making
    /// a `String` of them first (which validates every byte again, a fortieth of a card's CPU time).
    public static func utf8(_ e: Explanation, texts: String) -> [UInt8] {
        // The demo model's full card is 26.6 KB: room for it in one allocation, not a copy at 16 KB.
        write(e, texts: texts, reserve: 32_768, detail: .full)
    }

    /// The card's fields in sorted key order; only `contributions`, `counterfactual` and `detail` differ
    /// between the full and the summary card.
    static func write(_ e: Explanation, texts: String?, reserve: Int, detail: CardDetail) -> [UInt8] {
        let summary = detail == .summary
        var w = JSONBytes()
        w.reserve(reserve)
        w.open()
        w.key("as_of"); w.string(e.asOf)
        w.key("baseline_log_odds"); w.number(e.baselineLogOdds)
        w.key("baseline_probability"); w.number(e.baselineProbability)
        w.key("contributions")
        if summary {
            w.array(e.contributions) { w, line in line.writeSummary(to: &w, cardAsOf: e.asOf) }
        } else {
            w.array(e.contributions) { w, line in line.write(to: &w) }
        }
        if let counterfactual = e.counterfactual {
            w.key("counterfactual")
            if summary { counterfactual.write(to: &w, summary: true) } else { counterfactual.write(to: &w) }
        }
        if summary { w.key("detail"); w.string(CardDetail.summary.rawValue) }
        w.key("log_odds"); w.number(e.logOdds)
        w.key("model"); w.open()
        w.key("fingerprint"); w.string(e.model.fingerprint)
        w.key("name"); w.string(e.model.name)
        w.key("version"); w.string(e.model.version)
        w.close()
        w.key("percentile"); w.number(e.percentile)
        if let population = e.population { w.key("population"); w.int(population) }
        w.key("probability"); w.number(e.probability)
        w.key("rank"); w.int(e.rank)
        w.key("selection"); writeSelection(e.selection, to: &w)
        w.key("texts"); w.string(texts)
        w.key("unit"); w.string(e.unit)
        w.close()
        w.bytes.append(UInt8(ascii: "\n"))
        return w.bytes
    }

    /// The card's `selection`, or `null`.
    static func writeSelection(_ selection: ListSelection?, to w: inout JSONBytes) {
        guard let s = selection else { return w.null() }
        w.open()
        w.key("channel"); w.string(s.channel?.rawValue)
        w.key("cutoff")
        if let cutoff = s.cutoff {
            w.open(); w.key("probability"); w.number(cutoff.probability); w.key("rank"); w.int(cutoff.rank); w.close()
        } else { w.null() }
        w.key("inclusion_probability"); w.number(s.inclusionProbability)
        w.key("list"); w.string(s.list)
        w.key("region"); w.string(s.region)
        w.close()
    }
}

/// What every card of a model leaves to one shared document: per disclosed feature (and the merged
/// undisclosed line) its `correction` route and `unit_of_measure`, the same texts the spec gives, and
/// its `source` and `text` (which the full card still carries on each line, and the summary card,
/// ``CardJSON/summary(_:texts:)``, leaves here too).
///
/// Served once (`GET /api/v1/company/card-texts`, cacheable, tagged by the model's fingerprint) instead
/// of on every card, where they were three-quarters of the text.
public enum CardTextsDocument {
    public static func text(model: FittedModel) -> String {
        var w = JSONBytes()
        w.open()
        w.key("features"); w.open()
        // `text` as the explainer gives it: the spec's, else the feature's name.
        typealias Line = (name: String, correction: LocalizedText?, source: String?, text: LocalizedText?, unit: LocalizedText?)
        var lines: [Line] = model.spec.features.filter(\.isDisclosed).map {
            ($0.name, $0.correction, $0.source, $0.text ?? LocalizedText(da: $0.name, en: $0.name), $0.unitOfMeasure)
        }
        lines.append((Explanation.undisclosedFeature, Explanation.undisclosedCorrection, nil, Explanation.undisclosedText, nil))
        for line in lines.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
            w.key(escaping: line.name); w.open()
            w.key("correction"); w.localized(line.correction)
            w.key("source"); w.string(line.source)
            w.key("text"); w.localized(line.text)
            w.key("unit_of_measure"); w.localized(line.unit)
            w.close()
        }
        w.close()
        w.key("model"); w.open()
        w.key("fingerprint"); w.string(model.fingerprint)
        w.key("name"); w.string(model.name)
        w.key("version"); w.string(model.version)
        w.close()
        w.close()
        w.bytes.append(UInt8(ascii: "\n"))
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

extension Explanation.Contribution {
    func write(to w: inout JSONBytes) {
        w.open()
        w.key("actionable"); w.bool(actionable)
        w.key("as_of"); w.string(asOf)
        w.key("columns"); w.array(columns) { w, c in
            w.open()
            w.key("coefficient"); w.number(c.coefficient)
            w.key("contribution"); w.number(c.contribution)
            w.key("name"); w.string(c.name)
            w.key("reference"); w.number(c.reference)
            w.key("x"); w.number(c.x)
            w.close()
        }
        w.key("contribution"); w.number(contribution)
        w.key("disclosed"); w.bool(disclosed)
        w.key("feature"); w.string(feature)
        w.key("missing"); w.bool(missing)
        w.key("source"); w.string(source)
        w.key("text"); w.localized(text)
        w.key("unseen"); w.bool(unseen)
        w.key("value"); w.string(value)
        w.close()
    }
}

extension Counterfactual {
    /// - Parameter summary: leave out of `not_suggested` the features the spec gives no advice (the same
    ///   on every card of the model), keeping those whose advice's condition this unit does not meet.
    func write(to w: inout JSONBytes, summary: Bool = false) {
        w.open()
        w.key("considered"); w.array(considered) { w, name in w.string(name) }
        w.key("cutoff_log_odds"); w.number(cutoffLogOdds)
        w.key("cutoff_probability"); w.number(cutoffProbability)
        if let cutoffRank { w.key("cutoff_rank"); w.int(cutoffRank) }
        w.key("log_odds"); w.number(logOdds)
        w.key("not_suggested"); w.array(summary ? notSuggested.filter { $0.reason != .noAdvice } : notSuggested) { w, x in
            w.open()
            if let condition = x.condition { w.key("condition"); w.string(condition) }
            w.key("feature"); w.string(x.feature)
            w.key("reason"); w.string(x.reason.rawValue)
            w.close()
        }
        w.key("options"); w.array(options) { w, change in change.write(to: &w) }
        w.key("outcome"); w.string(outcome.rawValue)
        if let resultingLogOdds { w.key("resulting_log_odds"); w.number(resultingLogOdds) }
        w.key("suggestion"); w.array(suggestion) { w, change in change.write(to: &w) }
        w.close()
    }
}

extension Counterfactual.Change {
    /// As `JSONEncoder` writes it: absent optionals are left out (synthesised `Codable`).
    fileprivate func write(to w: inout JSONBytes) {
        w.open()
        w.key("feature"); w.string(feature)
        if let from { w.key("from"); w.string(from) }
        w.key("log_odds_change"); w.number(logOddsChange)
        w.key("share_of_range"); w.number(shareOfRange)
        if let text { w.key("text"); w.localized(text) }
        w.key("to"); w.string(to)
        if let toLevel { w.key("to_level"); w.string(toLevel) }
        if let toValue { w.key("to_value"); w.number(toValue) }
        if let unitOfMeasure { w.key("unit_of_measure"); w.localized(unitOfMeasure) }
        w.close()
    }
}
