/// The selection rule a fairness report evaluates: who the model would pick from the given data.
public enum SelectionRule: Sendable, Equatable {
    /// The top `fraction` of rows by score (`k = round(fraction · n)`).
    case topFraction(Double)
    /// The top `k` rows by score.
    case topK(Int)

    /// The number of rows selected out of `n`.
    public func count(of n: Int) -> Int {
        switch self {
        case .topFraction(let f): return min(n, max(0, Int((f * Double(n)).rounded())))
        case .topK(let k): return min(n, max(0, k))
        }
    }
}

/// The parity the ethics board treats as primary; the others are reported as secondary.
///
/// Recall parity is the default because the top-k allocation literature (Rodolfa, Lamba & Ghani 2021)
/// recommends it when capacity is fixed: each group's violating firms should be equally likely to be found.
public enum FairnessCriterion: String, Codable, Sendable, CaseIterable {
    case recall, precision, calibration
}

/// Thresholds and settings of a fairness analysis, with the defaults the report documents.
public struct FairnessOptions: Sendable, Equatable {
    public var rule: SelectionRule
    public var criterion: FairnessCriterion = .recall
    /// Below this many units in a group (in the rows of the primary estimand) the verdict is `insufficient`.
    public var minUnits = 30
    /// Below this many violations in a group (in the rows of the primary estimand) the verdict is `insufficient`.
    public var minEvents = 5
    /// Bootstrap resamples for the AUC interval.
    public var bootstrap = 200
    /// The tolerance band on the primary metric's ratio to the rest of the population (Aequitas' τ = 0.8
    /// rule, [0.8, 1.25]): `pass` when the adjusted interval lies inside it, `flag` when wholly outside.
    public var bandLow = 0.8
    public var bandHigh = 1.25
    /// Family-wise confidence level of the verdict intervals of one grouping (Bonferroni over its judged groups).
    public var confidence = 0.95
    /// `1 − confidence`: the family-wise error rate.
    public var alpha: Double { 1 - confidence }
    /// Seed for the bootstrap and the tie-break.
    public var seed: UInt64 = TieBreak.defaultSeed
    public var threads = 1

    public init(rule: SelectionRule) { self.rule = rule }
}
