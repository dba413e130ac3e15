import Foundation

/// The ratio of two independent proportions with its score interval and score-test p-value.
public struct RiskRatio: Sendable, Equatable {
    /// `(a/n₁)/(c/n₂)`; `0` when `a = 0`; `nil` when `c = 0` (the ratio is unbounded).
    public var ratio: Double?
    /// The lower limit; exactly `0` when `a = 0`.
    public var low: Double
    /// The upper limit; `nil` when `c = 0`: no finite value is excluded.
    public var high: Double?
    /// Two-sided p-value of ratio = 1 by the same score test the interval inverts; `nil` when every unit
    /// on both sides is a hit (the pooled proportion is 1 and the statistic is 0/0).
    public var pValue: Double?
}

extension Interval {
    /// Miettinen–Nurminen score interval for the ratio `(a/n₁)/(c/n₂)` of two independent proportions;
    /// `nil` when a side has no units or neither side has a hit.
    ///
    /// The interval is every null ratio `R` the score test does not reject at level `alpha`:
    /// ```
    /// T(R) = (p₁ − R·p₂) / √V(R),   V(R) = [p̃₁(1−p̃₁)/n₁ + R²·p̃₂(1−p̃₂)/n₂] · N/(N−1),   N = n₁ + n₂
    /// p̃₂ = 2X / (−B + √(B² − 4·N·R·X)),   B = −(n₁R + a + n₂ + cR),   X = a + c,   p̃₁ = R·p̃₂
    /// ```
    /// (p̃ is the maximum-likelihood estimate of the two proportions under ratio `R`, written in the form
    /// that does not cancel when p̃₂ is small), `T` falls as `R` grows, and the limits solve `T(R) = ±z`,
    /// `z = Φ⁻¹(1 − α/2)`, by bisection on log R to machine precision.
    ///
    /// Chosen over the Katz log interval `r·exp(±z·√(1/a − 1/n₁ + 1/c − 1/n₂))`, which this replaced:
    /// Katz's variance vanishes when a count equals its total (a group whose one violation was found
    /// reported recall ratio 3,58 [3,04; 4,21]) and is undefined at a count of 0. The score interval stays
    /// honest there: `a = n₁` gives a wide interval, `a = 0` gives `[0, U]` with a finite `U`, and `c = 0`
    /// has no upper limit (`high = nil`).
    ///
    /// It is what statsmodels 0.15 computes by inverting `test_proportions_2indep(a, n₁, c, n₂, value=R,
    /// compare="ratio", method="score", correction=True)` (its `_score_confint_inversion`), checked to
    /// 1e-10 in `FairnessInferenceReferenceTests`. It is *not* `confint_proportions_2indep(compare="ratio",
    /// method="score")`: that uses Koopman's closed-form cubic, which equals this interval inside the
    /// range but picks the wrong roots at the boundaries (statsmodels gives [2,80; 3,01] for 1 of 1
    /// against 500 of 1400, an interval that cannot be true for one unit).
    /// - Parameters:
    ///   - a: hits in the first sample (the group), `0 ≤ a ≤ n1`.
    ///   - c: hits in the second sample (the rest), `0 ≤ c ≤ n2`.
    ///   - alpha: two-sided level, `0 < alpha < 1`; a Bonferroni-adjusted interval passes `α/m`.
    public static func riskRatio(a: Int, n1: Int, c: Int, n2: Int, alpha: Double = 0.05) -> RiskRatio? {
        guard n1 > 0, n2 > 0, a + c > 0, (0...n1).contains(a), (0...n2).contains(c) else { return nil }
        let score = RatioScore(a: a, n1: n1, c: c, n2: n2)
        let z = normalQuantile(1 - alpha / 2)
        let p1 = Double(a) / Double(n1), p2 = Double(c) / Double(n2)
        let ratio: Double? = c > 0 ? p1 / p2 : nil
        // Bisection starts at the estimate, where T = 0 by definition (not evaluated: at a = n₁, c = n₂
        // V is 0 there); without a finite positive estimate it starts at 1.
        let start = ratio.flatMap { $0 > 0 ? $0 : nil } ?? 1
        let startT = ratio.flatMap { $0 > 0 ? 0.0 : nil }
        let low = a == 0 ? 0 : score.solve(z, from: start, startT: startT)
        let high = c == 0 ? nil : score.solve(-z, from: start, startT: startT)
        let pooledT = score.statistic(1)
        return RiskRatio(ratio: ratio, low: low, high: high, pValue: pooledT.isFinite ? twoSidedP(pooledT) : nil)
    }
}

/// The Miettinen–Nurminen score statistic of one 2×2 table as a function of the null ratio.
struct RatioScore {
    let a: Double, n1: Double, c: Double, n2: Double

    init(a: Int, n1: Int, c: Int, n2: Int) {
        self.a = Double(a)
        self.n1 = Double(n1)
        self.c = Double(c)
        self.n2 = Double(n2)
    }

    /// `T(R)` (see ``Interval/riskRatio(a:n1:c:n2:alpha:)``); NaN where `V(R) = 0`.
    func statistic(_ r: Double) -> Double {
        let n = n1 + n2, x = a + c
        let q2: Double
        if r == 1 {
            q2 = x / n  // the pooled proportion, which the quadratic's smaller root equals at R = 1
        } else {
            let b = -(n1 * r + a + n2 + c * r)
            q2 = 2 * x / (-b + max(0, b * b - 4 * n * r * x).squareRoot())
        }
        let q1 = r * q2
        let variance = (q1 * (1 - q1) / n1 + r * r * q2 * (1 - q2) / n2) * n / (n - 1)
        return (a / n1 - r * c / n2) / variance.squareRoot()
    }

    /// The `R` where `T(R) = target`, searching outwards from `start` by doubling or halving until the
    /// root is bracketed, then bisecting in log R until the bracket is one ulp wide.
    /// - Parameter startT: `T(start)` when known without evaluating it (0 at the estimate).
    func solve(_ target: Double, from start: Double, startT: Double?) -> Double {
        // T decreases in R: above the root T > target.
        var lo = start, hi = start
        if (startT ?? statistic(start)) > target {
            hi = start * 2
            while statistic(hi) > target {
                lo = hi
                hi *= 2
                if hi > 1e300 { return .infinity }
            }
        } else {
            lo = start / 2
            while !(statistic(lo) > target) {
                hi = lo
                lo /= 2
                if lo < 1e-300 { return 0 }
            }
        }
        for _ in 0..<200 {
            let mid = (lo * hi).squareRoot()
            guard mid > lo, mid < hi else { break }
            if statistic(mid) > target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
