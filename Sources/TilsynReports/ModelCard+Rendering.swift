import TilsynCore

extension ModelCard {
    /// The card as Markdown in `language` ("da" or "en"); numbers are rounded for reading, the JSON keeps them exact.
    public func markdown(language: String) throws -> String {
        try ReportTemplates.render("modelcard.md.mustache", context(language: language, cell: ListSummary.markdownCell))
    }

    /// The card as one self-contained HTML page (inline CSS, no scripts or remote assets) that prints on A4.
    public func html(language: String) throws -> String {
        try ReportTemplates.render("modelcard.html.mustache", context(language: language, cell: { $0 }))
    }

    func context(language: String, cell: (String) -> String) -> [String: Any] {
        let da = language == "da"
        let p = da ? publicSummary.da : publicSummary.en
        func text(_ t: LocalizedText?) -> String { cell(t?.text(language) ?? "–") }
        func estimate(_ e: Estimate?, _ digits: Int = 3) -> String {
            guard let e, e.value != nil else { return "–" }
            return "\(ReportNumber.fixed(e.value, digits)) \(ReportNumber.interval(e.ciLow, e.ciHigh, digits))"
        }
        func coefficient(_ c: CoefficientRow) -> [String: Any] {
            ["column": cell(c.column), "estimate": ReportNumber.fixed(c.estimate, 3), "ci": ReportNumber.interval(c.ciLow, c.ciHigh, 3),
             "oddsRatio": ReportNumber.fixed(c.oddsRatio, 2)]
        }
        let yes = da ? "ja" : "yes", no = da ? "nej" : "no"
        let features = technical.features.map { f -> [String: Any] in
            [
                "name": cell(f.name), "text": text(f.text), "type": f.type, "definition": cell(f.definition), "unit": text(f.unit),
                "source": cell(f.source), "window": cell(f.window ?? "–"), "rationale": text(f.rationale), "origin": f.origin ?? "–",
                "disclosed": f.disclosed ? yes : no, "actionable": f.actionable ? yes : no, "reference": cell(f.referenceLevel ?? "–"),
                "coefficients": f.coefficients.map(coefficient),
            ]
        }
        var c: [String: Any] = [
            "lang": da ? "da" : "en", "l": CardLabels.labels(da: da),
            "name": cell(model.name), "version": cell(model.version), "created": model.created, "fingerprint": model.fingerprint,
            "nextReview": model.nextReview, "purpose": cell(p.purpose), "humanDecision": cell(p.humanDecision), "objection": cell(p.objection),
            "contact": cell(p.contact),
            "sources": p.dataSources.map { ["source": cell($0.source), "items": cell($0.items.joined(separator: ", ")), "correction": $0.correction.map(cell)] },
            "description": text(technical.description),
            "features": features, "intercept": coefficient(technical.intercept),
            "l2": ReportNumber.fixed(technical.penalty.l2, 4), "method": cell(technical.penalty.method),
            "trainFile": cell(technical.training.file ?? "–"), "trainSHA": String(technical.training.sha256.prefix(16)),
            "trainRows": String(technical.training.rows), "trainEvents": String(technical.training.events),
            "trainFrom": technical.training.dateMin ?? "–", "trainTo": technical.training.dateMax ?? "–",
            "label": cell(technical.training.label), "labelDefinition": text(technical.training.labelDefinition),
            "iterations": String(technical.fit.iterations), "converged": technical.fit.converged ? yes : no,
            "deviance": ReportNumber.fixed(technical.fit.deviance, 2), "nullDeviance": ReportNumber.fixed(technical.fit.nullDeviance, 2),
            "aic": ReportNumber.fixed(technical.fit.aic, 2), "warnings": technical.fit.warnings.map(cell),
            "limitations": technical.limitations.map(text), "misuse": technical.misuse.map(text),
            "oversight": text(technical.oversight), "rollback": text(technical.rollback), "monitoring": text(technical.monitoring),
            "toolVersion": cell(technical.software.version), "linearAlgebra": cell(technical.software.linearAlgebra),
            "modelFormat": technical.software.modelFormat,
            "completeness": ReportNumber.fixed(100 * completeness.score, 0), "present": String(completeness.present),
            "recommended": String(completeness.recommended), "missing": completeness.missing.map(cell),
        ]
        if let v = technical.validation {
            c["validation"] = [
                "splitDate": v.splitDate, "rows": String(v.evaluationRows), "events": String(v.evaluationEvents),
                "auc": estimate(v.auc), "brier": estimate(v.brier, 4), "slope": estimate(v.calibrationSlope, 2),
                "citl": estimate(v.calibrationInTheLarge, 2), "lift": estimate(v.lift, 2), "fingerprint": String(v.modelFingerprint.prefix(16)),
            ] as [String: Any]
        }
        if let f = technical.fairness {
            c["fairness"] = [
                "criterion": cell(f.criterion), "rule": cell(f.selectionRule),
                "groupings": f.groupings.map { ["name": cell($0.name), "pass": String($0.pass), "flag": String($0.flag),
                                                "insufficient": String($0.insufficient), "flagged": cell($0.flagged.isEmpty ? "–" : $0.flagged.joined(separator: ", "))] },
            ] as [String: Any]
        }
        if let log = changeLog {
            func list(_ xs: [String]) -> String { xs.isEmpty ? "–" : cell(xs.joined(separator: ", ")) }
            c["changeLog"] = [
                "version": cell(log.previousVersion), "fingerprint": String(log.previousFingerprint.prefix(16)),
                "added": list(log.featuresAdded), "removed": list(log.featuresRemoved), "coefficients": list(log.coefficientsChanged),
                "encoding": list(log.encodingChanges), "notes": log.notes.map(cell),
            ] as [String: Any]
        }
        if let a = approval {
            c["approval"] = ["decision": cell(a.decision), "by": cell(a.by), "at": a.at, "note": cell(a.note ?? "")]
        }
        return c
    }
}

/// Headings of the model card in Danish and English, kept beside the renderer that uses them.
enum CardLabels {
    static func labels(da: Bool) -> [String: String] {
        da ? [
            "title": "Modelkort", "public": "Til offentligheden", "purpose": "Hvad værktøjet gør", "decision": "Hvem beslutter",
            "data": "Hvilke oplysninger, og hvorfra", "source": "Kilde", "items": "Oplysninger", "correct": "Sådan retter I",
            "objection": "Indsigelse og rettelser", "contact": "Kontakt", "nextReview": "Næste gennemgang",
            "technical": "Teknisk del", "features": "Oplysninger i modellen", "feature": "Oplysning", "definition": "Definition",
            "unit": "Enhed", "window": "Periode", "rationale": "Begrundelse", "origin": "Oprindelse", "disclosed": "Vises for virksomheden",
            "actionable": "Kan ændres af virksomheden", "reference": "Referenceniveau", "column": "Kolonne", "estimate": "Koefficient",
            "ci": "95 %-interval", "or": "Odds ratio", "intercept": "Skæring", "penalty": "Straf (L2)", "training": "Træningsdata",
            "label": "Udfald", "fit": "Tilpasning", "validation": "Tidsbaseret validering", "fairness": "Fairness",
            "limitations": "Begrænsninger", "misuse": "Forudsigeligt misbrug", "oversight": "Menneskeligt tilsyn og tilsidesættelse",
            "rollback": "Tilbagerulning", "monitoring": "Overvågning", "software": "Software", "approval": "Godkendelse", "changeLog": "Ændringslog",
            "firstVersion": "Første version (ingen tidligere version angivet).",
            "notApproved": "Endnu ikke godkendt af etikrådet.", "completeness": "Fuldstændighed", "missing": "Mangler",
        ] : [
            "title": "Model card", "public": "For the public", "purpose": "What the tool does", "decision": "Who decides",
            "data": "Which data, and from where", "source": "Source", "items": "Items", "correct": "How to correct",
            "objection": "Objections and corrections", "contact": "Contact", "nextReview": "Next review",
            "technical": "Technical part", "features": "Features", "feature": "Feature", "definition": "Definition",
            "unit": "Unit", "window": "Window", "rationale": "Why included", "origin": "Origin", "disclosed": "Shown to the company",
            "actionable": "Company can change it", "reference": "Reference level", "column": "Column", "estimate": "Coefficient",
            "ci": "95% interval", "or": "Odds ratio", "intercept": "Intercept", "penalty": "Penalty (L2)", "training": "Training data",
            "label": "Label", "fit": "Fit", "validation": "Time-based validation", "fairness": "Fairness",
            "limitations": "Limitations", "misuse": "Foreseeable misuse", "oversight": "Human oversight and override",
            "rollback": "Rollback", "monitoring": "Monitoring", "software": "Software", "approval": "Approval", "changeLog": "Change log",
            "firstVersion": "First version (no previous version given).",
            "notApproved": "Not yet approved by the ethics board.", "completeness": "Completeness", "missing": "Missing",
        ]
    }
}
