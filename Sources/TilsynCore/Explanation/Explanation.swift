/// One unit's score and exactly how it is made up ⚖ (DESIGN §6).
///
/// ```
/// baseline_log_odds = β₀ + Σⱼ βⱼ·refⱼ            (refⱼ = training mean of design column j)
/// contribution(f)   = Σ_{j ∈ columns(f)} βⱼ·(xⱼ − refⱼ)
/// log_odds          = baseline_log_odds + Σ_f contribution(f)
/// ```
/// The last line holds exactly in real arithmetic and to about 1e-12 in floating point; tests check it
/// to 1e-9 for every unit.
public struct Explanation: Codable, Sendable, Equatable {
    public var unit: String
    public var model: ModelIdentity
    public var probability: Double
    public var logOdds: Double
    public var baselineLogOdds: Double
    public var baselineProbability: Double
    /// 1 = highest probability among the units scored with it; `nil` when explained alone.
    public var rank: Int?
    /// Share of scored units (in %) with a lower score; `nil` when explained alone.
    public var percentile: Double?
    /// Units the rank is out of.
    public var population: Int?
    /// Per feature, largest |contribution| first; undisclosed features are merged into one line.
    public var contributions: [Contribution]
    /// The date the data describe (`YYYY-MM-DD`): a card is only true as of the register snapshot.
    public var asOf: String?
    /// What would take the unit below its region's cut-off: only for a unit the list chose by risk.
    public var counterfactual: Counterfactual?
    /// How the unit was selected on the issued list the card is about; `nil` when the card is about no list.
    public var selection: ListSelection?

    enum CodingKeys: String, CodingKey {
        case unit, model, probability, rank, percentile, population, contributions, counterfactual, selection
        case logOdds = "log_odds"
        case baselineLogOdds = "baseline_log_odds"
        case baselineProbability = "baseline_probability"
        case asOf = "as_of"
    }

    public struct ModelIdentity: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var fingerprint: String
    }

    public struct Contribution: Codable, Sendable, Equatable {
        /// The feature's name, or ``Explanation/undisclosedFeature`` for the merged line.
        public var feature: String
        /// The value as the company knows it: the category, the untransformed number; `nil` when missing
        /// or not disclosed.
        public var value: String?
        public var missing: Bool
        /// A category the model never saw in training, scored as the reference level (spec `unseen: reference`).
        public var unseen: Bool = false
        public var contribution: Double
        public var source: String?
        /// The date the value is as of; the same for every line of one card.
        public var asOf: String?
        public var text: LocalizedText?
        public var unitOfMeasure: LocalizedText?
        /// How the company gets a wrong value corrected (spec `correction`).
        public var correction: LocalizedText?
        public var disclosed: Bool
        public var actionable: Bool
        public var columns: [ColumnContribution]

        enum CodingKeys: String, CodingKey {
            case feature, value, missing, unseen, contribution, source, text, correction, disclosed, actionable, columns
            case asOf = "as_of"
            case unitOfMeasure = "unit_of_measure"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(feature, forKey: .feature)
            try c.encode(value, forKey: .value)
            try c.encode(missing, forKey: .missing)
            try c.encode(unseen, forKey: .unseen)
            try c.encode(contribution, forKey: .contribution)
            try c.encode(source, forKey: .source)
            try c.encode(asOf, forKey: .asOf)
            try c.encode(text, forKey: .text)
            try c.encodeIfPresent(unitOfMeasure, forKey: .unitOfMeasure)
            try c.encodeIfPresent(correction, forKey: .correction)
            try c.encode(disclosed, forKey: .disclosed)
            try c.encode(actionable, forKey: .actionable)
            try c.encode(columns, forKey: .columns)
        }
    }

    public struct ColumnContribution: Codable, Sendable, Equatable {
        public var name: String
        public var x: Double
        public var reference: Double
        public var coefficient: Double
        public var contribution: Double
    }

    /// ⚖ fields are always present: an unknown rank or a missing value is `null`, never an absent key,
    /// so scripts can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(unit, forKey: .unit)
        try c.encode(model, forKey: .model)
        try c.encode(probability, forKey: .probability)
        try c.encode(logOdds, forKey: .logOdds)
        try c.encode(baselineLogOdds, forKey: .baselineLogOdds)
        try c.encode(baselineProbability, forKey: .baselineProbability)
        try c.encode(rank, forKey: .rank)
        try c.encode(percentile, forKey: .percentile)
        try c.encodeIfPresent(population, forKey: .population)
        try c.encode(contributions, forKey: .contributions)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(selection, forKey: .selection)
        try c.encodeIfPresent(counterfactual, forKey: .counterfactual)
    }

    /// The feature name of the line that merges every non-disclosable feature.
    public static let undisclosedFeature = "(undisclosed)"

    /// Texts for the merged line. Deliberately generic: naming the hidden feature would disclose it.
    public static let undisclosedText = LocalizedText(
        da: "Oplysninger, vi ikke må oplyse, fx klager",
        en: "Information we may not disclose, such as complaints")

    /// Texts for the merged line's correction route.
    public static let undisclosedCorrection = LocalizedText(
        da: "Oplysningerne kan ikke vises. Mener du, at scoren bygger på forkerte oplysninger, kan du bede Arbejdstilsynet om at gennemgå sagen.",
        en: "This information cannot be shown. If you believe the score rests on wrong information, you can ask the Danish Working Environment Authority to review it.")

    /// `baseline_log_odds + Σ contributions − log_odds`: zero up to rounding (tests hold it to 1e-9).
    public var invariantResidual: Double {
        baselineLogOdds + contributions.reduce(0) { $0 + $1.contribution } - logOdds
    }
}
