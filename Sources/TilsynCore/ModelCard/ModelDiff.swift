/// What changed between two model versions ⚖, for the model card's change log.
///
/// A coefficient counts as changed only when the shift exceeds its own uncertainty:
/// ```
/// |β_to − β_from| > max(half-width of CI_from, half-width of CI_to)
/// ```
/// so refits that move estimates within their noise are not reported to the board as changes.
public struct ModelDiff: Codable, Sendable {
    public static let formatIdentifier = "tilsyn.modeldiff/1"

    public var format: String = formatIdentifier
    public var from: Side
    public var to: Side
    public var featuresAdded: [String]
    public var featuresRemoved: [String]
    public var columnsAdded: [String]
    public var columnsRemoved: [String]
    /// Every column in both models; `beyondCI` marks the changes that matter.
    public var coefficients: [CoefficientChange]
    public var encodingChanges: [EncodingChange]
    /// Validation metrics of both versions, when both reports were given.
    public var validation: [MetricChange]?
    /// Fairness verdicts of both versions, when both reports were given.
    public var fairness: [VerdictChange]?
    /// Caveats a reader needs before comparing numbers (e.g. a moved reference level).
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case format, from, to, coefficients, notes, validation, fairness
        case featuresAdded = "features_added"
        case featuresRemoved = "features_removed"
        case columnsAdded = "columns_added"
        case columnsRemoved = "columns_removed"
        case encodingChanges = "encoding_changes"
    }

    /// One model's identity, fit statistics and training window.
    public struct Side: Codable, Sendable {
        public var name: String
        public var version: String
        public var fingerprint: String
        public var created: String
        public var rows: Int
        public var events: Int
        public var dateMin: String?
        public var dateMax: String?
        public var trainingSHA256: String
        public var deviance: Double
        public var aic: Double
        public var l2: Double
        public var converged: Bool

        enum CodingKeys: String, CodingKey {
            case name, version, fingerprint, created, rows, events, deviance, aic, l2, converged
            case dateMin = "date_min"
            case dateMax = "date_max"
            case trainingSHA256 = "training_sha256"
        }

        init(_ m: FittedModel) {
            self.init(name: m.name, version: m.version, fingerprint: m.fingerprint, created: m.created, rows: m.fit.n, events: m.fit.events,
                      dateMin: m.trainingData.dateMin, dateMax: m.trainingData.dateMax, trainingSHA256: m.trainingData.sha256,
                      deviance: m.fit.deviance, aic: m.fit.aic, l2: m.fit.l2, converged: m.fit.converged)
        }

        init(name: String, version: String, fingerprint: String, created: String, rows: Int, events: Int, dateMin: String?, dateMax: String?,
             trainingSHA256: String, deviance: Double, aic: Double, l2: Double, converged: Bool) {
            self.name = name; self.version = version; self.fingerprint = fingerprint; self.created = created
            self.rows = rows; self.events = events; self.dateMin = dateMin; self.dateMax = dateMax
            self.trainingSHA256 = trainingSHA256; self.deviance = deviance; self.aic = aic; self.l2 = l2; self.converged = converged
        }
    }

    public struct CoefficientChange: Codable, Sendable {
        public var column: String
        public var from: Double
        public var to: Double
        public var delta: Double
        /// The larger CI half-width of the two fits; `nil` when either coefficient has no interval
        /// (held at a sign-constraint bound), in which case no change is claimed.
        public var halfWidth: Double?
        public var beyondCI: Bool

        enum CodingKeys: String, CodingKey {
            case column, from, to, delta
            case halfWidth = "half_width"
            case beyondCI = "beyond_ci"
        }
    }

    /// A change in how a shared feature is encoded (reference level, levels, bins, transform, clip).
    public struct EncodingChange: Codable, Sendable {
        public var feature: String
        public var field: String
        public var from: String
        public var to: String
    }

    /// The coefficients whose change exceeds their intervals.
    public var changedCoefficients: [CoefficientChange] { coefficients.filter(\.beyondCI) }

    /// Compares `from` (the older version) with `to`.
    public init(from old: FittedModel, to new: FittedModel) {
        self.from = Side(old)
        self.to = Side(new)
        let oldFeatures = old.spec.features.map(\.name), newFeatures = new.spec.features.map(\.name)
        featuresAdded = newFeatures.filter { !oldFeatures.contains($0) }
        featuresRemoved = oldFeatures.filter { !newFeatures.contains($0) }
        let oldColumns = old.encoding.columnNames, newColumns = new.encoding.columnNames
        columnsAdded = newColumns.filter { !oldColumns.contains($0) }
        columnsRemoved = oldColumns.filter { !newColumns.contains($0) }
        coefficients = new.coefficients.compactMap { b in
            guard let a = old.coefficients.first(where: { $0.name == b.name }) else { return nil }
            func half(_ c: FittedModel.Coefficient) -> Double? {
                guard let lo = c.ciLow, let hi = c.ciHigh else { return nil }
                return (hi - lo) / 2
            }
            let delta = b.estimate - a.estimate
            let width: Double? = if let ha = half(a), let hb = half(b) { max(ha, hb) } else { nil }
            return CoefficientChange(column: b.name, from: a.estimate, to: b.estimate, delta: delta, halfWidth: width,
                                     beyondCI: width.map { abs(delta) > $0 } ?? false)
        }
        encodingChanges = Self.encodingChanges(old, new)
        notes = encodingChanges.filter { $0.field == "reference" }.map {
            "\($0.feature): the reference level moved from \($0.from) to \($0.to), so its coefficients and the intercept are measured against a different baseline; their changes are not like-for-like."
        }
        if old.trainingData.sha256 != new.trainingData.sha256 {
            notes.append("The models were trained on different data (sha256 \(old.trainingData.sha256.prefix(12))… vs \(new.trainingData.sha256.prefix(12))…).")
        }
    }

    static func encodingChanges(_ old: FittedModel, _ new: FittedModel) -> [EncodingChange] {
        var changes: [EncodingChange] = []
        func note(_ feature: String, _ field: String, _ a: String, _ b: String) {
            if a != b { changes.append(EncodingChange(feature: feature, field: field, from: a, to: b)) }
        }
        func numbers(_ xs: [Double]?) -> String { xs.map { "[" + $0.map(FeatureEncoding.formatNumber).joined(separator: ", ") + "]" } ?? "–" }
        for b in new.spec.features {
            guard let a = old.spec.features.first(where: { $0.name == b.name }) else { continue }
            note(b.name, "type", a.type.rawValue, b.type.rawValue)
            note(b.name, "transform", a.effectiveTransform.rawValue, b.effectiveTransform.rawValue)
            note(b.name, "clip", numbers(a.clip), numbers(b.clip))
            note(b.name, "edges", numbers(a.edges), numbers(b.edges))
            let ea = old.encoding.features.first { $0.feature == b.name }, eb = new.encoding.features.first { $0.feature == b.name }
            note(b.name, "reference", ea?.reference ?? "–", eb?.reference ?? "–")
            note(b.name, "levels", (ea?.levels ?? []).joined(separator: ", "), (eb?.levels ?? []).joined(separator: ", "))
            note(b.name, "missing indicator", String(ea?.hasMissingIndicator ?? false), String(eb?.hasMissingIndicator ?? false))
            note(b.name, "fill", ea?.fill.map { "\($0)" } ?? "–", eb?.fill.map { "\($0)" } ?? "–")
        }
        return changes
    }
}
