import TilsynCore

/// How much of the explanation a JSON card carries.
public enum CardDetail: String, CaseIterable, Sendable {
    /// Every ⚖ field of DESIGN §6 (the default).
    case full
    /// What a company's page shows (``CardJSON/summary(_:texts:)``).
    case summary
}

extension CardJSON {
    /// The summary card: what a page that shows a company its card needs, a few kilobytes, for clients
    /// that render it (request `"detail": "summary"`).
    ///
    /// It holds the card's own numbers — `unit`, `model`, `probability`, `log_odds`, `baseline_log_odds`,
    /// `baseline_probability`, `rank`, `percentile`, `population`, `as_of`, `selection` — and per line
    /// (largest |contribution| first, as on the full card) its `feature`, `value` and `contribution`, with
    /// `flags` (`actionable`, `missing`, `undisclosed`, `unseen`; absent when none holds) and `as_of` only
    /// where the line's date differs from the card's. Left out, because they are the same on every card of
    /// the model and the ``CardTextsDocument`` named in `texts` holds them once: each line's `source`,
    /// `text`, `correction` and `unit_of_measure`, and the `not_suggested` entries of features the spec
    /// gives no advice. Left out as well: each line's `columns` (the per-column coefficients, references
    /// and values the full card shows; the line's contribution is their sum). `detail` says `summary`.
    /// So `baseline_log_odds` + the lines' contributions = `log_odds`, as on the full card, and each
    /// line's numbers are the full card's to the bit (tested).
    public static func summary(_ e: Explanation, texts: String?) -> String {
        String(decoding: summaryUTF8(e, texts: texts), as: UTF8.self)
    }

    /// The summary card as UTF-8 bytes (as ``utf8(_:texts:)`` is the full card's).
    public static func summaryUTF8(_ e: Explanation, texts: String?) -> [UInt8] {
        // The demo model's summary card is 4.1 KB: room for it in one allocation.
        write(e, texts: texts, reserve: 8_192, detail: .summary)
    }
}

extension Explanation.Contribution {
    /// The line's flags in the summary card, in sorted order; the same facts as the full card's booleans.
    public var summaryFlags: [String] {
        var flags: [String] = []
        if actionable { flags.append("actionable") }
        if missing { flags.append("missing") }
        if !disclosed { flags.append("undisclosed") }
        if unseen { flags.append("unseen") }
        return flags
    }

    func writeSummary(to w: inout JSONBytes, cardAsOf: String?) {
        w.open()
        if asOf != cardAsOf { w.key("as_of"); w.string(asOf) }
        w.key("contribution"); w.number(contribution)
        w.key("feature"); w.string(feature)
        let flags = summaryFlags
        if !flags.isEmpty { w.key("flags"); w.array(flags) { w, flag in w.string(flag) } }
        w.key("value"); w.string(value)
        w.close()
    }
}
