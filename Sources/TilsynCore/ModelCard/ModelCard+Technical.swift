extension ModelCard {
    /// The technical tier: what the ethics board and auditors check.
    public struct TechnicalTier: Codable, Sendable {
        public var description: LocalizedText?
        public var features: [FeatureRow]
        public var intercept: CoefficientRow
        public var penalty: Penalty
        public var training: Training
        public var fit: FitStats
        public var validation: ValidationSummary?
        public var fairness: FairnessSummary?
        /// Population stability of every feature between the training data and a register snapshot.
        public var drift: DriftSummary?
        public var limitations: [LocalizedText]
        public var misuse: [LocalizedText]
        public var oversight: LocalizedText
        public var rollback: LocalizedText
        public var monitoring: LocalizedText
        public var software: Software

        enum CodingKeys: String, CodingKey {
            case description, features, intercept, penalty, training, fit, validation, fairness, drift
            case limitations, misuse, oversight, rollback, monitoring, software
        }

        /// Writes absent validation, fairness and drift as `null`, so their absence is visible in the JSON.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(description, forKey: .description)
            try c.encode(features, forKey: .features)
            try c.encode(intercept, forKey: .intercept)
            try c.encode(penalty, forKey: .penalty)
            try c.encode(training, forKey: .training)
            try c.encode(fit, forKey: .fit)
            try c.encode(validation, forKey: .validation)
            try c.encode(fairness, forKey: .fairness)
            try c.encode(drift, forKey: .drift)
            try c.encode(limitations, forKey: .limitations)
            try c.encode(misuse, forKey: .misuse)
            try c.encode(oversight, forKey: .oversight)
            try c.encode(rollback, forKey: .rollback)
            try c.encode(monitoring, forKey: .monitoring)
            try c.encode(software, forKey: .software)
        }
    }

    /// One feature of the spec with its encoding and every coefficient it owns.
    public struct FeatureRow: Codable, Sendable {
        public var name: String
        public var text: LocalizedText?
        public var type: String
        /// How the raw value becomes design columns (transform, clip, bins), in words, in both languages.
        public var definition: LocalizedText
        public var unit: LocalizedText?
        public var source: String
        public var window: String?
        public var rationale: LocalizedText?
        public var origin: String?
        public var disclosed: Bool
        public var actionable: Bool
        /// Categorical and binned features: the level every coefficient is compared with.
        public var referenceLevel: String?
        public var coefficients: [CoefficientRow]

        enum CodingKeys: String, CodingKey {
            case name, text, type, definition, unit, source, window, rationale, origin, disclosed, actionable, coefficients
            case referenceLevel = "reference_level"
        }
    }

    /// One design column's coefficient, exactly as in model.json.
    public struct CoefficientRow: Codable, Sendable {
        public var column: String
        public var estimate: Double
        public var stdError: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        public var oddsRatio: Double

        enum CodingKeys: String, CodingKey {
            case column, estimate
            case stdError = "std_error"
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
            case oddsRatio = "odds_ratio"
        }
    }

    /// How the coefficients were estimated, why, and where their intervals come from.
    public struct Penalty: Codable, Sendable {
        public var l2: Double
        public var method: String
        /// The estimation method and the reason for it, in words.
        public var estimation: LocalizedText
        /// The covariance behind the standard errors (model-based, robust, cluster-robust).
        public var covariance: LocalizedText
        /// How the 95% intervals of the coefficient table are made.
        public var intervals: LocalizedText
        /// Nuisance terms (fitted, not scored), each with its spread; `null` when the spec has none.
        public var nuisance: [LocalizedText]?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(l2, forKey: .l2)
            try c.encode(method, forKey: .method)
            try c.encode(estimation, forKey: .estimation)
            try c.encode(covariance, forKey: .covariance)
            try c.encode(intervals, forKey: .intervals)
            try c.encode(nuisance, forKey: .nuisance)
        }
    }

    public struct Training: Codable, Sendable {
        public var file: String?
        public var sha256: String
        public var rows: Int
        public var events: Int
        public var dateMin: String?
        public var dateMax: String?
        public var label: String
        public var labelDefinition: LocalizedText?

        enum CodingKeys: String, CodingKey {
            case file, sha256, rows, events, label
            case dateMin = "date_min"
            case dateMax = "date_max"
            case labelDefinition = "label_definition"
        }
    }

    public struct FitStats: Codable, Sendable {
        public var iterations: Int
        public var converged: Bool
        public var deviance: Double
        public var nullDeviance: Double
        public var aic: Double
        public var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case iterations, converged, deviance, aic, warnings
            case nullDeviance = "null_deviance"
        }
    }

    /// The headline numbers of `tilsyn validate`, with their intervals.
    public struct ValidationSummary: Codable, Sendable {
        public var splitDate: String
        public var evaluationRows: Int
        public var evaluationEvents: Int
        public var auc: Estimate?
        public var brier: Estimate?
        public var calibrationSlope: Estimate?
        public var calibrationInTheLarge: Estimate?
        public var lift: Estimate?
        public var modelFingerprint: String

        enum CodingKeys: String, CodingKey {
            case auc, brier, lift
            case splitDate = "split_date"
            case evaluationRows = "evaluation_rows"
            case evaluationEvents = "evaluation_events"
            case calibrationSlope = "calibration_slope"
            case calibrationInTheLarge = "calibration_in_the_large"
            case modelFingerprint = "model_fingerprint"
        }
    }

    /// The verdicts of `tilsyn fairness`, counted per grouping, with the flagged groups named.
    public struct FairnessSummary: Codable, Sendable {
        public var criterion: String
        public var selectionRule: String
        public var groupings: [GroupingVerdicts]

        enum CodingKeys: String, CodingKey {
            case criterion, groupings
            case selectionRule = "selection_rule"
        }
    }

    public struct GroupingVerdicts: Codable, Sendable {
        public var name: String
        public var pass: Int
        public var flag: Int
        public var insufficient: Int
        public var flagged: [String]
    }

    /// The drift report in brief: where its two data sets come from, and every feature's PSI and level.
    ///
    /// The card lists the moderate and major shifts; the full bins stay in the drift report.
    public struct DriftSummary: Codable, Sendable {
        public var baseline: DriftReport.Source
        public var register: DriftReport.Source
        public var thresholds: DriftReport.Thresholds
        public var features: [FeaturePSI]

        public struct FeaturePSI: Codable, Sendable {
            public var feature: String
            public var psi: Double
            public var level: PopulationStability.Level
        }
    }

    public struct Software: Codable, Sendable {
        public var tool: String
        public var version: String
        public var linearAlgebra: String
        public var modelFormat: String

        enum CodingKeys: String, CodingKey {
            case tool, version
            case linearAlgebra = "linear_algebra"
            case modelFormat = "model_format"
        }
    }
}
