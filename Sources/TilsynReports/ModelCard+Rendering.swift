import Foundation
import TilsynCore

extension ModelCard {
    /// The card as Markdown in `language` ("da" or "en"); numbers are rounded for reading, the JSON keeps them exact.
    public func markdown(language: String) throws -> String {
        try ReportTemplates.render("modelcard.md.mustache", try context(language: language, cell: ListSummary.markdownCell))
    }

    /// The card as one self-contained HTML page (inline CSS, no scripts or remote assets) that prints on A4.
    public func html(language: String) throws -> String {
        try ReportTemplates.render("modelcard.html.mustache", try context(language: language, cell: { $0 }))
    }

    func context(language: String, cell: (String) -> String) throws -> [String: Any] {
        let da = language == "da"
        let texts = try CardTexts(language: da ? "da" : "en", file: "modelcard")
        let p = da ? publicSummary.da : publicSummary.en
        func text(_ t: LocalizedText?) -> String { cell(t?.text(language) ?? "–") }
        func word(_ key: String, _ fallback: String) -> String {
            let t = texts.text(key)
            return t == key ? fallback : t
        }
        func estimate(_ e: Estimate?, _ digits: Int = 3) -> String {
            guard let e, e.value != nil else { return "–" }
            return "\(ReportNumber.fixed(e.value, digits)) \(ReportNumber.interval(e.ciLow, e.ciHigh, digits))"
        }
        func coefficient(_ c: CoefficientRow) -> [String: Any] {
            ["column": cell(c.column), "estimate": ReportNumber.fixed(c.estimate, 3), "ci": ReportNumber.interval(c.ciLow, c.ciHigh, 3),
             "oddsRatio": ReportNumber.fixed(c.oddsRatio, 2)]
        }
        let yes = texts.text("yes"), no = texts.text("no")
        let features = technical.features.map { f -> [String: Any] in
            [
                "name": cell(f.name), "text": text(f.text), "type": word("type_\(f.type)", f.type), "definition": text(f.definition),
                "unit": text(f.unit), "source": cell(f.source), "window": cell(f.window.map { Self.window($0, texts) } ?? "–"),
                "rationale": text(f.rationale), "origin": f.origin.map { word("origin_\($0)", $0) } ?? "–",
                "disclosed": f.disclosed ? yes : no, "actionable": f.actionable ? yes : no, "reference": cell(f.referenceLevel ?? "–"),
                "coefficients": f.coefficients.map(coefficient),
            ]
        }
        let t = technical
        var c: [String: Any] = [
            "lang": da ? "da" : "en", "l": texts.rendered(with: [:]),
            "name": cell(model.name), "version": cell(model.version), "created": model.created, "fingerprint": model.fingerprint,
            "nextReview": model.nextReview, "purpose": cell(p.purpose), "humanDecision": cell(p.humanDecision), "objection": cell(p.objection),
            "contact": cell(p.contact),
            "sources": p.dataSources.map { ["source": cell($0.source), "items": cell($0.items.joined(separator: ", ")), "correction": $0.correction.map(cell)] },
            "description": text(t.description),
            "features": features, "intercept": coefficient(t.intercept),
            "l2": ReportNumber.fixed(t.penalty.l2, 4), "method": cell(t.penalty.method),
            "estimation": text(t.penalty.estimation), "intervals": text(t.penalty.intervals),
            "nuisance": (t.penalty.nuisance ?? []).map(text),
            "trainFile": cell(t.training.file ?? "–"), "trainSHA": String(t.training.sha256.prefix(16)),
            "trainingSentence": texts.text("training_sentence", [
                "rows": String(t.training.rows), "events": String(t.training.events),
                "from": t.training.dateMin ?? "–", "to": t.training.dateMax ?? "–"]),
            "label": cell(t.training.label), "labelDefinition": text(t.training.labelDefinition),
            "fitSentence": texts.text("fit_sentence", [
                "iterations": String(t.fit.iterations), "converged": t.fit.converged ? yes : no,
                "deviance": ReportNumber.fixed(t.fit.deviance, 2), "nullDeviance": ReportNumber.fixed(t.fit.nullDeviance, 2),
                "aic": ReportNumber.fixed(t.fit.aic, 2)]),
            "warnings": t.fit.warnings.map(cell),
            "limitations": t.limitations.map(text), "misuse": t.misuse.map(text),
            "oversight": text(t.oversight), "rollback": text(t.rollback), "monitoring": text(t.monitoring),
            "softwareSentence": cell(texts.text("software_sentence", [
                "version": t.software.version, "format": t.software.modelFormat, "linearAlgebra": t.software.linearAlgebra])),
            "completeness": ReportNumber.fixed(100 * completeness.score, 0), "present": String(completeness.present),
            "recommended": String(completeness.recommended), "missing": Self.groupedMissing(completeness.missing).map(cell),
        ]
        if let v = t.validation {
            c["validation"] = [
                "sentence": texts.text("validation_sentence", [
                    "split": v.splitDate, "rows": String(v.evaluationRows), "events": String(v.evaluationEvents),
                    "fingerprint": String(v.modelFingerprint.prefix(16))]),
                "auc": estimate(v.auc), "brier": estimate(v.brier, 4), "slope": estimate(v.calibrationSlope, 2),
                "citl": estimate(v.calibrationInTheLarge, 2), "lift": estimate(v.lift, 2),
            ] as [String: Any]
        }
        if let f = t.fairness {
            c["fairness"] = [
                "sentence": cell(texts.text("fairness_sentence", [
                    "criterion": word("criterion_\(f.criterion)", f.criterion), "rule": Self.rule(f.selectionRule, texts)])),
                "groupings": f.groupings.map { ["name": cell($0.name), "pass": String($0.pass), "flag": String($0.flag),
                                                "insufficient": String($0.insufficient), "flagged": cell($0.flagged.isEmpty ? "–" : $0.flagged.joined(separator: ", "))] },
            ] as [String: Any]
        }
        if let d = t.drift {
            let moderate = ReportNumber.fixed(d.thresholds.moderate, 2), major = ReportNumber.fixed(d.thresholds.major, 2)
            let shifted = d.features.filter { $0.level != .stable }.sorted { $0.psi > $1.psi }
            c["drift"] = [
                "sentence": cell(texts.text("drift_sentence", [
                    "baseline": d.baseline.file, "baselineRows": String(d.baseline.rows), "register": d.register.file,
                    "registerRows": String(d.register.rows), "moderate": moderate, "major": major])),
                "stable": texts.text("drift_stable", ["stable": String(d.features.count - shifted.count), "total": String(d.features.count)]),
                "none": shifted.isEmpty ? texts.text("drift_none", ["moderate": moderate]) : "", "hasShifted": !shifted.isEmpty,
                "shifted": shifted.map { ["feature": cell($0.feature), "psi": ReportNumber.fixed($0.psi, 3), "level": word("level_\($0.level.rawValue)", $0.level.rawValue)] },
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
                "sentence": cell(texts.text("approval_sentence", ["decision": word("decision_\(a.decision)", a.decision), "by": a.by, "at": a.at])),
                "note": cell(a.note ?? ""), "fingerprint": String(a.fingerprint.prefix(16)),
            ]
        }
        return c
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

    /// The fairness report's selection rule ("top fraction 0.2 by score", "top 500 by score") in the card's language.
    static func rule(_ rule: String, _ texts: CardTexts) -> String {
        let parts = rule.split(separator: " ")
        if parts.count == 5, rule.hasPrefix("top fraction ") { return texts.text("rule_top_fraction", ["value": String(parts[2])]) }
        if parts.count == 4, parts[0] == "top", rule.hasSuffix(" by score") { return texts.text("rule_top_k", ["value": String(parts[1])]) }
        return rule
    }
}
