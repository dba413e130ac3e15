/// The fairness report ⚖ (DESIGN §8): per group of each grouping and of their intersection, counts,
/// metric blocks with intervals and honest estimands, comparisons to the overall value and a verdict.
public struct FairnessReport: Codable, Sendable {
    public static let formatIdentifier = "tilsyn.fairness/1"

    enum CodingKeys: String, CodingKey {
        case format, sample, model, training, data, selection, criterion, settings, population, overall, groupings, notes
        case sampleDescription = "sample_description", refitOf = "refit_of"
    }
    public var format = formatIdentifier
    /// `out_of_sample` (evaluated on inspections the model was not fitted on: `--split-date` or
    /// `--evaluate`) or `in_sample` ⚖.
    public var sample: String
    /// What the sample is, in one sentence (an in-sample report's first line).
    public var sampleDescription: String
    public var model: Explanation.ModelIdentity?
    /// With `--split-date`: the fingerprint of the given model whose spec was refitted before the date
    /// (``model`` is then the refit the report judges).
    public var refitOf: String?
    /// The data the model was fitted on (for `--split-date`, the rows before the date).
    public var training: TrainingSummary?
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
        /// With `--split-date`: the first evaluated day; the evaluated rows are those from it on.
        public var fromDate: String?
        enum CodingKeys: String, CodingKey {
            case file, sha256, rows, events
            case fromDate = "from_date"
        }
    }

    public struct TrainingSummary: Codable, Sendable {
        public var file: String
        public var sha256: String
        public var rows: Int?
        /// With `--split-date`: training is every row dated before this day.
        public var beforeDate: String?
        enum CodingKeys: String, CodingKey {
            case file, sha256, rows
            case beforeDate = "before_date"
        }
    }

    public struct SelectionSummary: Codable, Sendable {
        /// `top_fraction` or `top_k`.
        public var rule: String
        public var value: Double
        public var selected: Int
        public var seed: UInt64
    }

    /// The verdict rule ⚖: primary metric, estimand, band, confidence and adjustment.
    public struct CriterionSummary: Codable, Sendable {
        public var primary: String
        /// The estimand the primary metric is judged in (`population` or `among_inspected`).
        public var estimand: String
        /// `[low, high]` on the ratio of the group's primary metric to the rest of the population.
        public var band: [Double]
        /// Family-wise confidence level of the verdict intervals of one grouping.
        public var confidenceLevel: Double
        public var adjustment: Adjustment
        /// The verdict rule in words.
        public var rule: String
        public var secondary: [String]
        /// How the secondary metrics' intervals are made (unadjusted; they do not decide verdicts).
        public var secondaryIntervals: String
        public var tradeoff: String
        enum CodingKeys: String, CodingKey {
            case primary, estimand, band, adjustment, rule, secondary, tradeoff
            case confidenceLevel = "confidence_level", secondaryIntervals = "secondary_intervals"
        }
    }

    public struct Adjustment: Codable, Sendable {
        /// `bonferroni`.
        public var method: String
        /// What the family is: the judged groups of one grouping, primary metric only.
        public var family: String
    }

    public struct Settings: Codable, Sendable {
        public var minUnits: Int
        public var minEvents: Int
        public var bootstrap: Int
        public var minimumDetectable: String
        enum CodingKeys: String, CodingKey {
            case bootstrap
            case minUnits = "min_units", minEvents = "min_events", minimumDetectable = "minimum_detectable"
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
        /// The groups are in their natural order (size bands, bins: by their lower limit) rather than by label.
        public var ordered: Bool
        /// A column of the grouping is itself a feature of the model (e.g. size band): higher measured risk
        /// in a group is selected by design, so a flag asks whether the model over- or under-selects
        /// relative to the group's risk, not whether the group is selected more.
        public var modelFeature: Bool = false
        public var groups: [GroupResult]
        enum CodingKeys: String, CodingKey {
            case name, columns, ordered, groups
            case modelFeature = "model_feature"
        }
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
    /// The adjusted interval of the primary metric's ratio the verdict follows from; `nil` for a group too
    /// small to judge or without an estimable ratio (verdict `insufficient`).
    public var verdictInterval: VerdictInterval?
    public var reasons: [String]
    public var minimumDetectableRatio: MinimumDetectable?
    public var feedback: OriginShares?

    enum CodingKeys: String, CodingKey {
        case group, n, selected, positives, metrics, verdict, reasons, feedback
        case unitShare = "unit_share", selectionShare = "selection_share", minimumDetectableRatio = "minimum_detectable_ratio"
        case verdictInterval = "verdict_interval"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encode(n, forKey: .n)
        try c.encode(selected, forKey: .selected)
        try c.encode(positives, forKey: .positives)
        try c.encode(unitShare, forKey: .unitShare)
        try c.encode(selectionShare, forKey: .selectionShare)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(verdictInterval, forKey: .verdictInterval)
        try c.encode(reasons, forKey: .reasons)
        try c.encodeIfPresent(minimumDetectableRatio, forKey: .minimumDetectableRatio)
        try c.encodeIfPresent(feedback, forKey: .feedback)
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
    /// Two-sided p-value of the ratio test (unadjusted); for the primary metric also Bonferroni-adjusted
    /// over the judged groups of the grouping (`null` elsewhere: secondary metrics are not adjusted).
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
    /// `rest` (the population outside the group), `overall` (AUC and Brier differences), `expected`
    /// (the calibration ratio: observed ÷ predicted events) or `unit_share`.
    public var reference: String
    public var method: String
    public var reason: String?
    /// Standard error of the log ratio, when the interval is a log interval (the calibration ratio's);
    /// `nil` for a ratio of two proportions, whose score interval has no single standard error.
    public var seLog: Double?
    /// The 2×2 counts behind a ratio of two proportions, kept (not written) so the verdict can recompute
    /// its score interval at the Bonferroni-adjusted level.
    var counts: RatioCounts? = nil
    enum CodingKeys: String, CodingKey {
        case value, reference, method, reason
        case ciLow = "ci_low", ciHigh = "ci_high", seLog = "se_log"
    }

    public init(value: Double?, ciLow: Double?, ciHigh: Double?, reference: String, method: String, reason: String? = nil, seLog: Double? = nil) {
        self.value = value
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.reference = reference
        self.method = method
        self.reason = reason
        self.seLog = seLog
    }
}

/// `a` hits of `n1` in the group against `c` of `n2` in the rest of the population.
struct RatioCounts: Sendable {
    var a: Int, n1: Int, c: Int, n2: Int
}

/// The adjusted interval of a group's primary ratio ⚖: `pass` when `[ci_low, ci_high]` lies inside the
/// band, `flag` when it lies wholly outside, otherwise `insufficient`.
public struct VerdictInterval: Codable, Sendable {
    public var metric: String
    public var estimand: String
    /// `rest` (the population outside the group) or, for calibration, `expected`.
    public var reference: String
    public var value: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// The level of this one interval, `1 − α/m`.
    public var level: Double
    /// Bonferroni's `m`: the groups of this grouping judged on the primary metric.
    public var familySize: Int
    /// Two-sided p-value of ratio = 1, unadjusted and Bonferroni-adjusted (`min(1, m·p)`).
    public var pValue: Double?
    public var pAdjusted: Double?
    enum CodingKeys: String, CodingKey {
        case metric, estimand, reference, value, level
        case ciLow = "ci_low", ciHigh = "ci_high", familySize = "family_size", pValue = "p_value", pAdjusted = "p_adjusted"
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
