/// A model specification ⚖ (DESIGN §4): which columns are the unit, label and date, which features the
/// model uses and how each is encoded, the penalty, and the groups fairness is checked over.
///
/// The spec is the one place a data scientist declares what the model may look at; every feature
/// carries its data source and plain-language texts so that cards and model cards can say where each
/// number comes from.
public struct ModelSpec: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    /// The unit-id column (a production unit, "p-enhed"); kept as a string.
    public var unit: String
    /// The 0/1 label column (violation found).
    public var label: String
    /// The inspection-date column (ISO 8601 `YYYY-MM-DD`), used for training windows and time splits.
    public var date: String?
    /// Columns fairness is checked over (each must be a feature or a column of the data).
    public var groups: [String]?
    public var penalty: Penalty?
    public var features: [FeatureSpec]
    /// What the label means, in words (for the model card).
    public var labelDefinition: LocalizedText?
    /// Free-text description of the model's purpose.
    public var description: LocalizedText?
    /// Standard errors: model-based (default), robust or cluster-robust.
    public var covariance: Covariance?
    /// Terms fitted but not scored (see ``Nuisance``).
    public var nuisance: [Nuisance]?
    /// A register column holding each row's as-of date (issue 12): the date the card says its data describe.
    public var asOfColumn: String?

    /// How the coefficients are estimated: `l2` (ridge) or `firth` (Firth's bias reduction), not both.
    public struct Penalty: Codable, Sendable, Equatable {
        /// Ridge penalty λ (the fit maximises `ℓ(β) − λ/2·‖β‖²`, intercept unpenalised).
        public var l2: Double?
        /// Firth's bias-reduced logistic regression (maximises `ℓ(β) + ½·log det I(β)`): finite estimates
        /// under separation and less small-sample bias, for sparse industries with few violations.
        public var firth: Bool?
        public init(l2: Double? = nil, firth: Bool? = nil) {
            self.l2 = l2
            self.firth = firth
        }
    }

    /// Which covariance the standard errors and intervals come from.
    public struct Covariance: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// Inverse Fisher information: rows independent.
            case model
            /// Heteroskedasticity-robust sandwich (HC1, or HC0 with `"small_sample": false`).
            case robust
            /// Cluster-robust sandwich over the groups of `column` (repeated visits to one unit).
            case cluster
        }
        public var type: Kind
        /// The cluster column (`cluster` only), e.g. the company or unit id.
        public var column: String?
        /// Apply statsmodels' small-sample factor (default true): `n/(n−k)` for robust (HC1),
        /// `G/(G−1)·(n−1)/(n−k)` for cluster.
        public var smallSample: Bool?

        enum CodingKeys: String, CodingKey {
            case type, column
            case smallSample = "small_sample"
        }

        public init(type: Kind, column: String? = nil, smallSample: Bool? = nil) {
            self.type = type
            self.column = column
            self.smallSample = smallSample
        }
    }

    /// A nuisance term: a categorical column such as the inspector who made the visit, fitted with its
    /// own ridge penalty so its effect is not learned as the company's risk, and set to its weighted
    /// average when scoring (so the score does not depend on it).
    public struct Nuisance: Codable, Sendable, Equatable {
        public var name: String
        /// Ridge penalty λ on the term's level effects (default 1).
        public var l2: Double?
        public var text: LocalizedText?
        public var source: String?

        public init(name: String, l2: Double? = nil, text: LocalizedText? = nil, source: String? = nil) {
            self.name = name
            self.l2 = l2
            self.text = text
            self.source = source
        }

        public var effectiveL2: Double { l2 ?? 1 }
    }

    enum CodingKeys: String, CodingKey {
        case name, version, unit, label, date, groups, penalty, features, covariance, nuisance
        case labelDefinition = "label_definition"
        case description
        case asOfColumn = "as_of_column"
    }

    public init(
        name: String, version: String, unit: String, label: String, date: String? = nil,
        groups: [String]? = nil, penalty: Penalty? = nil, features: [FeatureSpec],
        labelDefinition: LocalizedText? = nil, description: LocalizedText? = nil,
        covariance: Covariance? = nil, nuisance: [Nuisance]? = nil
    ) {
        self.name = name
        self.version = version
        self.unit = unit
        self.label = label
        self.date = date
        self.groups = groups
        self.penalty = penalty
        self.features = features
        self.labelDefinition = labelDefinition
        self.description = description
        self.covariance = covariance
        self.nuisance = nuisance
    }

    /// The ridge penalty in force (0 when none is given).
    public var l2: Double { penalty?.l2 ?? 0 }
    /// Whether Firth's bias reduction is asked for.
    public var firth: Bool { penalty?.firth ?? false }
    /// The covariance in force (model-based when none is given).
    public var covarianceKind: Covariance.Kind { covariance?.type ?? .model }
}

/// Text in Danish and English.
public struct LocalizedText: Codable, Sendable, Equatable {
    public var da: String?
    public var en: String?
    public init(da: String? = nil, en: String? = nil) {
        self.da = da
        self.en = en
    }

    /// The text in `language` ("da" or "en"), falling back to the other language.
    public func text(_ language: String) -> String? {
        language == "da" ? (da ?? en) : (en ?? da)
    }
}

/// One feature of a ``ModelSpec``.
public struct FeatureSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case numeric, categorical, binned }
    public enum Transform: String, Codable, Sendable, CaseIterable { case identity, log1p, sqrt }
    public enum MissingPolicy: String, Codable, Sendable, CaseIterable { case error, indicator }
    public enum UnseenPolicy: String, Codable, Sendable, CaseIterable { case error, reference }
    public enum Direction: String, Codable, Sendable, CaseIterable { case increasing, decreasing, any }
    /// How the information behind a feature reaches the inspectorate: `discovered` by its own earlier
    /// inspections (a feedback loop) or `reported` by others (accidents, complaints).
    public enum Origin: String, Codable, Sendable, CaseIterable { case discovered, reported, register }

    /// The `fill` for missing values: a number in the feature's raw units, or a training statistic.
    public enum Fill: Codable, Sendable, Equatable {
        case value(Double)
        case mean
        case median

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .value(number)
                return
            }
            let text = try container.decode(String.self)
            switch text {
            case "mean": self = .mean
            case "median": self = .median
            default:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "fill must be a number, \"mean\" or \"median\", not \"\(text)\"")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .value(let v): try container.encode(v)
            case .mean: try container.encode("mean")
            case .median: try container.encode("median")
            }
        }
    }

    public var name: String
    public var type: Kind
    public var transform: Transform?
    /// `[lo, hi]`: raw values are clamped to this range before the transform.
    public var clip: [Double]?
    public var missing: MissingPolicy?
    public var fill: Fill?
    /// Categorical: the reference level (no column of its own). Default: the most frequent level.
    public var reference: String?
    public var unseen: UnseenPolicy?
    /// Binned: bin boundaries `e₀ < e₁ < … < e_k`; bins are `[eᵢ, eᵢ₊₁)`.
    public var edges: [Double]?
    public var direction: Direction?
    /// The register or system the value comes from.
    public var source: String?
    public var text: LocalizedText?
    /// Whether a company can change this feature by its own actions (industry and size cannot).
    public var actionable: Bool?
    /// Whether the value and contribution may be shown to the company (complaints may not).
    public var disclose: Bool?
    public var origin: Origin?
    /// Unit of measurement, for cards ("employees", "days"); `singular|plural` ("dag|dage") gives the
    /// singular for a value of exactly 1.
    public var unitOfMeasure: LocalizedText?
    /// Look-back window, in words ("5 years").
    public var window: String?
    /// Why the feature is in the model (for the model card).
    public var rationale: LocalizedText?
    /// How a company corrects a wrong value of this feature.
    public var correction: LocalizedText?
    /// Whether and how a change of this feature may be suggested to the company (issue 12).
    public var advice: Advice?
    /// Readable names of categorical levels or bins, by level, or of exact numeric values ("0": no,
    /// "1": yes) (issue 12).
    public var labels: [String: LocalizedText]?
    /// The date the feature's source describes, ISO 8601 (issue 12).
    public var asOf: String?
    /// The column holding each row's as-of date for this feature (issue 12).
    public var asOfColumn: String?

    /// Advice a card may give about a feature: what to say, which way is better for the working
    /// environment, and when it applies (e.g. `employees >= 10`).
    ///
    /// Only features with advice are ever suggested in a counterfactual, and only in `direction`
    /// (`increase` or `decrease`): a feature whose lower value would mean shedding sick, young or
    /// temporary workers gets no advice, however much it moves the score.
    public struct Advice: Codable, Sendable, Equatable {
        public var text: LocalizedText?
        public var direction: String?
        public var condition: String?
        public init(text: LocalizedText? = nil, direction: String? = nil, condition: String? = nil) {
            self.text = text
            self.direction = direction
            self.condition = condition
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, type, transform, clip, missing, fill, reference, unseen, edges, direction, source, text
        case actionable, disclose, origin, window, rationale, correction, advice, labels
        case unitOfMeasure = "unit_of_measure"
        case asOf = "as_of"
        case asOfColumn = "as_of_column"
    }

    public init(name: String, type: Kind) {
        self.name = name
        self.type = type
    }

    public var effectiveTransform: Transform { transform ?? .identity }
    public var effectiveMissing: MissingPolicy { missing ?? .error }
    public var effectiveUnseen: UnseenPolicy { unseen ?? .error }
    public var effectiveDirection: Direction { direction ?? .any }
    public var isDisclosed: Bool { disclose ?? true }
    public var isActionable: Bool { actionable ?? false }
}
