import Foundation

/// Population stability of every model feature between the training data and a register snapshot ⚖.
///
/// A model is only as good as the resemblance between the units it scores and the units it learned from;
/// the board reviews this before renewing an approval. Bins come from the baseline (see ``DriftBinning``).
public struct DriftReport: Codable, Sendable, Equatable {
    public static let formatIdentifier = "tilsyn.drift/1"

    public var format = DriftReport.formatIdentifier
    public var model: ModelIdentity
    public var baseline: Source
    public var register: Source
    /// Requested quantile bins for numeric features (fewer when the baseline has ties).
    public var bins: Int
    public var floor: Double
    public var thresholds: Thresholds
    /// One entry per spec feature, in spec order.
    public var features: [FeatureDrift]

    public struct ModelIdentity: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var fingerprint: String
    }

    /// A data file compared: its name, digest and row count.
    public struct Source: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        public var rows: Int
        public init(file: String, sha256: String, rows: Int) {
            self.file = file
            self.sha256 = sha256
            self.rows = rows
        }
    }

    public struct Thresholds: Codable, Sendable, Equatable {
        public var moderate = PopulationStability.moderateThreshold
        public var major = PopulationStability.majorThreshold
    }

    public struct FeatureDrift: Codable, Sendable, Equatable {
        public var feature: String
        public var type: FeatureSpec.Kind
        public var psi: Double
        public var level: PopulationStability.Level
        public var bins: [Bin]
    }

    /// One bin: counts and shares on both sides and its term of the sum.
    public struct Bin: Codable, Sendable, Equatable {
        public var label: String
        public var baselineCount: Int
        public var registerCount: Int
        public var baselineShare: Double
        public var registerShare: Double
        public var contribution: Double

        enum CodingKeys: String, CodingKey {
            case label, contribution
            case baselineCount = "baseline_count"
            case registerCount = "register_count"
            case baselineShare = "baseline_share"
            case registerShare = "register_share"
        }
    }

    /// The features at or above a level, largest PSI first.
    public func flagged(atLeast level: PopulationStability.Level = .moderate) -> [FeatureDrift] {
        let rank: [PopulationStability.Level: Int] = [.stable: 0, .moderate: 1, .major: 2]
        return features.filter { (rank[$0.level] ?? 0) >= (rank[level] ?? 0) }.sorted { $0.psi > $1.psi }
    }
}

extension DriftReport {
    /// Compares the model's features in `baseline` (the training file) and `register`.
    ///
    /// - Parameters:
    ///   - bins: quantile bins for numeric features, 2 to 100.
    ///   - floor: the share used for empty bins in the logarithm.
    /// - Throws: ``DataError`` when a feature column is missing or has the wrong kind in either table.
    public static func build(model: FittedModel, baseline: DataTable, baselineSource: Source, register: DataTable, registerSource: Source,
                             bins: Int = 10, floor: Double = PopulationStability.defaultFloor) throws(DataError) -> DriftReport {
        var features: [FeatureDrift] = []
        for f in model.spec.features {
            let labels: [String], b: [Int], r: [Int]
            switch f.type {
            case .numeric:
                let base = try baseline.numeric(f.name)
                let cuts = DriftBinning.quantileCuts(base.filter { !$0.isNaN }.map { DesignEncoder.clipped($0, f) }.sorted(), bins: bins)
                labels = DriftBinning.labels(cuts: cuts) + [DriftBinning.missingLabel]
                b = DriftBinning.countNumeric(base, cuts: cuts, feature: f)
                r = DriftBinning.countNumeric(try register.numeric(f.name), cuts: cuts, feature: f)
            case .binned:
                let edges = f.edges ?? []
                labels = FeatureEncoding.binLabels(edges) + [DriftBinning.outsideLabel, DriftBinning.missingLabel]
                b = DriftBinning.countBinned(try baseline.numeric(f.name), edges: edges, feature: f)
                r = DriftBinning.countBinned(try register.numeric(f.name), edges: edges, feature: f)
            case .categorical:
                let base = try baseline.categorical(f.name)
                let used = Set(base.codes.filter { $0 >= 0 })
                let levels = base.levels.enumerated().filter { used.contains(Int32($0.offset)) }.map(\.element).sorted(by: utf8Less)
                labels = levels + [DriftBinning.unseenLabel, DriftBinning.missingLabel]
                b = DriftBinning.countCategorical(base, levels: levels)
                r = DriftBinning.countCategorical(try register.categorical(f.name), levels: levels)
            }
            features.append(feature(f, labels: labels, baseline: b, register: r, floor: floor))
        }
        return DriftReport(
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint),
            baseline: baselineSource, register: registerSource, bins: bins, floor: floor, thresholds: .init(), features: features)
    }

    /// One feature's entry; bins empty on both sides (no missing values anywhere, say) are dropped, as
    /// their term is exactly zero and they only clutter the table.
    static func feature(_ f: FeatureSpec, labels: [String], baseline: [Int], register: [Int], floor: Double) -> FeatureDrift {
        let pb = PopulationStability.shares(baseline), pr = PopulationStability.shares(register)
        var out: [Bin] = []
        for i in labels.indices where baseline[i] > 0 || register[i] > 0 {
            out.append(Bin(label: labels[i], baselineCount: baseline[i], registerCount: register[i], baselineShare: pb[i], registerShare: pr[i],
                           contribution: PopulationStability.term(baseline: pb[i], register: pr[i], floor: floor)))
        }
        let psi = out.reduce(0) { $0 + $1.contribution }
        return FeatureDrift(feature: f.name, type: f.type, psi: psi, level: PopulationStability.level(psi), bins: out)
    }
}
