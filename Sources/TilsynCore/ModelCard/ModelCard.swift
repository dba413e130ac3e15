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
    /// What changed against the previous version; `nil` for a first version (or when none was given).
    public var changeLog: ChangeLog?
    public var completeness: Completeness

    enum CodingKeys: String, CodingKey {
        case format, model, technical, approval, completeness
        case publicSummary = "public"
        case changeLog = "change_log"
    }

    /// Encodes `approval` as an explicit `null`, so a reader sees the field exists and is still empty.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(model, forKey: .model)
        try c.encode(publicSummary, forKey: .publicSummary)
        try c.encode(technical, forKey: .technical)
        try c.encode(approval, forKey: .approval)
        try c.encode(changeLog, forKey: .changeLog)
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

        public init(decision: String, by: String, at: String, note: String?, fingerprint: String) {
            self.decision = decision
            self.by = by
            self.at = at
            self.note = note
            self.fingerprint = fingerprint
        }
    }

    /// The change log entry against the previous model version, from ``ModelDiff``.
    public struct ChangeLog: Codable, Sendable {
        public var previousVersion: String
        public var previousFingerprint: String
        public var featuresAdded: [String]
        public var featuresRemoved: [String]
        /// Columns whose coefficient moved beyond the larger CI half-width.
        public var coefficientsChanged: [String]
        public var encodingChanges: [String]
        public var notes: [String]

        enum CodingKeys: String, CodingKey {
            case notes
            case previousVersion = "previous_version"
            case previousFingerprint = "previous_fingerprint"
            case featuresAdded = "features_added"
            case featuresRemoved = "features_removed"
            case coefficientsChanged = "coefficients_changed"
            case encodingChanges = "encoding_changes"
        }

        public init(_ diff: ModelDiff) {
            previousVersion = diff.from.version
            previousFingerprint = diff.from.fingerprint
            featuresAdded = diff.featuresAdded
            featuresRemoved = diff.featuresRemoved
            coefficientsChanged = diff.changedCoefficients.map(\.column)
            encodingChanges = diff.encodingChanges.map { "\($0.feature) \($0.field): \($0.from) → \($0.to)" }
            notes = diff.notes
        }
    }

    /// Share of the recommended fields that are filled in, and which are not.
    public struct Completeness: Codable, Sendable {
        public var score: Double
        public var present: Int
        public var recommended: Int
        public var missing: [String]
    }
}
