import Foundation

/// An estimate with its 95% confidence interval and what it estimates ⚖ (as in DESIGN §8).
public struct Estimate: Codable, Sendable, Equatable {
    public var value: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    /// `among_inspected` (all evaluation inspections, whichever channel chose them), `population`
    /// (random-audit inspections only: an unbiased sample of eligible units), or `risk_vs_random`.
    public var estimand: String
    /// How the interval was computed.
    public var method: String

    enum CodingKeys: String, CodingKey {
        case value, estimand, method
        case ciLow = "ci_low"
        case ciHigh = "ci_high"
    }

    public init(value: Double?, ciLow: Double?, ciHigh: Double?, estimand: String, method: String) {
        self.value = value
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.estimand = estimand
        self.method = method
    }
}

/// Confidence intervals for proportions, ratios and means (95%, two-sided).
public enum Interval {
    /// The 97.5% point of the standard normal.
    public static let z = 1.959963984540054

    /// Wilson score interval for `successes` out of `trials`; `nil` for no trials.
    ///
    /// ```
    /// centre = (p̂ + z²/2n) / (1 + z²/n),   half = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)
    /// ```
    /// Chosen over the Wald interval because precision at small k and hit rates near 0 are common here,
    /// where Wald collapses to zero width.
    public static func wilson(successes: Int, trials: Int) -> (low: Double, high: Double)? {
        guard trials > 0 else { return nil }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Ratio of two proportions `(a/n₁)/(c/n₂)` with the Katz log interval; `nil` when a count is 0.
    ///
    /// ```
    /// se(log r) = √(1/a − 1/n₁ + 1/c − 1/n₂),   CI = r · exp(±z·se)
    /// ```
    public static func riskRatio(a: Int, n1: Int, c: Int, n2: Int) -> (ratio: Double, low: Double, high: Double)? {
        guard a > 0, c > 0, n1 > 0, n2 > 0 else { return nil }
        let r = (Double(a) / Double(n1)) / (Double(c) / Double(n2))
        let se = (1 / Double(a) - 1 / Double(n1) + 1 / Double(c) - 1 / Double(n2)).squareRoot()
        return (r, r * exp(-z * se), r * exp(z * se))
    }

    /// Mean of per-row values with a normal interval `mean ± z·sd/√n` (Brier score, log loss).
    public static func mean(_ values: [Double]) -> Estimate? {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return Estimate(value: mean, ciLow: nil, ciHigh: nil, estimand: "among_inspected", method: "normal") }
        var ss = 0.0
        for v in values { ss += (v - mean) * (v - mean) }
        let se = (ss / (n - 1) / n).squareRoot()
        return Estimate(value: mean, ciLow: mean - z * se, ciHigh: mean + z * se, estimand: "among_inspected", method: "normal approximation to the mean")
    }
}
