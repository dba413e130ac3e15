import Foundation

/// The model's own lift ⚖: among random-audit inspections of the evaluation period, the violation rate of
/// the units the model ranks in its top fraction over the violation rate of the whole random arm.
///
/// Only the random arm can answer "how much better than chance does *this* model pick?": its units were
/// drawn without regard to any score, so they are a sample of the eligible population, and ranking them by
/// the model mimics the list on that sample. (The history's risk channel against its random channel
/// measures what the *earlier* selection achieved; that ratio is reported apart, as
/// `historical_channel_lift`.)
///
/// ```
/// k = max(1, round(f · n)),   lift = (hits in the first k / k) / (violations / n)
/// ```
/// over the `n` random-arm rows in the model's rank order (log-odds descending, ties by ``TieBreak``).
///
/// The interval is a percentile bootstrap over the random arm: each resample draws `n` rows with
/// replacement as multiplicities over the ranked rows (so a duplicated row keeps its place in the order),
/// takes the first `k` drawn rows from the top, and recomputes the ratio; resamples without a violation
/// have no ratio and are dropped (counted in ``Result/dropped``). The draws are
/// `SeededRandom(seed: seed, stream: ModelLift.stream).below(n)`, `n` per resample, resamples in order —
/// xoshiro256** seeded by SplitMix64 and Lemire's bounded integers, which
/// `Tests/TilsynCoreTests/Fixtures/reference/rng.py` re-implements with Python integers, so a numpy script
/// reproduces the interval draw for draw (`model_lift_reference.py`).
public enum ModelLift {
    /// The bootstrap's stream for a given seed ("LIFT"), so it does not share draws with other users of the seed.
    public static let stream: UInt64 = 0x4C49_4654

    public struct Result: Sendable, Equatable {
        public var value: Double?
        public var low: Double?
        public var high: Double?
        public var k: Int
        public var hits: Int
        public var rows: Int
        public var events: Int
        /// Resamples without a violation (no ratio).
        public var dropped: Int
    }

    /// - Parameters:
    ///   - rankedLabels: the random arm's outcomes in the model's rank order, best-ranked first.
    ///   - topFraction: the share of the arm that counts as "selected" (0 < f ≤ 1).
    ///   - resamples: bootstrap resamples (0: no interval).
    public static func estimate(rankedLabels: [Bool], topFraction: Double, resamples: Int, seed: UInt64) -> Result {
        let n = rankedLabels.count
        let events = rankedLabels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard n > 0 else { return Result(value: nil, low: nil, high: nil, k: 0, hits: 0, rows: 0, events: 0, dropped: 0) }
        let k = topCount(fraction: topFraction, of: n)
        let hits = rankedLabels.prefix(k).reduce(0) { $0 + ($1 ? 1 : 0) }
        let value: Double? = events > 0 ? (Double(hits) / Double(k)) / (Double(events) / Double(n)) : nil
        guard resamples > 0, value != nil else {
            return Result(value: value, low: nil, high: nil, k: k, hits: hits, rows: n, events: events, dropped: 0)
        }
        var rng = SeededRandom(seed: seed, stream: stream)
        var weights = [Int](repeating: 0, count: n)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var dropped = 0
        for _ in 0..<resamples {
            for i in 0..<n { weights[i] = 0 }
            for _ in 0..<n { weights[rng.below(n)] += 1 }
            var remaining = k, topHits = 0, allHits = 0
            for i in 0..<n where weights[i] > 0 {
                if rankedLabels[i] { allHits += weights[i] }
                if remaining > 0 {
                    let take = min(weights[i], remaining)
                    if rankedLabels[i] { topHits += take }
                    remaining -= take
                }
            }
            guard allHits > 0 else { dropped += 1; continue }
            values.append((Double(topHits) / Double(k)) / (Double(allHits) / Double(n)))
        }
        guard !values.isEmpty else { return Result(value: value, low: nil, high: nil, k: k, hits: hits, rows: n, events: events, dropped: dropped) }
        values.sort()
        return Result(value: value, low: Percentile.linear(values, 0.025), high: Percentile.linear(values, 0.975),
                      k: k, hits: hits, rows: n, events: events, dropped: dropped)
    }

    /// `max(1, round(f · n))`, at most `n`.
    public static func topCount(fraction: Double, of n: Int) -> Int {
        min(n, max(1, Int((fraction * Double(n)).rounded(.toNearestOrAwayFromZero))))
    }
}

/// Percentiles of sorted values.
public enum Percentile {
    /// The `q` quantile by linear interpolation between order statistics (numpy's default, `method="linear"`).
    /// - Parameter sorted: ascending, non-empty.
    public static func linear(_ sorted: [Double], _ q: Double) -> Double {
        let h = q * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// How the model lift of a validation is taken.
public struct LiftOptions: Sendable, Equatable {
    /// The top fraction; `nil`: the list's weekly capacity as a share of `registerUnits`.
    public var topFraction: Double?
    /// Units in the register the list draws from.
    public var registerUnits: Int?
    /// The list's weekly capacity (default: the validation's capacity per week).
    public var listCapacity: Int?
    /// Bootstrap resamples for the interval.
    public var resamples = 1000
    /// The top fraction when neither a fraction nor the register size is known.
    public static let fallbackFraction = 0.1

    public init(topFraction: Double? = nil, registerUnits: Int? = nil, listCapacity: Int? = nil, resamples: Int = 1000) {
        self.topFraction = topFraction
        self.registerUnits = registerUnits
        self.listCapacity = listCapacity
        self.resamples = resamples
    }
}

extension ValidationReport.ModelLiftEstimate {
    /// The lift as a plain ``Estimate`` (for comparisons between versions).
    public var asEstimate: Estimate {
        Estimate(value: value, ciLow: ciLow, ciHigh: ciHigh, estimand: estimand, method: method)
    }
}
