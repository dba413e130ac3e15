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

        /// Random-audit inspections the top fraction must hold for the lift to count as estimated.
        ///
        /// Below it the ratio rests on a handful of units (the demo's weekly share of a 300,000-unit
        /// register leaves 2 or 3 of a year's random audits in the top), so it is no evidence of how well the
        /// model picks, and a bootstrap over so few rows understates its uncertainty: the value is kept for
        /// checking, the interval is `null` and ``status`` says `insufficient`.
        public static let minimumTopUnits = 30

        /// `estimated`; `insufficient` (fewer than ``minimumTopUnits`` random-audit inspections in the top
        /// fraction: no interval, not a finding); `not_estimable` (`value` is `null`).
        public var status: String {
            value == nil ? "not_estimable" : (k < Self.minimumTopUnits ? "insufficient" : "estimated")
        }

        enum CodingKeys: String, CodingKey {
            case value, estimand, k, hits, bootstrap, seed, method, description, reason
            case ciLow = "ci_low", ciHigh = "ci_high", topFraction = "top_fraction", topFractionSource = "top_fraction_source"
            case topFractionBasis = "top_fraction_basis", registerUnits = "register_units", listCapacity = "list_capacity"
            case randomArmRows = "random_arm_rows", randomArmEvents = "random_arm_events"
            case status, minTopUnits = "min_top_units"
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
            try c.encode(status, forKey: .status)
            try c.encode(Self.minimumTopUnits, forKey: .minTopUnits)
        }
    }

    /// The evaluation period by selection channel.
    public struct Channels: Codable, Sendable {
        public var counts: [ChannelCount]
        /// Hit rate of the history's `risk` channel over its `random` channel (score interval): what the
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

/// Decoding by hand only so that `status` and `min_top_units`, which are written for readers, are not read
/// back (they follow from `value` and `k`); in an extension, so the memberwise initialiser stays.
extension ValidationReport.ModelLiftEstimate {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decodeIfPresent(Double.self, forKey: .value)
        ciLow = try c.decodeIfPresent(Double.self, forKey: .ciLow)
        ciHigh = try c.decodeIfPresent(Double.self, forKey: .ciHigh)
        estimand = try c.decode(String.self, forKey: .estimand)
        topFraction = try c.decode(Double.self, forKey: .topFraction)
        topFractionSource = try c.decode(String.self, forKey: .topFractionSource)
        topFractionBasis = try c.decode(String.self, forKey: .topFractionBasis)
        registerUnits = try c.decodeIfPresent(Int.self, forKey: .registerUnits)
        listCapacity = try c.decodeIfPresent(Int.self, forKey: .listCapacity)
        randomArmRows = try c.decode(Int.self, forKey: .randomArmRows)
        randomArmEvents = try c.decode(Int.self, forKey: .randomArmEvents)
        k = try c.decode(Int.self, forKey: .k)
        hits = try c.decode(Int.self, forKey: .hits)
        bootstrap = try c.decode(Int.self, forKey: .bootstrap)
        seed = try c.decode(UInt64.self, forKey: .seed)
        method = try c.decode(String.self, forKey: .method)
        description = try c.decode(String.self, forKey: .description)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }
}
