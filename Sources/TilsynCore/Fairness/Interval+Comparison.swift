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

    /// The `q` quantile of the standard normal (0 < q < 1): Acklam's rational approximation refined by one
    /// Halley step on `erfc`, accurate to about 1e-15 — what scipy's `norm.ppf` gives.
    ///
    /// Needed for intervals at other levels than 95 %, e.g. the Bonferroni-adjusted `1 − α/(2m)` point.
    public static func normalQuantile(_ q: Double) -> Double {
        precondition(q > 0 && q < 1, "normalQuantile: q must be in (0, 1)")
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if q < low {
            let t = (-2 * log(q)).squareRoot()
            x = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1)
        } else if q <= 1 - low {
            let u = q - 0.5, r = u * u
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let t = (-2 * log(1 - q)).squareRoot()
            x = -(((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1)
        }
        // Halley refinement: e = Φ(x) − q with Φ(x) = erfc(−x/√2)/2.
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - q
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// The smallest ratio `r > 1` of a proportion a group could detect against the rest of the population
    /// with 80% power at two-sided α = 0.05, by the normal approximation to the log ratio:
    ///
    /// ```
    /// se = √((1−p₀)/(p₀·m) + (1−p₀)/(p₀·M)),   r = exp((z₀.₉₇₅ + z₀.₈₀)·se)
    /// ```
    /// `p₀` is the overall proportion, `m` the group's denominator, `M` the rest's. It ignores the
    /// multiple-testing correction, so it is optimistic: a real disparity must be at least this large.
    public static func minimumDetectableRatio(overall p0: Double, groupDenominator m: Int, overallDenominator total: Int) -> Double? {
        guard p0 > 0, p0 < 1, m > 0, total > 0 else { return nil }
        let se = ((1 - p0) / (p0 * Double(m)) + (1 - p0) / (p0 * Double(total))).squareRoot()
        return exp((z + zPower80) * se)
    }
}

/// Multiple-testing corrections.
public enum MultipleTesting {
    /// Bonferroni-adjusted p-values `min(1, m·p)`, in the order of `pValues` (statsmodels'
    /// `multipletests(method="bonferroni")`). Its rejections are exactly the tests whose
    /// `1 − α/m` interval excludes the null, which is why the verdicts use it: the adjusted p-value and
    /// the printed adjusted interval can never disagree.
    public static func bonferroni(_ pValues: [Double]) -> [Double] {
        pValues.map { min(1, Double(pValues.count) * $0) }
    }

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
