/// The model card ⚖ (DESIGN §9): one JSON document that the Markdown and HTML cards are rendered from.
///
/// Two tiers, because two audiences read it. The public tier, in Danish and English, tells a company or a
/// citizen what the tool does, that an inspector decides, which data it uses and from where, and how to
/// object. The technical tier gives the ethics board and auditors every number they need to check the
/// model, copied from `model.json` (and the validation and fairness JSON when given) without rounding, so
/// each figure in a rendered card traces back to a file with a fingerprint.
public struct ModelCard: Codable, Sendable {
    public static let formatIdentifier = "tilsyn.modelcard/1"

    public var format: String = formatIdentifier
    public var model: ModelIdentity
    public var publicSummary: PublicTier
    public var technical: TechnicalTier
    /// The ethics board's decision; `nil` until the approval store records one for this fingerprint.
    public var approval: Approval?
    public var completeness: Completeness

    enum CodingKeys: String, CodingKey {
        case format, model, technical, approval, completeness
        case publicSummary = "public"
    }

    /// Encodes `approval` as an explicit `null`, so a reader sees the field exists and is still empty.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(model, forKey: .model)
        try c.encode(publicSummary, forKey: .publicSummary)
        try c.encode(technical, forKey: .technical)
        try c.encode(approval, forKey: .approval)
        try c.encode(completeness, forKey: .completeness)
    }

    public struct ModelIdentity: Codable, Sendable {
        public var name: String
        public var version: String
        public var created: String
        public var fingerprint: String
        /// `created` plus one year: the board reviews every model in use at least yearly.
        public var nextReview: String

        enum CodingKeys: String, CodingKey {
            case name, version, created, fingerprint
            case nextReview = "next_review"
        }
    }

    /// The public tier in both languages.
    public struct PublicTier: Codable, Sendable {
        public var da: PublicText
        public var en: PublicText
    }

    /// Plain-language text for the public, in one language.
    public struct PublicText: Codable, Sendable {
        public var purpose: String
        public var humanDecision: String
        public var dataSources: [DataSource]
        public var objection: String
        public var contact: String
        public var nextReview: String

        enum CodingKeys: String, CodingKey {
            case purpose, contact
            case humanDecision = "human_decision"
            case dataSources = "data_sources"
            case objection
            case nextReview = "next_review"
        }
    }

    /// A register the model reads, with the items it supplies and how a company corrects them.
    public struct DataSource: Codable, Sendable {
        public var source: String
        public var items: [String]
        public var correction: [String]
    }

    /// The ethics board's decision as the approval store records it.
    public struct Approval: Codable, Sendable {
        public var decision: String
        public var by: String
        public var at: String
        public var note: String?
        public var fingerprint: String
    }

    /// Share of the recommended fields that are filled in, and which are not.
    public struct Completeness: Codable, Sendable {
        public var score: Double
        public var present: Int
        public var recommended: Int
        public var missing: [String]
    }
}
