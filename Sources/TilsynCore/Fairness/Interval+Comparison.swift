import Foundation

extension Interval {
    /// The 80th percentile of the standard normal: the power term of the minimum detectable ratio.
    public static let zPower80 = 0.8416212335729143

    /// Newcombe's hybrid score interval (method 10) for `a/n₁ − c/n₂`, built from the two Wilson
    /// intervals; `nil` when a denominator is 0.
    ///
    /// ```
    /// d = p₁ − p₂,  L = d − √((p₁−l₁)² + (u₂−p₂)²),  U = d + √((u₁−p₁)² + (p₂−l₂)²)
    /// ```
    /// Chosen over Wald because it keeps sensible coverage when a group's rate is 0 or 1.
    public static func newcombeDifference(a: Int, n1: Int, c: Int, n2: Int) -> (difference: Double, low: Double, high: Double)? {
        guard let w1 = wilson(successes: a, trials: n1), let w2 = wilson(successes: c, trials: n2) else { return nil }
        let p1 = Double(a) / Double(n1), p2 = Double(c) / Double(n2)
        let d = p1 - p2
        let low = d - ((p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2)).squareRoot()
        let high = d + ((w1.high - p1) * (w1.high - p1) + (p2 - w2.low) * (p2 - w2.low)).squareRoot()
        return (d, low, high)
    }

    /// Two-sided p-value of a standard normal statistic.
    public static func twoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// The smallest ratio `r > 1` of a proportion a group could detect against the overall value with
    /// 80% power at two-sided α = 0.05, by the normal approximation to the log ratio:
    ///
    /// ```
    /// se = √((1−p₀)/(p₀·m) + (1−p₀)/(p₀·M)),   r = exp((z₀.₉₇₅ + z₀.₈₀)·se)
    /// ```
    /// `p₀` is the overall proportion, `m` the group's denominator, `M` the overall one. It ignores the
    /// multiple-testing correction, so it is optimistic: a real disparity must be at least this large.
    public static func minimumDetectableRatio(overall p0: Double, groupDenominator m: Int, overallDenominator total: Int) -> Double? {
        guard p0 > 0, p0 < 1, m > 0, total > 0 else { return nil }
        let se = ((1 - p0) / (p0 * Double(m)) + (1 - p0) / (p0 * Double(total))).squareRoot()
        return exp((z + zPower80) * se)
    }
}

/// Multiple-testing corrections.
public enum MultipleTesting {
    /// Holm's step-down adjusted p-values (family-wise error control without independence
    /// assumptions), in the order of `pValues`.
    ///
    /// Sorted ascending, `p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎)`.
    public static func holm(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (i, index) in order.enumerated() {
            running = max(running, min(1, Double(m - i) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
