import TilsynCore

extension ValidationReport {
    /// The report as Markdown (tables; the calibration curve is in the HTML form).
    public func markdown() throws -> String {
        try ReportTemplates.render("validation.md.mustache", context(cell: ListSummary.markdownCell))
    }

    /// The report as one self-contained HTML page with an inline SVG calibration curve.
    public func html() throws -> String {
        var c = context(cell: { $0 })
        c["svg"] = calibrationSVG()
        return try ReportTemplates.render("validation.html.mustache", c)
    }

    func context(cell: (String) -> String) -> [String: Any] {
        func metric(_ name: String, _ e: Estimate?, _ digits: Int) -> [String: Any] {
            ["name": name, "value": ReportNumber.fixed(e?.value, digits), "ci": ReportNumber.interval(e?.ciLow, e?.ciHigh, digits),
             "estimand": e?.estimand ?? "–", "method": cell(e?.method ?? "–")]
        }
        var metrics: [[String: Any]] = [
            metric("AUC", auc, 4), metric("Brier score", brier, 5), metric("log loss", logLoss, 5),
            metric("calibration intercept", calibrationIntercept, 4), metric("calibration slope", calibrationSlope, 4),
            metric("calibration-in-the-large", calibrationInTheLarge, 4),
        ]
        if let channels {
            metrics.append(metric("AUC, random-audit arm only", channels.aucRandomArm, 4))
            metrics.append(metric("lift, risk over random (hit-rate ratio)", channels.lift, 3))
        }
        return [
            "modelName": cell(model.name), "modelVersion": cell(model.version),
            "splitDate": splitDate,
            "trainRows": String(training.rows), "trainEvents": String(training.events),
            "trainFrom": training.dateMin ?? "–", "trainTo": training.dateMax ?? "–",
            "evalRows": String(evaluation.rows), "evalEvents": String(evaluation.events),
            "evalTo": evaluation.dateMax ?? "–", "evalWeeks": ReportNumber.fixed(evaluation.weeks, 1),
            "dataFile": cell(data.file), "dataSHA": String(data.sha256.prefix(16)),
            "metrics": metrics,
            "capacity": String(capacityPerWeek), "capacitySource": cell(capacitySource),
            "topK": topK.map { t -> [String: Any] in
                ["weeks": String(t.weeks), "k": String(t.k), "hits": String(t.hits),
                 "precision": ReportNumber.fixed(t.precision.value, 3), "precisionCI": ReportNumber.interval(t.precision.ciLow, t.precision.ciHigh, 3),
                 "recall": ReportNumber.fixed(t.recall.value, 3), "recallCI": ReportNumber.interval(t.recall.ciLow, t.recall.ciHigh, 3)]
            },
            "hasChannels": channels != nil,
            "channels": (channels?.counts ?? []).map { c -> [String: Any] in
                ["channel": cell(c.channel), "n": String(c.n), "events": String(c.events), "rate": ReportNumber.fixed(c.hitRate.value, 3),
                 "ci": ReportNumber.interval(c.hitRate.ciLow, c.hitRate.ciHigh, 3), "estimand": c.hitRate.estimand]
            },
            "bins": reliability.map { b -> [String: Any] in
                ["range": "(\(ReportNumber.fixed(b.lower, 1)), \(ReportNumber.fixed(b.upper, 1))]", "n": String(b.n),
                 "predicted": ReportNumber.fixed(b.meanPredicted, 3), "observed": ReportNumber.fixed(b.observedRate, 3),
                 "ci": ReportNumber.interval(b.ciLow, b.ciHigh, 3)]
            },
            "notes": notes.map(cell),
        ]
    }

    /// Observed rate against mean predicted probability per bin, with Wilson intervals and the diagonal.
    ///
    /// Axes run to the largest predicted or observed value (rounded up to a tenth), not always to 1, so
    /// a model whose predictions stay below 0.4 is not squeezed into a corner.
    func calibrationSVG() -> String {
        let bins = reliability.filter { $0.n > 0 }
        let top = max(0.1, (bins.map { max($0.meanPredicted ?? 0, $0.ciHigh ?? 0) }.max() ?? 1) * 10).rounded(.up) / 10
        let size = 360.0, pad = 48.0, plot = size - 2 * pad
        func x(_ v: Double) -> String { ReportNumber.fixed(pad + v / top * plot, 1) }
        func y(_ v: Double) -> String { ReportNumber.fixed(size - pad - v / top * plot, 1) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" role=\"img\" aria-label=\"Calibration curve: observed violation rate against mean predicted probability per bin\">\n"
        s += "<rect x=\"\(x(0))\" y=\"\(y(top))\" width=\"\(ReportNumber.fixed(plot, 1))\" height=\"\(ReportNumber.fixed(plot, 1))\" fill=\"none\" stroke=\"#888\"/>\n"
        s += "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(top))\" y2=\"\(y(top))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\n"
        for t in 0...4 {
            let v = top * Double(t) / 4
            s += "<text x=\"\(x(v))\" y=\"\(ReportNumber.fixed(size - pad + 16, 1))\" font-size=\"10\" text-anchor=\"middle\">\(ReportNumber.fixed(v, 2))</text>\n"
            s += "<text x=\"\(ReportNumber.fixed(pad - 6, 1))\" y=\"\(y(v))\" font-size=\"10\" text-anchor=\"end\" dominant-baseline=\"middle\">\(ReportNumber.fixed(v, 2))</text>\n"
        }
        s += "<text x=\"\(ReportNumber.fixed(size / 2, 1))\" y=\"\(ReportNumber.fixed(size - 8, 1))\" font-size=\"11\" text-anchor=\"middle\">mean predicted probability</text>\n"
        s += "<text x=\"12\" y=\"\(ReportNumber.fixed(size / 2, 1))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(ReportNumber.fixed(size / 2, 1)))\">observed violation rate</text>\n"
        var points: [String] = []
        for b in bins {
            guard let p = b.meanPredicted, let o = b.observedRate else { continue }
            if let lo = b.ciLow, let hi = b.ciHigh {
                s += "<line x1=\"\(x(p))\" y1=\"\(y(lo))\" x2=\"\(x(p))\" y2=\"\(y(min(hi, top)))\" stroke=\"#4a6fa5\"/>\n"
            }
            s += "<circle cx=\"\(x(p))\" cy=\"\(y(o))\" r=\"3.5\" fill=\"#1f4e99\"><title>\(b.n) inspections, predicted \(ReportNumber.fixed(p, 3)), observed \(ReportNumber.fixed(o, 3))</title></circle>\n"
            points.append("\(x(p)),\(y(o))")
        }
        if points.count > 1 { s += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#1f4e99\"/>\n" }
        s += "</svg>"
        return s
    }
}
