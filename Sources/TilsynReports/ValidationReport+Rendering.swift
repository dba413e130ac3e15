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
        let source = Self.topFractionSource(lift, l)
        var liftLines: [String] = []
        let counts = ["rows": l.count(lift.randomArmRows), "events": l.count(lift.randomArmEvents), "k": l.count(lift.k), "fraction": fraction,
                      "hits": l.count(lift.hits), "min": String(ModelLiftEstimate.minimumTopUnits), "source": source]
        // Too few random audits in the top: the count, and no figure (the JSON keeps the ratio for checking).
        let liftCell = lift.status == "insufficient" ? l.text("model_lift_insufficient_cell", counts) : l.estimate(lift.value, lift.ciLow, lift.ciHigh, 2)
        if lift.status == "insufficient" {
            liftLines.append(l.text("model_lift_insufficient", counts))
        } else if lift.value != nil {
            liftLines.append(l.text("model_lift_sentence", counts.merging(["lift": liftCell, "bootstrap": String(lift.bootstrap)]) { $1 }))
            if let reason = lift.reason { liftLines.append(l.text("model_lift_caveat", ["reason": l.danish ? Self.danishReason(lift) : reason])) }
        } else {
            liftLines.append(l.text("model_lift_none", ["reason": l.danish ? Self.danishReason(lift) : (lift.reason ?? "–")]))
        }
        if let h = channels?.historicalChannelLift {
            liftLines.append(l.text("historical_lift_sentence", ["lift": l.estimate(h, 2)]))
        }
        // The default's counts are written as the page's language writes them; a given capacity is said in words.
        let capacityText: String
        switch (capacitySource.hasPrefix("default"), l.danish) {
        case (true, true): capacityText = "standard: 0,55 × \(l.count(evaluation.rows)) tilsyn i evalueringsperioden / \(l.number(evaluation.weeks, 1)) uger, den risikoudvalgte andel af en uges tilsyn"
        case (true, false): capacityText = "default: 0.55 × \(l.count(evaluation.rows)) evaluation inspections / \(l.number(evaluation.weeks, 1)) weeks (the risk-selected share of a week's inspections)"
        case (false, true): capacityText = "angivet for denne validering"
        case (false, false): capacityText = capacitySource
        }
        return [
            "lang": l.language,
            "l": l.labels(),
            "modelName": cell(model.name), "modelVersion": cell(model.version),
            "fittedSentence": cell(l.text("fitted_sentence", [
                "split": l.date(splitDate), "trainRows": l.count(training.rows), "trainEvents": l.count(training.events),
                "trainFrom": l.date(training.dateMin), "trainTo": l.date(training.dateMax), "evalRows": l.count(evaluation.rows),
                "evalEvents": l.count(evaluation.events), "evalTo": l.date(evaluation.dateMax), "evalWeeks": l.number(evaluation.weeks, 1)])),
            "dataSentence": cell(l.text("data_sentence", ["file": data.file, "sha": String(data.sha256.prefix(16))])),
            "liftRows": [
                ["name": l.text("model_lift_name"), "value": cell(liftCell), "estimand": l.estimand(lift.estimand)],
                ["name": l.text("historical_lift_name"), "value": l.estimate(channels?.historicalChannelLift, 2),
                 "estimand": l.estimand(channels?.historicalChannelLift?.estimand ?? "risk_vs_random")],
            ],
            "liftLines": liftLines.map(cell),
            "metrics": metrics,
            "topKSentence": cell(l.text("topk_sentence", ["capacity": l.count(capacityPerWeek), "source": capacityText])),
            "topK": topK.map { t -> [String: Any] in
                ["weeks": String(t.weeks), "k": l.count(t.k), "hits": l.count(t.hits),
                 "precision": l.estimate(t.precision, 3), "recall": l.estimate(t.recall, 3)]
            },
            "hasChannels": channels != nil,
            "channels": (channels?.counts ?? []).map { c -> [String: Any] in
                let name = l.text("channel_\(c.channel)")
                return ["channel": cell(name == "channel_\(c.channel)" ? c.channel : name), "n": l.count(c.n), "events": l.count(c.events),
                        "rate": l.estimate(c.hitRate, 3), "estimand": l.estimand(c.hitRate.estimand)]
            },
            "bins": reliability.map { b -> [String: Any] in
                ["range": "(\(l.number(b.lower, 1))\(l.danish ? ";" : ",") \(l.number(b.upper, 1))]",
                 "n": l.count(b.n), "predicted": l.number(b.meanPredicted, 3), "observed": l.number(b.observedRate, 3),
                 "ci": l.interval(b.ciLow, b.ciHigh, 3)]
            },
            "hasNotes": !l.danish,
            "notes": l.danish ? [] : notes.map(cell),
        ]
    }

    /// Where the model lift's top fraction came from, in the page's language (the JSON keeps the English
    /// sentence); the challenger report says it the same way.
    static func topFractionSource(_ lift: ModelLiftEstimate, _ l: ReportLocale) -> String {
        switch (lift.topFractionBasis, l.danish) {
        case ("option", true): "angivet for denne validering"
        case ("register_share", true): "listens ugentlige andel af registret, \(l.count(lift.listCapacity ?? 0)) risikopladser om ugen blandt \(l.count(lift.registerUnits ?? 0)) enheder"
        case ("fallback", true): "standardværdien 0,1, fordi registrets størrelse ikke er angivet"
        case ("register_share", false): "the list's weekly share of the register, \(l.count(lift.listCapacity ?? 0)) risk places a week among \(l.count(lift.registerUnits ?? 0)) units"
        default: lift.topFractionSource
        }
    }

    /// The model lift's reason in Danish (the JSON keeps the English sentence).
    static func danishReason(_ lift: ModelLiftEstimate) -> String {
        if lift.randomArmRows == 0 { return "evalueringsperioden har ingen stikprøvetilsyn (kanal = random)" }
        if lift.randomArmEvents == 0 { return "stikprøvetilsynene i evalueringsperioden fandt ingen overtrædelser, så forholdet er udefineret" }
        return lift.reason ?? "–"
    }

    func calibrationSVG(locale: ReportLocale) -> String { CalibrationPlot.svg(bins: reliability, locale: locale) }
}
