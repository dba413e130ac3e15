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

    enum CodingKeys: String, CodingKey {
        case unit, model, probability, rank, percentile, population, contributions
        case logOdds = "log_odds"
        case baselineLogOdds = "baseline_log_odds"
        case baselineProbability = "baseline_probability"
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
        public var contribution: Double
        public var source: String?
        public var text: LocalizedText?
        public var disclosed: Bool
        public var actionable: Bool
        public var columns: [ColumnContribution]
    }

    public struct ColumnContribution: Codable, Sendable, Equatable {
        public var name: String
        public var x: Double
        public var reference: Double
        public var coefficient: Double
        public var contribution: Double
    }

    /// The feature name of the line that merges every non-disclosable feature.
    public static let undisclosedFeature = "(undisclosed)"

    /// Texts for the merged line.
    public static let undisclosedText = LocalizedText(
        da: "Andre oplysninger, som ikke kan oplyses (fx klager)",
        en: "Other information that cannot be disclosed (e.g. complaints)")
}
