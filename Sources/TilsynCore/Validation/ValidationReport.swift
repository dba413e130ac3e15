/// The result of a time-based validation ⚖: a model fitted on inspections before a date, judged on the
/// inspections from that date on. Encoded as `tilsyn validate`'s JSON (snake_case keys).
public struct ValidationReport: Codable, Sendable {
    public static let formatIdentifier = "tilsyn.validation/1"

    public var format: String = formatIdentifier
    public var model: Identity
    public var data: DataIdentity
    public var splitDate: String
    public var training: Period
    public var evaluation: Period
    public var fit: FitInfo
    public var auc: Estimate?
    public var brier: Estimate?
    public var logLoss: Estimate?
    public var calibrationIntercept: Estimate?
    public var calibrationSlope: Estimate?
    public var calibrationInTheLarge: Estimate?
    public var reliability: [Calibration.Bin]
    public var capacityPerWeek: Int
    public var capacitySource: String
    public var topK: [TopK]
    /// This model's lift on the random-audit arm of the evaluation period ⚖ (`null` value with a reason when
    /// the history has no random-audit inspections there).
    public var modelLift: ModelLiftEstimate
    /// Present when the history has a `channel` column.
    public var channels: Channels?
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case format, model, data, training, evaluation, fit, auc, brier, reliability, channels, notes
        case splitDate = "split_date"
        case logLoss = "log_loss"
        case calibrationIntercept = "calibration_intercept"
        case calibrationSlope = "calibration_slope"
        case calibrationInTheLarge = "calibration_in_the_large"
        case capacityPerWeek = "capacity_per_week"
        case capacitySource = "capacity_source"
        case topK = "top_k"
        case modelLift = "model_lift"
    }

    public struct Identity: Codable, Sendable {
        public var name: String
        public var version: String
        /// Fingerprint of the model fitted on the training period (not a model in use).
        public var fingerprint: String
    }

    public struct DataIdentity: Codable, Sendable {
        public var file: String
        public var sha256: String
    }

    public struct Period: Codable, Sendable {
        public var rows: Int
        public var events: Int
        public var dateMin: String?
        public var dateMax: String?
        public var weeks: Double?

        enum CodingKeys: String, CodingKey {
            case rows, events, weeks
            case dateMin = "date_min"
            case dateMax = "date_max"
        }
    }

    public struct FitInfo: Codable, Sendable {
        public var iterations: Int
        public var converged: Bool
        public var warnings: [String]
    }

    /// Precision and recall if only the `k` highest-scored evaluation inspections had been made.
    ///
    /// Estimand `among_inspected`: the `k` are taken from the inspections that happened (mostly chosen by
    /// the earlier selection), and recall is over the violations those inspections found — not over every
    /// violation in the population.
    public struct TopK: Codable, Sendable {
        /// `k` in weeks of capacity.
        public var weeks: Int
        public var k: Int
        public var hits: Int
        public var precision: Estimate
        public var recall: Estimate
    }

    /// `{value, ci_low, ci_high, estimand: "random_arm", top_fraction}` and what it rests on (see ``ModelLift``).
    public struct ModelLiftEstimate: Codable, Sendable {
        public var value: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        public var estimand = "random_arm"
        public var topFraction: Double
        /// Where the top fraction comes from (the list's weekly share of the register, or the option).
        public var topFractionSource: String
        /// `option` (given), `register_share` (list capacity ÷ register units) or `fallback` (0.1).
        public var topFractionBasis: String
        public var registerUnits: Int?
        public var listCapacity: Int?
        /// Random-audit inspections in the evaluation period, and those with a violation.
        public var randomArmRows: Int
        public var randomArmEvents: Int
        /// Random-audit inspections in the model's top fraction (`k`), and the violations among them.
        public var k: Int
        public var hits: Int
        public var bootstrap: Int
        public var seed: UInt64
        public var method: String
        public var description: String
        /// Why `value` or the interval is `null`, or a caveat (a small `k`).
        public var reason: String?

        enum CodingKeys: String, CodingKey {
            case value, estimand, k, hits, bootstrap, seed, method, description, reason
            case ciLow = "ci_low", ciHigh = "ci_high", topFraction = "top_fraction", topFractionSource = "top_fraction_source"
            case topFractionBasis = "top_fraction_basis", registerUnits = "register_units", listCapacity = "list_capacity"
            case randomArmRows = "random_arm_rows", randomArmEvents = "random_arm_events"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(value, forKey: .value)
            try c.encode(ciLow, forKey: .ciLow)
            try c.encode(ciHigh, forKey: .ciHigh)
            try c.encode(estimand, forKey: .estimand)
            try c.encode(topFraction, forKey: .topFraction)
            try c.encode(topFractionSource, forKey: .topFractionSource)
            try c.encode(topFractionBasis, forKey: .topFractionBasis)
            try c.encode(registerUnits, forKey: .registerUnits)
            try c.encode(listCapacity, forKey: .listCapacity)
            try c.encode(randomArmRows, forKey: .randomArmRows)
            try c.encode(randomArmEvents, forKey: .randomArmEvents)
            try c.encode(k, forKey: .k)
            try c.encode(hits, forKey: .hits)
            try c.encode(bootstrap, forKey: .bootstrap)
            try c.encode(seed, forKey: .seed)
            try c.encode(method, forKey: .method)
            try c.encode(description, forKey: .description)
            try c.encode(reason, forKey: .reason)
        }
    }

    /// The evaluation period by selection channel.
    public struct Channels: Codable, Sendable {
        public var counts: [ChannelCount]
        /// Hit rate of the history's `risk` channel over its `random` channel (Katz log interval): what the
        /// earlier selection achieved, not this model (that is ``ValidationReport/modelLift``).
        public var historicalChannelLift: Estimate?
        /// What ``historicalChannelLift`` measures, in words.
        public var historicalChannelLiftDescription: String
        /// AUC among random-audit inspections alone: the unbiased estimate for the eligible population.
        public var aucRandomArm: Estimate?

        enum CodingKeys: String, CodingKey {
            case counts
            case historicalChannelLift = "historical_channel_lift"
            case historicalChannelLiftDescription = "historical_channel_lift_description"
            case aucRandomArm = "auc_random_arm"
        }
    }

    public struct ChannelCount: Codable, Sendable {
        public var channel: String
        public var n: Int
        public var events: Int
        public var hitRate: Estimate

        enum CodingKeys: String, CodingKey {
            case channel, n, events
            case hitRate = "hit_rate"
        }
    }
}
