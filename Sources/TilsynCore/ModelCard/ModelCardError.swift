/// A model card that cannot be written because something it must state is unknown.
///
/// The card is the public's account of the model; a card with a silent gap (an input of unknown origin,
/// a fairness report about another model) would mislead, so building it fails instead.
public enum ModelCardError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingSource(feature: String)
    case missingText(field: String)
    case fairnessForOtherModel(report: String, model: String)
    case driftForOtherModel(report: String, model: String)

    public var description: String {
        switch self {
        case .missingSource(let feature):
            "model card: feature '\(feature)' has no source; the card must say where every input comes from — add \"source\" to the feature in the spec and refit."
        case .missingText(let field):
            "model card: \(field) is empty; the card cannot be written without it."
        case .fairnessForOtherModel(let report, let model):
            "model card: the fairness report is for model \(report.prefix(12))…, not \(model.prefix(12))…; run tilsyn fairness on this model."
        case .driftForOtherModel(let report, let model):
            "model card: the drift report is for model \(report.prefix(12))…, not \(model.prefix(12))…; run tilsyn drift with this model."
        }
    }
}
