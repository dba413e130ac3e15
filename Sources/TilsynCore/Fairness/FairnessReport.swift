/// The fairness report ⚖ (DESIGN §8): per group of each grouping and of their intersection, counts,
/// metric blocks with intervals and honest estimands, comparisons to the overall value and a verdict.
public struct FairnessReport: Codable, Sendable {
    public static let formatIdentifier = "tilsyn.fairness/1"
    public var format = formatIdentifier
    public var model: Explanation.ModelIdentity?
    public var data: DataSummary
    public var selection: SelectionSummary
    public var criterion: CriterionSummary
    public var settings: Settings
    public var population: PopulationSummary
    public var overall: GroupResult
    public var groupings: [Grouping]
    public var notes: [String]

    public struct DataSummary: Codable, Sendable {
        public var file: String
        public var sha256: String
        public var rows: Int
        public var events: Int
    }

    public struct SelectionSummary: Codable, Sendable {
        /// `top_fraction` or `top_k`.
        public var rule: String
        public var value: Double
        public var selected: Int
        public var seed: UInt64
    }

    public struct CriterionSummary: Codable, Sendable {
        public var primary: String
        public var secondary: [String]
        public var tradeoff: String
    }

    public struct Settings: Codable, Sendable {
        public var minUnits: Int
        public var minEvents: Int
        public var bootstrap: Int
        public var ratioBand: [Double]
        public var alpha: Double
        public var correction: String
        public var minimumDetectable: String
        enum CodingKeys: String, CodingKey {
            case bootstrap, alpha, correction
            case minUnits = "min_units", minEvents = "min_events", ratioBand = "ratio_band", minimumDetectable = "minimum_detectable"
        }
    }

    /// Whether population rates can be estimated, and from which rows.
    public struct PopulationSummary: Codable, Sendable {
        public var estimable: Bool
        /// `channel = random` or `representative` (all rows, declared by the user).
        public var source: String?
        public var rows: Int
        public var events: Int
        public var reason: String?
    }

    public struct Grouping: Codable, Sendable {
        /// `industry`, or `industry × size_band` for the intersection.
        public var name: String
        public var columns: [String]
        public var groups: [GroupResult]
    }
}

/// One group's counts, metrics and verdict.
public struct GroupResult: Codable, Sendable {
    public var group: String
    public var n: Int
    public var selected: Int
    public var positives: Int
    /// The group's share of all rows.
    public var unitShare: Double
    /// The group's share of all selections (Wilson interval over the selections).
    public var selectionShare: MetricBlock
    public var metrics: [MetricBlock]
    /// `pass`, `flag` or `insufficient`.
    public var verdict: String
    public var reasons: [String]
    public var minimumDetectableRatio: MinimumDetectable?
    public var feedback: OriginShares?

    enum CodingKeys: String, CodingKey {
        case group, n, selected, positives, metrics, verdict, reasons, feedback
        case unitShare = "unit_share", selectionShare = "selection_share", minimumDetectableRatio = "minimum_detectable_ratio"
    }

    /// The block of `metric` for `estimand`, if any.
    public func block(_ metric: String, _ estimand: String) -> MetricBlock? {
        metrics.first { $0.metric == metric && $0.estimand == estimand }
    }
}

/// `{value, ci_low, ci_high, estimand}` for one metric, with its comparison to the overall value.
public struct MetricBlock: Codable, Sendable {
    public var metric: String
    /// `selection`, `among_inspected` or `population`.
    public var estimand: String
    public var value: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var method: String
    /// Why `value` is `null`, or a caveat.
    public var reason: String?
    /// The denominator the metric is computed over (units, selections, positives or negatives).
    public var denominator: Int
    public var ratio: Comparison?
    public var difference: Comparison?
    /// Two-sided p-value of the ratio test, before and after the Holm correction.
    public var pValue: Double?
    public var pAdjusted: Double?

    enum CodingKeys: String, CodingKey {
        case metric, estimand, value, method, reason, denominator, ratio, difference
        case ciLow = "ci_low", ciHigh = "ci_high", pValue = "p_value", pAdjusted = "p_adjusted"
    }
}

/// A ratio or difference with its interval and what it is relative to.
public struct Comparison: Codable, Sendable {
    public var value: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    /// `overall` or, for the calibration ratio, `expected` (observed ÷ predicted events).
    public var reference: String
    public var method: String
    public var reason: String?
    enum CodingKeys: String, CodingKey {
        case value, reference, method, reason
        case ciLow = "ci_low", ciHigh = "ci_high"
    }
}

/// The smallest ratio (and its reciprocal) of the primary metric a group could have detected.
public struct MinimumDetectable: Codable, Sendable {
    public var metric: String
    public var estimand: String
    public var low: Double
    public var high: Double
}

/// The share of the score's deviation from the baseline that comes from each feature origin ⚖
/// (feedback-loop monitor: Ensign et al. 2018 — *discovered* features grow where inspectors already look).
public struct OriginShares: Codable, Sendable, Equatable {
    public var discovered: Double
    public var reported: Double
    public var register: Double
    /// Features without a declared `origin`.
    public var unspecified: Double
    /// Mean Σ|contribution| (log-odds) per unit.
    public var meanAbsoluteDeviation: Double
    enum CodingKeys: String, CodingKey {
        case discovered, reported, register, unspecified
        case meanAbsoluteDeviation = "mean_abs_deviation"
    }
}
