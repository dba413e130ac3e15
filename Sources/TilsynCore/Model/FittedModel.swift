import Crypto
import Foundation

/// The fitted-model artefact ⚖ (DESIGN §5), the content of `model.json`.
///
/// Everything needed to score, explain and review the model is here: the spec, the learned encoding,
/// coefficients with their inference, the training means used as the explanation baseline, fit
/// diagnostics and where the training data came from. The ``fingerprint`` is the SHA-256 of the
/// canonical JSON of everything except `created` and `fingerprint` itself, so the same spec on the same
/// data gives the same fingerprint, and any edit to the file is detected on load.
public struct FittedModel: Codable, Sendable, Equatable {
    public static let formatIdentifier = "tilsyn.model/1"

    public var format: String
    public var name: String
    public var version: String
    /// ISO 8601 time the file was written (not part of the fingerprint).
    public var created: String
    public var spec: ModelSpec
    public var coefficients: [Coefficient]
    /// Encoded column → its training mean: the "average inspected unit" that explanations start from.
    public var reference: [String: Double]
    public var encoding: DesignLayout
    public var constraints: [Constraint]
    public var fit: FitSummary
    public var trainingData: TrainingData
    /// Nuisance terms of the spec: fitted, then set to their weighted average (folded into the intercept)
    /// so that no score depends on them; `nil` when the spec has none.
    public var nuisance: [NuisanceEffect]?
    public var fingerprint: String

    enum CodingKeys: String, CodingKey {
        case format, name, version, created, spec, coefficients, reference, encoding, constraints, fit, fingerprint, nuisance
        case trainingData = "training_data"
    }

    /// One fitted nuisance term (e.g. the inspector who made the visit).
    public struct NuisanceEffect: Codable, Sendable, Equatable {
        public var feature: String
        public var l2: Double
        /// `Σ share_l·β_l` over the levels, weighted by their share of training rows: the value every
        /// score uses, added to the intercept.
        public var weightedMean: Double
        /// Weighted standard deviation of the level effects around `weightedMean` (log-odds).
        public var spread: Double
        /// Smallest and largest level effect.
        public var range: [Double]
        public var levels: [Level]

        public struct Level: Codable, Sendable, Equatable {
            public var level: String
            public var rows: Int
            public var estimate: Double
            public var stdError: Double?

            enum CodingKeys: String, CodingKey {
                case level, rows, estimate
                case stdError = "std_error"
            }
        }

        enum CodingKeys: String, CodingKey {
            case feature, l2, spread, range, levels
            case weightedMean = "weighted_mean"
        }
    }

    public struct Coefficient: Codable, Sendable, Equatable {
        public var name: String
        public var estimate: Double
        /// `nil` when the coefficient is held at a sign-constraint bound (it is then not estimated).
        public var stdError: Double?
        public var z: Double?
        public var pValue: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        public var oddsRatio: Double
        /// Profile-likelihood 95% interval (Firth fits); `nil` ends are unbounded or not computed.
        public var profileLow: Double? = nil
        public var profileHigh: Double? = nil

        enum CodingKeys: String, CodingKey {
            case name, estimate, z
            case stdError = "std_error"
            case pValue = "p_value"
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
            case oddsRatio = "odds_ratio"
            case profileLow = "profile_ci_low"
            case profileHigh = "profile_ci_high"
        }
    }

    /// A declared sign constraint and whether it binds at the estimate.
    public struct Constraint: Codable, Sendable, Equatable {
        public var feature: String
        public var column: String
        public var direction: FeatureSpec.Direction
        public var binding: Bool
    }

    public struct FitSummary: Codable, Sendable, Equatable {
        public var n: Int
        public var events: Int
        public var iterations: Int
        public var converged: Bool
        public var logLikelihood: Double
        public var deviance: Double
        public var nullDeviance: Double
        public var aic: Double
        public var l2: Double
        public var method: String
        public var linearAlgebra: String
        public var warnings: [String]
        /// `true` for Firth's bias-reduced fit (absent otherwise).
        public var firth: Bool? = nil
        /// `ℓ(β) + ½·log det I(β)` at a Firth estimate.
        public var penalisedLogLikelihood: Double? = nil
        /// Where the standard errors come from: absent for the inverse Fisher information,
        /// `"HC0"`/`"HC1"` for the robust sandwich, `"cluster"` for the cluster-robust one.
        public var covariance: String? = nil
        /// Number of clusters of a cluster-robust covariance.
        public var clusters: Int? = nil
        /// Absent for Wald intervals only; `"wald+profile"` when profile-likelihood intervals are given too.
        public var intervalMethod: String? = nil
        /// Present when the exact separation test ran (some row was fitted within rounding of 0 or 1, or
        /// the Newton steps stalled) and found that the estimate exists.
        public var separationTest: String? = nil

        enum CodingKeys: String, CodingKey {
            case n, events, iterations, converged, deviance, aic, l2, method, warnings, firth, covariance, clusters
            case logLikelihood = "log_likelihood"
            case nullDeviance = "null_deviance"
            case linearAlgebra = "linear_algebra"
            case penalisedLogLikelihood = "penalised_log_likelihood"
            case intervalMethod = "interval_method"
            case separationTest = "separation_test"
        }

        /// The covariance in words, for cards and explanations.
        public var covarianceDescription: LocalizedText {
            switch covariance {
            case "HC0": LocalizedText(da: "robust (sandwich, HC0)", en: "robust (sandwich, HC0)")
            case "HC1": LocalizedText(da: "robust (sandwich, HC1 med småstikprøvefaktor n/(n−k))", en: "robust (sandwich, HC1 with small-sample factor n/(n−k))")
            case "cluster":
                LocalizedText(da: "klyngerobust over \(clusters ?? 0) klynger (sandwich med statsmodels' faktor G/(G−1)·(n−1)/(n−k))",
                              en: "cluster-robust over \(clusters ?? 0) clusters (sandwich with statsmodels' factor G/(G−1)·(n−1)/(n−k))")
            case "cluster-no-correction":
                LocalizedText(da: "klyngerobust over \(clusters ?? 0) klynger (sandwich uden småstikprøvefaktor)",
                              en: "cluster-robust over \(clusters ?? 0) clusters (sandwich without small-sample factor)")
            default: LocalizedText(da: "modelbaseret (invers Fisher-information; rækkerne antages uafhængige)",
                                   en: "model-based (inverse Fisher information; rows assumed independent)")
            }
        }
    }

    public struct TrainingData: Codable, Sendable, Equatable {
        public var file: String?
        public var sha256: String
        public var rows: Int
        public var dateMin: String?
        public var dateMax: String?

        enum CodingKeys: String, CodingKey {
            case file, sha256, rows
            case dateMin = "date_min"
            case dateMax = "date_max"
        }

        public init(file: String?, sha256: String, rows: Int, dateMin: String?, dateMax: String?) {
            self.file = file
            self.sha256 = sha256
            self.rows = rows
            self.dateMin = dateMin
            self.dateMax = dateMax
        }
    }

    /// Coefficients in design order, as a plain vector.
    public var beta: [Double] { coefficients.map(\.estimate) }

    /// Reference (training-mean) values in design order.
    public var referenceVector: [Double] { encoding.columnNames.map { reference[$0] ?? 0 } }

    /// The encoder that reproduces the training encoding.
    public var encoder: DesignEncoder { DesignEncoder(spec: spec, layout: encoding) }
}

// MARK: - Canonical form, fingerprint, reading and writing

extension FittedModel {
    /// Canonical JSON: sorted keys, no whitespace, with `created` and `fingerprint` blanked.
    public func canonicalJSON() throws -> Data {
        var copy = self
        copy.created = ""
        copy.fingerprint = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(copy)
    }

    /// SHA-256 (hex) of the canonical JSON.
    public func computeFingerprint() throws -> String {
        SHA256.hash(data: try canonicalJSON()).map { String(format: "%02x", $0) }.joined()
    }

    /// The model as written to disk: pretty-printed with sorted keys, ending in a newline.
    public func encodedForFile() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes a model and verifies its format and fingerprint.
    /// - Throws: ``ModelFileError`` when the file is not a Tilsyn model or was changed after it was written.
    public static func decode(_ data: Data, file: String) throws(ModelFileError) -> FittedModel {
        if let unknown = SpecFields.unknownField(in: data, shape: SpecFields.model, file: file) {
            throw .unreadable(file: file, reason: "\(unknown.field): \(unknown.problem)")
        }
        let model: FittedModel
        do {
            model = try JSONDecoder().decode(FittedModel.self, from: data)
        } catch let error as DecodingError {
            let spec = SpecError(decoding: error, file: file)
            throw .unreadable(file: file, reason: spec.field.isEmpty ? spec.problem : "field '\(spec.field)' \(spec.problem)")
        } catch {
            throw .unreadable(file: file, reason: "\(error)")
        }
        guard model.format == formatIdentifier else {
            throw .unreadable(file: file, reason: "format is '\(model.format)', expected '\(formatIdentifier)'")
        }
        let expected: String
        do { expected = try model.computeFingerprint() } catch { throw .unreadable(file: file, reason: "\(error)") }
        guard expected == model.fingerprint else { throw .fingerprintMismatch(file: file, stored: model.fingerprint, computed: expected) }
        guard model.coefficients.map(\.name) == model.encoding.columnNames else {
            throw .unreadable(file: file, reason: "the coefficients do not match the encoded columns")
        }
        return model
    }
}

/// A model file that cannot be used.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case fingerprintMismatch(file: String, stored: String, computed: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): not a usable Tilsyn model (\(reason))."
        case .fingerprintMismatch(let file, let stored, let computed):
            "\(file): the content does not match its fingerprint (stored \(stored.prefix(12))…, computed \(computed.prefix(12))…); the file was changed after it was written — refit the model or restore the original file."
        }
    }
}
