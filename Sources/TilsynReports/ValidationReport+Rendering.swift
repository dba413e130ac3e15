import TilsynCore

extension ValidationReport {
    /// The report as Markdown (tables; the calibration curve is in the HTML form), in `language` ("da" or "en").
    public func markdown(language: String = "en") throws -> String {
        try ReportTemplates.render("validation.md.mustache", context(locale: ReportLocale(language: language, file: "validation"), cell: ListSummary.markdownCell))
    }

    /// The report as one self-contained HTML page with an inline SVG calibration curve, printable on A4.
    public func html(language: String = "en") throws -> String {
        let locale = try ReportLocale(language: language, file: "validation")
        var c = context(locale: locale, cell: { $0 })
        c["svg"] = calibrationSVG(locale: locale)
        return try ReportTemplates.render("validation.html.mustache", c)
    }

    func context(locale: ReportLocale, cell: (String) -> String) -> [String: Any] {
        let l = locale
        func metric(_ key: String, _ e: Estimate?, _ digits: Int) -> [String: Any] {
            ["name": l.text(key), "value": l.estimate(e, digits), "estimand": l.estimand(e?.estimand ?? "–"),
             "method": cell(e?.method ?? "–")]
        }
        var metrics: [[String: Any]] = [
            metric("auc", auc, 3), metric("brier", brier, 4), metric("log_loss", logLoss, 4),
            metric("calibration_intercept", calibrationIntercept, 3), metric("calibration_slope", calibrationSlope, 3),
            metric("calibration_in_the_large", calibrationInTheLarge, 3),
        ]
        if let channels { metrics.append(metric("auc_random", channels.aucRandomArm, 3)) }
        let lift = modelLift
        let fraction = l.number(100 * lift.topFraction, lift.topFraction < 0.01 ? 2 : 1)
        let source: String
        switch (lift.topFractionBasis, l.danish) {
        case ("option", true): source = "angivet (--top-fraction)"
        case ("register_share", true): source = "listens ugentlige andel af registret, \(lift.listCapacity ?? 0) af \(lift.registerUnits ?? 0) enheder"
        case ("fallback", true): source = "standardværdien 0,1, fordi registrets størrelse ikke er angivet (--register-units)"
        case ("register_share", false): source = "the list's weekly share of the register, \(lift.listCapacity ?? 0) of \(lift.registerUnits ?? 0) units"
        default: source = lift.topFractionSource
        }
        var liftLines: [String] = []
        if lift.value != nil {
            liftLines.append(l.text("model_lift_sentence", [
                "rows": String(lift.randomArmRows), "events": String(lift.randomArmEvents), "k": String(lift.k), "fraction": fraction,
                "hits": String(lift.hits), "lift": l.estimate(lift.value, lift.ciLow, lift.ciHigh, 2), "bootstrap": String(lift.bootstrap), "source": source]))
            if let reason = lift.reason { liftLines.append(l.text("model_lift_caveat", ["reason": l.danish ? Self.danishReason(lift) : reason])) }
        } else {
            liftLines.append(l.text("model_lift_none", ["reason": l.danish ? Self.danishReason(lift) : (lift.reason ?? "–")]))
        }
        if let h = channels?.historicalChannelLift {
            liftLines.append(l.text("historical_lift_sentence", ["lift": l.estimate(h, 2)]))
        }
        let capacityText = l.danish
            ? (capacitySource.hasPrefix("given") ? "angivet (--capacity-per-week)" : "standard: 0,55 × \(evaluation.rows) tilsyn i evalueringsperioden / \(l.number(evaluation.weeks, 1)) uger, den risikoudvalgte andel af en uges tilsyn")
            : capacitySource
        return [
            "lang": l.language,
            "l": l.labels(),
            "modelName": cell(model.name), "modelVersion": cell(model.version),
            "fittedSentence": cell(l.text("fitted_sentence", [
                "split": splitDate, "trainRows": String(training.rows), "trainEvents": String(training.events),
                "trainFrom": training.dateMin ?? "–", "trainTo": training.dateMax ?? "–", "evalRows": String(evaluation.rows),
                "evalEvents": String(evaluation.events), "evalTo": evaluation.dateMax ?? "–", "evalWeeks": l.number(evaluation.weeks, 1)])),
            "dataSentence": cell(l.text("data_sentence", ["file": data.file, "sha": String(data.sha256.prefix(16))])),
            "liftRows": [
                ["name": l.text("model_lift_name"), "value": l.estimate(lift.value, lift.ciLow, lift.ciHigh, 2), "estimand": l.estimand(lift.estimand)],
                ["name": l.text("historical_lift_name"), "value": l.estimate(channels?.historicalChannelLift, 2),
                 "estimand": l.estimand(channels?.historicalChannelLift?.estimand ?? "risk_vs_random")],
            ],
            "liftLines": liftLines.map(cell),
            "metrics": metrics,
            "topKSentence": cell(l.text("topk_sentence", ["capacity": String(capacityPerWeek), "source": capacityText])),
            "topK": topK.map { t -> [String: Any] in
                ["weeks": String(t.weeks), "k": String(t.k), "hits": String(t.hits),
                 "precision": l.estimate(t.precision, 3), "recall": l.estimate(t.recall, 3)]
            },
            "hasChannels": channels != nil,
            "channels": (channels?.counts ?? []).map { c -> [String: Any] in
                let name = l.text("channel_\(c.channel)")
                return ["channel": cell(name == "channel_\(c.channel)" ? c.channel : name), "n": String(c.n), "events": String(c.events),
                        "rate": l.estimate(c.hitRate, 3), "estimand": l.estimand(c.hitRate.estimand)]
            },
            "bins": reliability.map { b -> [String: Any] in
                ["range": "(\(l.number(b.lower, 1))\(l.danish ? ";" : ",") \(l.number(b.upper, 1))]",
                 "n": String(b.n), "predicted": l.number(b.meanPredicted, 3), "observed": l.number(b.observedRate, 3),
                 "ci": l.interval(b.ciLow, b.ciHigh, 3)]
            },
            "hasNotes": !l.danish,
            "notes": l.danish ? [] : notes.map(cell),
        ]
    }

    /// The model lift's reason in Danish (the JSON keeps the English sentence).
    static func danishReason(_ lift: ModelLiftEstimate) -> String {
        if lift.randomArmRows == 0 { return "evalueringsperioden har ingen stikprøvetilsyn (kanal = random)" }
        if lift.randomArmEvents == 0 { return "stikprøvetilsynene i evalueringsperioden fandt ingen overtrædelser, så forholdet er udefineret" }
        if lift.k < 30 { return "kun \(lift.k) stikprøvetilsyn ligger i den øverste andel, så tallet er groft og intervallet bredt" }
        return lift.reason ?? "–"
    }

    /// Observed rate against mean predicted probability per bin, with Wilson intervals and the diagonal.
    ///
    /// Axes run to the largest predicted or observed value (rounded up to a tenth), not always to 1, so
    /// a model whose predictions stay below 0.4 is not squeezed into a corner.
    func calibrationSVG(locale: ReportLocale) -> String {
        let bins = reliability.filter { $0.n > 0 }
        let top = max(0.1, (bins.map { max($0.meanPredicted ?? 0, $0.ciHigh ?? 0) }.max() ?? 1) * 10).rounded(.up) / 10
        let size = 360.0, pad = 48.0, plot = size - 2 * pad
        func x(_ v: Double) -> String { ReportNumber.fixed(pad + v / top * plot, 1) }
        func y(_ v: Double) -> String { ReportNumber.fixed(size - pad - v / top * plot, 1) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(locale.text("svg_label")))\">\n"
        s += "<rect x=\"\(x(0))\" y=\"\(y(top))\" width=\"\(ReportNumber.fixed(plot, 1))\" height=\"\(ReportNumber.fixed(plot, 1))\" fill=\"none\" stroke=\"#888\"/>\n"
        s += "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(top))\" y2=\"\(y(top))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\n"
        for t in 0...4 {
            let v = top * Double(t) / 4
            s += "<text x=\"\(x(v))\" y=\"\(ReportNumber.fixed(size - pad + 16, 1))\" font-size=\"10\" text-anchor=\"middle\">\(locale.number(v, 2))</text>\n"
            s += "<text x=\"\(ReportNumber.fixed(pad - 6, 1))\" y=\"\(y(v))\" font-size=\"10\" text-anchor=\"end\" dominant-baseline=\"middle\">\(locale.number(v, 2))</text>\n"
        }
        s += "<text x=\"\(ReportNumber.fixed(size / 2, 1))\" y=\"\(ReportNumber.fixed(size - 8, 1))\" font-size=\"11\" text-anchor=\"middle\">\(HTMLEscaping.escape(locale.text("svg_x")))</text>\n"
        s += "<text x=\"12\" y=\"\(ReportNumber.fixed(size / 2, 1))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(ReportNumber.fixed(size / 2, 1)))\">\(HTMLEscaping.escape(locale.text("svg_y")))</text>\n"
        var points: [String] = []
        for b in bins {
            guard let p = b.meanPredicted, let o = b.observedRate else { continue }
            if let lo = b.ciLow, let hi = b.ciHigh {
                s += "<line x1=\"\(x(p))\" y1=\"\(y(lo))\" x2=\"\(x(p))\" y2=\"\(y(min(hi, top)))\" stroke=\"#4a6fa5\"/>\n"
            }
            s += "<circle cx=\"\(x(p))\" cy=\"\(y(o))\" r=\"3.5\" fill=\"#1f4e99\"><title>\(locale.text("col_n")) \(b.n), \(locale.text("col_predicted")) \(locale.number(p, 3)), \(locale.text("col_observed")) \(locale.number(o, 3))</title></circle>\n"
            points.append("\(x(p)),\(y(o))")
        }
        if points.count > 1 { s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#1f4e99\"/>\n" }
        s += "</svg>"
        return s
    }
}
