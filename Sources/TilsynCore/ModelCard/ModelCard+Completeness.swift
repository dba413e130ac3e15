import Foundation

extension ModelCard {
    /// Scores the recommended (not required) fields: texts in both languages, rationale, window, origin,
    /// correction route and unit per feature; the label definition and description; validation, fairness
    /// and drift.
    ///
    /// Required fields stop the card (``ModelCardError``); recommended ones only lower this score, so a
    /// draft card can be read by the board while its gaps are listed by name.
    static func completeness(model: FittedModel, validation: Bool, fairness: Bool, drift: Bool = false) -> Completeness {
        var checks: [(String, Bool)] = []
        func filled(_ s: String?) -> Bool { !(s ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        func both(_ t: LocalizedText?) -> Bool { filled(t?.da) && filled(t?.en) }
        checks.append(("spec: description (da and en)", both(model.spec.description)))
        checks.append(("spec: label_definition (da and en)", both(model.spec.labelDefinition)))
        checks.append(("training data: date range", model.trainingData.dateMin != nil && model.trainingData.dateMax != nil))
        checks.append(("validation report", validation))
        checks.append(("fairness report", fairness))
        checks.append(("drift report", drift))
        for f in model.spec.features {
            let name = "feature '\(f.name)'"
            checks.append(("\(name): text (da and en)", both(f.text)))
            checks.append(("\(name): rationale (da and en)", both(f.rationale)))
            checks.append(("\(name): window", filled(f.window)))
            checks.append(("\(name): origin", f.origin != nil))
            checks.append(("\(name): correction (da and en)", both(f.correction)))
            checks.append(("\(name): disclose", f.disclose != nil))
            checks.append(("\(name): actionable", f.actionable != nil))
            if f.type == .numeric { checks.append(("\(name): unit_of_measure", both(f.unitOfMeasure))) }
        }
        let present = checks.filter(\.1).count
        return Completeness(score: checks.isEmpty ? 1 : Double(present) / Double(checks.count), present: present,
                            recommended: checks.count, missing: checks.filter { !$0.1 }.map(\.0))
    }
}
