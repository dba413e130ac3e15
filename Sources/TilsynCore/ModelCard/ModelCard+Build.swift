import Foundation

extension ModelCard {
    /// The contact printed when none is given.
    public static let defaultContact = "Arbejdstilsynet, datateam"

    /// Builds the card for `model`, with the validation, fairness and drift summaries when their reports are given.
    ///
    /// Every coefficient, interval and fit statistic is copied from `model` unchanged; the renderers round
    /// only for display.
    /// - Parameters:
    ///   - drift: `tilsyn drift` on this model, training data against a register snapshot.
    ///   - approval: the board's latest decision on this fingerprint, from the store.
    ///   - previous: the version this one replaces, for the change log.
    ///   - contact: who the public writes to about the model.
    ///   - toolVersion: the Tilsyn version writing the card.
    /// - Throws: ``ModelCardError`` when a required field is missing (a feature without a source) or the
    ///   fairness or drift report was made for another model.
    public static func build(
        model: FittedModel, validation: ValidationReport? = nil, fairness: FairnessReport? = nil,
        drift: DriftReport? = nil, approval: Approval? = nil, previous: FittedModel? = nil, contact: String = defaultContact, toolVersion: String
    ) throws(ModelCardError) -> ModelCard {
        for feature in model.spec.features where (feature.source ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .missingSource(feature: feature.name)
        }
        guard !model.name.isEmpty, !model.version.isEmpty else { throw .missingText(field: "the model's name or version") }
        guard !contact.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingText(field: "the contact") }
        // An out-of-sample report judges a refit of this model's spec (`refit_of` names this model).
        if let fairness, let id = fairness.model?.fingerprint, id != model.fingerprint, fairness.refitOf != model.fingerprint {
            throw .fairnessForOtherModel(report: id, model: model.fingerprint)
        }
        if let drift, drift.model.fingerprint != model.fingerprint {
            throw .driftForOtherModel(report: drift.model.fingerprint, model: model.fingerprint)
        }
        guard let intercept = coefficientRows(model, columns: [DesignLayout.interceptName]).first else {
            throw .missingText(field: "the model's intercept")
        }
        let nextReview = Self.nextReview(after: model.created)
        let identity = ModelIdentity(name: model.name, version: model.version, created: model.created, fingerprint: model.fingerprint, nextReview: nextReview)
        let publicTier = PublicTier(da: publicText(model, "da", contact: contact, nextReview: nextReview),
                                    en: publicText(model, "en", contact: contact, nextReview: nextReview))
        let technical = TechnicalTier(
            description: model.spec.description,
            features: featureRows(model),
            intercept: intercept,
            penalty: estimation(model),
            training: Training(file: model.trainingData.file, sha256: model.trainingData.sha256, rows: model.trainingData.rows,
                               events: model.fit.events, dateMin: model.trainingData.dateMin, dateMax: model.trainingData.dateMax,
                               label: model.spec.label, labelDefinition: model.spec.labelDefinition),
            fit: FitStats(iterations: model.fit.iterations, converged: model.fit.converged, deviance: model.fit.deviance,
                          nullDeviance: model.fit.nullDeviance, aic: model.fit.aic, warnings: model.fit.warnings),
            validation: validation.map(validationSummary),
            fairness: fairness.map(fairnessSummary),
            drift: drift.map(driftSummary),
            limitations: CardTexts.limitations, misuse: CardTexts.misuse,
            oversight: CardTexts.oversight, rollback: CardTexts.rollback, monitoring: CardTexts.monitoring,
            software: Software(tool: "tilsyn", version: toolVersion, linearAlgebra: model.fit.linearAlgebra, modelFormat: model.format))
        var card = ModelCard(model: identity, publicSummary: publicTier, technical: technical, approval: approval,
                             changeLog: previous.map { ChangeLog(ModelDiff(from: $0, to: model)) },
                             completeness: Completeness(score: 0, present: 0, recommended: 0, missing: []))
        card.completeness = Self.completeness(model: model, validation: validation != nil, fairness: fairness != nil, drift: drift != nil)
        return card
    }

    /// `created` (ISO 8601) plus one year, as `YYYY-MM-DD`; 29 February becomes 28 February.
    static func nextReview(after created: String) -> String {
        let parts = created.prefix(10).split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), var day = Int(parts[2]) else { return "unknown" }
        if month == 2 && day == 29 { day = 28 }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year + 1)-\(pad(month))-\(pad(day))"
    }

    static func coefficientRows(_ model: FittedModel, columns: [String]) -> [CoefficientRow] {
        columns.compactMap { column in
            model.coefficients.first { $0.name == column }.map {
                CoefficientRow(column: $0.name, estimate: $0.estimate, stdError: $0.stdError, ciLow: $0.ciLow, ciHigh: $0.ciHigh, oddsRatio: $0.oddsRatio)
            }
        }
    }

    static func featureRows(_ model: FittedModel) -> [FeatureRow] {
        model.spec.features.map { f in
            let encoding = model.encoding.features.first { $0.feature == f.name }
            return FeatureRow(
                name: f.name, text: f.text, type: f.type.rawValue, definition: definition(f, encoding), unit: f.unitOfMeasure.map(pluralUnit),
                source: f.source ?? "", window: f.window, rationale: f.rationale, origin: f.origin?.rawValue,
                disclosed: f.isDisclosed, actionable: f.isActionable, referenceLevel: encoding?.reference,
                coefficients: coefficientRows(model, columns: encoding?.columns ?? []))
        }
    }

    /// A unit as a table heading names it: the plural of a `singular|plural` unit.
    static func pluralUnit(_ unit: LocalizedText) -> LocalizedText {
        func plural(_ text: String?) -> String? { text.map { String($0.split(separator: "|").last ?? Substring($0)) } }
        return LocalizedText(da: plural(unit.da), en: plural(unit.en))
    }

    /// How a raw value becomes design columns, in one line an auditor can check against the spec, in
    /// Danish and English (the phrases are the card's vocabulary, so they live beside ``CardTexts``).
    static func definition(_ f: FeatureSpec, _ encoding: FeatureEncoding?) -> LocalizedText {
        var da: [String] = [], en: [String] = []
        switch f.type {
        case .numeric:
            let t = f.effectiveTransform
            en.append(t == .identity ? "value as is" : "\(t.rawValue)(value)")
            da.append(t == .identity ? "værdien uændret" : "\(t.rawValue)(værdi)")
        case .categorical:
            let n = (encoding?.levels ?? []).count
            en.append("one column per level (\(n) levels besides the reference)")
            da.append("én kolonne pr. niveau (\(n) niveauer ud over referencen)")
        case .binned:
            let bins = FeatureEncoding.binLabels(f.edges ?? []).joined(separator: " ")
            en.append("bins \(bins)")
            da.append("intervaller \(bins)")
        }
        if let clip = f.clip, clip.count == 2 {
            let range = "[\(FeatureEncoding.formatNumber(clip[0])), \(FeatureEncoding.formatNumber(clip[1]))]"
            en.append("clipped to \(range)")
            da.append("afskåret til \(range)")
        }
        if encoding?.hasMissingIndicator == true {
            en.append("missing → indicator column")
            da.append("manglende værdi → indikatorkolonne")
        }
        return LocalizedText(da: da.joined(separator: "; "), en: en.joined(separator: "; "))
    }

    static func publicText(_ model: FittedModel, _ language: String, contact: String, nextReview: String) -> PublicText {
        var order: [String] = []
        var items: [String: [String]] = [:]
        var corrections: [String: [String]] = [:]
        for f in model.spec.features {
            let source = f.source ?? ""
            if items[source] == nil { order.append(source) }
            items[source, default: []].append(f.text?.text(language) ?? f.name)
            if let c = f.correction?.text(language), !(corrections[source] ?? []).contains(c) { corrections[source, default: []].append(c) }
        }
        let sources = order.map { DataSource(source: $0, items: items[$0] ?? [], correction: corrections[$0] ?? []) }
        let texts = CardTexts.publicTexts(language)
        return PublicText(
            purpose: model.spec.description?.text(language) ?? texts.purpose, humanDecision: texts.humanDecision,
            dataSources: sources, objection: texts.objection, contact: contact, nextReview: nextReview)
    }

    static func validationSummary(_ v: ValidationReport) -> ValidationSummary {
        ValidationSummary(splitDate: v.splitDate, evaluationRows: v.evaluation.rows, evaluationEvents: v.evaluation.events,
                          auc: v.auc, brier: v.brier, calibrationSlope: v.calibrationSlope, calibrationInTheLarge: v.calibrationInTheLarge,
                          modelLift: v.modelLift, historicalChannelLift: v.channels?.historicalChannelLift,
                          reliability: v.reliability, modelFingerprint: v.model.fingerprint)
    }

    static func driftSummary(_ d: DriftReport) -> DriftSummary {
        DriftSummary(baseline: d.baseline, register: d.register, thresholds: d.thresholds,
                     features: d.features.map { DriftSummary.FeaturePSI(feature: $0.feature, psi: $0.psi, level: $0.level) })
    }

    static func fairnessSummary(_ f: FairnessReport) -> FairnessSummary {
        let rule = f.selection.rule == "top_k" ? "top \(Int(f.selection.value)) by score" : "top fraction \(f.selection.value) by score"
        return FairnessSummary(criterion: f.criterion.primary, selectionRule: rule, sample: f.sample, groupings: f.groupings.map { g in
            GroupingVerdicts(name: g.name, pass: g.groups.filter { $0.verdict == "pass" }.count,
                             flag: g.groups.filter { $0.verdict == "flag" }.count,
                             insufficient: g.groups.filter { $0.verdict == "insufficient" }.count,
                             flagged: g.groups.filter { $0.verdict == "flag" }.map(\.group))
        })
    }
}
