import Foundation
import TilsynCore

/// A report a card or summary links to: its words and its (relative) address.
public struct ReportLink: Sendable, Equatable {
    public var label: String
    public var href: String
    public init(label: String, href: String) {
        self.label = label
        self.href = href
    }

    /// The reports beside the published demo card in `Models/` (the full fairness report is not published).
    public static func published(language: String) throws -> [ReportLink] {
        try reports(language: language, validation: "grundtilsyn.validation.\(language).html", fairness: nil,
                    board: "grundtilsyn.board-summary.\(language).html", drift: nil)
    }

    /// The standard reports beside a model card in `language`, labelled from `Explain/modelcard.<lang>.json`.
    public static func reports(language: String, validation: String?, fairness: String?, board: String?, drift: String?) throws -> [ReportLink] {
        let texts = try CardTexts(language: language == "da" ? "da" : "en", file: "modelcard")
        return [("report_validation", validation), ("report_fairness", fairness), ("report_board", board), ("report_drift", drift)]
            .compactMap { key, href in href.map { ReportLink(label: texts.text(key), href: $0) } }
    }
}

extension ModelCard {
    /// The card as Markdown in `language` ("da" or "en"); numbers are rounded for reading, the JSON keeps them exact.
    public func markdown(language: String, links: [ReportLink] = []) throws -> String {
        var c = try context(language: language, cell: ListSummary.markdownCell)
        c["hasLinks"] = !links.isEmpty
        c["links"] = links.enumerated().map { ["label": ListSummary.markdownCell($0.element.label), "href": $0.element.href, "first": $0.offset == 0] as [String: Any] }
        return try ReportTemplates.render("modelcard.md.mustache", c)
    }

    /// The card as one self-contained HTML page (inline CSS, no scripts or remote assets) that prints on A4.
    /// - Parameter links: the full reports beside the card (validation, fairness, board summary), linked from it.
    public func html(language: String, links: [ReportLink] = []) throws -> String {
        var c = try context(language: language, cell: { $0 })
        c["hasLinks"] = !links.isEmpty
        c["links"] = links.enumerated().map { ["label": $0.element.label, "href": $0.element.href, "first": $0.offset == 0] as [String: Any] }
        if let bins = technical.validation?.reliability, bins.contains(where: { $0.n > 0 }) {
            c["hasCalibration"] = true
            c["calibrationSVG"] = CalibrationPlot.svg(bins: bins, locale: try ReportLocale(language: language, file: "validation"))
        }
        return try ReportTemplates.render("modelcard.html.mustache", c)
    }

    func context(language: String, cell: (String) -> String) throws -> [String: Any] {
        let da = language == "da"
        let texts = try CardTexts(language: da ? "da" : "en", file: "modelcard")
        let p = da ? publicSummary.da : publicSummary.en
        func text(_ t: LocalizedText?) -> String { cell(t?.text(language) ?? "–") }
        // Danish pages write decimal commas and separate interval limits with a semicolon.
        func num(_ x: Double?, _ digits: Int) -> String {
            let t = ReportNumber.fixed(x, digits)
            return da ? t.replacingOccurrences(of: ".", with: ",") : t
        }
        func count(_ n: Int) -> String { ReportNumber.grouped(n, separator: da ? "." : ",") }
        func large(_ x: Double?, _ digits: Int) -> String { ReportNumber.groupedFixed(x, digits, danish: da) }
        func date(_ text: String?) -> String { ReportLocale.date(text, danish: da) }
        func ivl(_ low: Double?, _ high: Double?, _ digits: Int) -> String {
            guard low != nil || high != nil else { return "–" }
            return "[\(num(low, digits))\(da ? ";" : ",") \(num(high, digits))]"
        }
        func word(_ key: String, _ fallback: String) -> String {
            let t = texts.text(key)
            return t == key ? fallback : t
        }
        func estimate(_ e: Estimate?, _ digits: Int = 3) -> String {
            guard let e, e.value != nil else { return "–" }
            return "\(num(e.value, digits)) \(ivl(e.ciLow, e.ciHigh, digits))"
        }
        func coefficient(_ c: CoefficientRow) -> [String: Any] {
            // z and p of the Wald test, from the estimate and its standard error (as the fit reports them).
            let z = c.stdError.flatMap { $0 > 0 ? c.estimate / $0 : nil }
            let p = z.map { Interval.twoSidedP($0) }
            return ["column": cell(c.column), "estimate": num(c.estimate, 3), "se": num(c.stdError, 3), "z": num(z, 2),
                    "p": p.map { $0 < 0.0001 ? "< " + num(0.0001, 4) : num($0, 4) } ?? "–", "ci": ivl(c.ciLow, c.ciHigh, 3),
                    "oddsRatio": num(c.oddsRatio, 2)]
        }
        // Features whose `disclose` / `actionable` the spec leaves to the default: the table says so.
        let undeclared = { (field: String) in Set(completeness.missing.compactMap { entry -> String? in
            guard entry.hasPrefix("feature '"), entry.hasSuffix("': \(field)") else { return nil }
            return String(entry.dropFirst(9).dropLast(field.count + 3))
        }) }
        let undeclaredDisclose = undeclared("disclose"), undeclaredActionable = undeclared("actionable")
        let yes = texts.text("yes"), no = texts.text("no")
        let features = technical.features.map { f -> [String: Any] in
            [
                "name": cell(f.name), "text": text(f.text), "type": word("type_\(f.type)", f.type), "definition": text(f.definition),
                "unit": text(f.unit), "source": cell(f.source), "window": cell(f.window.map { Self.window($0, texts) } ?? "–"),
                "rationale": text(f.rationale), "origin": f.origin.map { word("origin_\($0)", $0) } ?? "–",
                "disclosed": undeclaredDisclose.contains(f.name) ? texts.text(f.disclosed ? "default_yes" : "default_no") : (f.disclosed ? yes : no),
                "actionable": undeclaredActionable.contains(f.name) ? texts.text(f.actionable ? "default_yes" : "default_no") : (f.actionable ? yes : no), "reference": cell(f.referenceLevel ?? "–"),
                "coefficients": f.coefficients.map(coefficient),
            ]
        }
        let t = technical
        var c: [String: Any] = [
            "lang": da ? "da" : "en", "l": texts.rendered(with: [:]),
            "name": cell(model.name), "version": cell(model.version), "created": date(model.created), "fingerprint": model.fingerprint,
            "nextReview": date(model.nextReview), "purpose": cell(p.purpose), "humanDecision": cell(p.humanDecision), "objection": cell(p.objection),
            "contact": cell(p.contact),
            "sources": p.dataSources.map { ["source": cell($0.source), "items": cell($0.items.joined(separator: ", ")), "correction": $0.correction.map(cell)] },
            "description": text(t.description),
            "features": features, "intercept": coefficient(t.intercept),
            "l2": num(t.penalty.l2, 4), "method": cell(Self.translated("method_", t.penalty.method, texts)),
            "estimation": text(t.penalty.estimation), "intervals": text(t.penalty.intervals),
            "nuisance": (t.penalty.nuisance ?? []).map(text),
            "trainFile": cell(t.training.file ?? "–"), "trainSHA": String(t.training.sha256.prefix(16)),
            "trainingSentence": texts.text("training_sentence", [
                "rows": count(t.training.rows), "events": count(t.training.events),
                "from": date(t.training.dateMin), "to": date(t.training.dateMax)]),
            "label": cell(t.training.label), "labelDefinition": text(t.training.labelDefinition),
            "fitSentence": texts.text("fit_sentence", [
                "iterations": String(t.fit.iterations), "converged": t.fit.converged ? yes : no,
                "deviance": large(t.fit.deviance, 2), "nullDeviance": large(t.fit.nullDeviance, 2),
                "aic": large(t.fit.aic, 2)]),
            "warnings": t.fit.warnings.map(cell),
            "limitations": t.limitations.map(text), "misuse": t.misuse.map(text),
            "oversight": text(t.oversight), "rollback": text(t.rollback), "monitoring": text(t.monitoring),
            "softwareSentence": cell(texts.text("software_sentence", [
                "version": t.software.version, "format": t.software.modelFormat, "linearAlgebra": t.software.linearAlgebra])),
            "completeness": num(100 * completeness.score, 0), "present": count(completeness.present),
            "recommended": count(completeness.recommended), "missing": Self.missingLines(completeness.missing, texts).map(cell),
        ]
        if let v = t.validation {
            c["validation"] = [
                "sentence": texts.text("validation_sentence", [
                    "split": date(v.splitDate), "rows": count(v.evaluationRows), "events": count(v.evaluationEvents),
                    "fingerprint": String(v.modelFingerprint.prefix(16))]),
                "auc": estimate(v.auc), "brier": estimate(v.brier, 4), "slope": estimate(v.calibrationSlope, 2),
                "citl": estimate(v.calibrationInTheLarge, 2),
                // Too few random audits in the top fraction: the count and "insufficient", not a figure.
                "modelLift": v.modelLift.map { l in
                    l.status == "insufficient" ? texts.text("model_lift_insufficient_cell", ["k": count(l.k)]) : estimate(l.asEstimate, 2)
                } ?? estimate(nil, 2),
                "modelLiftSentence": v.modelLift.map { l in
                    texts.text(l.status == "insufficient" ? "model_lift_insufficient" : "model_lift_sentence",
                               ["fraction": num(100 * l.topFraction, 2), "k": count(l.k), "hits": count(l.hits),
                                "rows": count(l.randomArmRows), "min": String(ValidationReport.ModelLiftEstimate.minimumTopUnits)])
                } ?? "",
                "historicalLift": estimate(v.historicalChannelLift, 2),
            ] as [String: Any]
        }
        if let f = t.fairness {
            c["fairness"] = [
                "sentence": cell(texts.text("fairness_sentence", [
                    "criterion": word("criterion_\(f.criterion)", f.criterion), "rule": Self.rule(f.selectionRule, texts)])
                    + (f.sample.map { " " + texts.text("fairness_\($0)") } ?? "")),
                "groupings": f.groupings.map { ["name": cell($0.name.components(separatedBy: " × ").map { word("grouping_\($0)", $0) }.joined(separator: " × ")), "pass": count($0.pass), "flag": count($0.flag),
                                                "insufficient": count($0.insufficient), "flagged": cell($0.flagged.isEmpty ? "–" : $0.flagged.joined(separator: ", "))] },
            ] as [String: Any]
        }
        if let d = t.drift {
            let moderate = num(d.thresholds.moderate, 2), major = num(d.thresholds.major, 2)
            let shifted = d.features.filter { $0.level != .stable }.sorted { $0.psi > $1.psi }
            c["drift"] = [
                "sentence": cell(texts.text("drift_sentence", [
                    "baseline": d.baseline.file, "baselineRows": count(d.baseline.rows), "register": d.register.file,
                    "registerRows": count(d.register.rows), "moderate": moderate, "major": major])),
                "stable": texts.text("drift_stable", ["stable": count(d.features.count - shifted.count), "total": count(d.features.count)]),
                "none": shifted.isEmpty ? texts.text("drift_none", ["moderate": moderate]) : "", "hasShifted": !shifted.isEmpty,
                "shifted": shifted.map { ["feature": cell($0.feature), "psi": num($0.psi, 3), "level": word("level_\($0.level.rawValue)", $0.level.rawValue)] },
            ] as [String: Any]
        }
        if let log = changeLog {
            func list(_ xs: [String]) -> String { xs.isEmpty ? "–" : xs.joined(separator: ", ") }
            c["changeLog"] = [
                "sentence": cell(texts.text("changelog_sentence", [
                    "version": log.previousVersion, "fingerprint": String(log.previousFingerprint.prefix(16)),
                    "added": list(log.featuresAdded), "removed": list(log.featuresRemoved), "coefficients": list(log.coefficientsChanged),
                    "encoding": list(log.encodingChanges)])),
                "notes": log.notes.map(cell),
            ] as [String: Any]
        }
        if let a = approval {
            c["approval"] = [
                "sentence": cell(texts.text("approval_sentence", ["decision": word("decision_\(a.decision)", a.decision), "by": a.by, "at": date(a.at)])),
                "note": cell(a.note ?? ""), "fingerprint": String(a.fingerprint.prefix(16)),
            ]
        }
        return c
    }

    /// The completeness gaps in the card's language, the per-feature ones grouped by field and named as the
    /// feature table names them (a `disclose` left to the default is "not declared", not "missing").
    static func missingLines(_ missing: [String], _ texts: CardTexts) -> [String] {
        let general = ["spec: description (da and en)": "missing_spec_description", "spec: label_definition (da and en)": "missing_spec_label",
                       "training data: date range": "missing_dates", "validation report": "missing_validation",
                       "fairness report": "missing_fairness", "drift report": "missing_drift"]
        var lines: [String] = [], fields: [String] = [], features: [String: [String]] = [:]
        for entry in missing {
            guard entry.hasPrefix("feature '"), let end = entry.range(of: "': ") else {
                lines.append(general[entry].map { texts.text($0) } ?? entry)
                continue
            }
            let feature = String(entry[entry.index(entry.startIndex, offsetBy: 9)..<end.lowerBound])
            let field = String(entry[end.upperBound...]).replacingOccurrences(of: " (da and en)", with: "")
            if features[field] == nil { fields.append(field) }
            features[field, default: []].append(feature)
        }
        return lines + fields.map { field in
            let key = "missing_field_\(field)", name = texts.text(key)
            return texts.text("missing_features", ["field": name == key ? field : name, "count": String(features[field]?.count ?? 0),
                                                   "features": (features[field] ?? []).joined(separator: ", ")])
        }
    }

    /// The completeness gaps with the per-feature ones grouped by field ("disclose: industry, region, …"),
    /// so forty features without an explicit `disclose` make one line, not forty.
    static func groupedMissing(_ missing: [String]) -> [String] {
        var lines: [String] = [], fields: [String] = [], features: [String: [String]] = [:]
        for entry in missing {
            guard entry.hasPrefix("feature '"), let end = entry.range(of: "': ") else { lines.append(entry); continue }
            let feature = String(entry[entry.index(entry.startIndex, offsetBy: 9)..<end.lowerBound])
            let field = String(entry[end.upperBound...])
            if features[field] == nil { fields.append(field) }
            features[field, default: []].append(feature)
        }
        return lines + fields.map { "\($0) (\(features[$0]?.count ?? 0)): " + (features[$0] ?? []).joined(separator: ", ") }
    }

    /// A spec's look-back window ("5 years", "latest quarter") in the card's language; other wording as written.
    static func window(_ window: String, _ texts: CardTexts) -> String {
        let trimmed = window.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = trimmed.split(separator: " ")
        if parts.count == 2, let n = Int(parts[0]), ["year", "years", "month", "months", "day", "days"].contains(String(parts[1])) {
            return texts.text("window_\(parts[1])", ["n": String(n)])
        }
        let key = "window_" + trimmed.replacingOccurrences(of: " ", with: "_")
        let t = texts.text(key)
        return t == key ? window : t
    }

    /// A known English text of model.json in the card's language (texts `prefix` + the text), else as written.
    static func translated(_ prefix: String, _ text: String, _ texts: CardTexts) -> String {
        let translated = texts.text(prefix + text)
        return translated == prefix + text ? text : translated
    }

    /// The fairness report's selection rule ("top fraction 0.2 by score", "top 500 by score") in the card's
    /// language, the fraction as a percentage ("de øverste 20 % efter score").
    static func rule(_ rule: String, _ texts: CardTexts) -> String {
        let parts = rule.split(separator: " ")
        if parts.count == 5, rule.hasPrefix("top fraction "), let fraction = Double(parts[2]) {
            var percent = String(format: "%.4g", 100 * fraction)
            if texts.language == "da" { percent = percent.replacingOccurrences(of: ".", with: ",") }
            return texts.text("rule_top_fraction", ["value": percent])
        }
        if parts.count == 4, parts[0] == "top", rule.hasSuffix(" by score") { return texts.text("rule_top_k", ["value": String(parts[1])]) }
        return rule
    }
}
