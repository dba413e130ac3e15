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
    public struct TopK: Codable, Sendable {
        /// `k` in weeks of capacity.
        public var weeks: Int
        public var k: Int
        public var hits: Int
        public var precision: Estimate
        public var recall: Estimate
    }

    /// The evaluation period by selection channel.
    public struct Channels: Codable, Sendable {
        public var counts: [ChannelCount]
        /// Hit rate of `risk` over hit rate of `random` (Katz log interval).
        public var lift: Estimate?
        /// AUC among random-audit inspections alone: the unbiased estimate for the eligible population.
        public var aucRandomArm: Estimate?

        enum CodingKeys: String, CodingKey {
            case counts, lift
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
