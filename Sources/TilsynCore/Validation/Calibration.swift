import Foundation
import TilsynNumerics

/// How well predicted probabilities match observed rates in new data.
public enum Calibration {
    /// Logistic recalibration `logit P(y=1) = a + b·logit(p)` fitted by IRLS; `nil` if it cannot be fitted.
    ///
    /// `b` (the calibration slope) below 1 means predictions are too extreme (overfitting), above 1 too
    /// timid; `a` is the intercept of the same fit. Intervals are Wald intervals from the fit's standard
    /// errors.
    public static func recalibration(logOdds: [Double], labels: [Double]) -> (intercept: Estimate, slope: Estimate)? {
        let n = logOdds.count
        var storage = [Double](repeating: 1, count: 2 * n)
        for i in 0..<n { storage[n + i] = logOdds[i] }
        var options = LogisticFitOptions()
        options.threads = 1
        guard let fit = try? LogisticRegression.fit(design: Matrix(rows: n, columns: 2, columnMajor: storage), labels: labels, options: options) else {
            return nil
        }
        func estimate(_ j: Int) -> Estimate {
            let b = fit.coefficients[j]
            let se = fit.standardError(j)
            return Estimate(value: b, ciLow: se.map { b - Interval.z * $0 }, ciHigh: se.map { b + Interval.z * $0 },
                            estimand: "among_inspected", method: "Wald, logistic recalibration y ~ 1 + logit(p)")
        }
        return (estimate(0), estimate(1))
    }

    /// Calibration-in-the-large: `a` in `logit P(y=1) = a + logit(p)` (slope fixed at 1), by Newton's method.
    ///
    /// 0 means the predictions are right on average; positive means they are too low. A scalar problem,
    /// so it is solved here directly: score `Σ(y−μ)`, information `Σμ(1−μ)`, SE `1/√information`.
    public static func inTheLarge(logOdds: [Double], labels: [Double]) -> Estimate? {
        var a = 0.0
        var information = 0.0
        for _ in 0..<50 {
            var score = 0.0
            information = 0
            for (eta, y) in zip(logOdds, labels) {
                let mu = Scorer.logistic(a + eta)
                score += y - mu
                information += mu * (1 - mu)
            }
            guard information > 0 else { return nil }
            let step = score / information
            a += step
            if abs(step) < 1e-13 { break }
        }
        guard a.isFinite else { return nil }
        let se = 1 / information.squareRoot()
        return Estimate(value: a, ciLow: a - Interval.z * se, ciHigh: a + Interval.z * se,
                        estimand: "among_inspected", method: "Wald, logistic y ~ offset(logit(p)) + 1")
    }

    /// One bin of a reliability table.
    public struct Bin: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var n: Int
        public var meanPredicted: Double?
        public var events: Int
        public var observedRate: Double?
        public var ciLow: Double?
        public var ciHigh: Double?

        enum CodingKeys: String, CodingKey {
            case lower, upper, n, events
            case meanPredicted = "mean_predicted"
            case observedRate = "observed_rate"
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
        }
    }

    /// Ten equal-width bins of predicted probability, each with its observed rate and Wilson interval.
    ///
    /// A prediction `p` goes to the bin whose upper edge is the first edge `≥ p` among `0.1·1 … 0.1·9`
    /// (edges as numpy's `linspace(0, 1, 11)` makes them), i.e. bins are `(lo, hi]`, the first `[0, 0.1]` —
    /// the rule of scikit-learn's `calibration_curve(strategy="uniform")`. Empty bins are kept with `n = 0`.
    public static func reliability(probability: [Double], labels: [Double], bins: Int = 10) -> [Bin] {
        let step = 1.0 / Double(bins)
        let inner = (1..<bins).map { Double($0) * step }
        var n = [Int](repeating: 0, count: bins), events = [Int](repeating: 0, count: bins)
        var sum = [Double](repeating: 0, count: bins)
        for (p, y) in zip(probability, labels) {
            var b = 0
            while b < inner.count && inner[b] < p { b += 1 }
            n[b] += 1
            sum[b] += p
            if y == 1 { events[b] += 1 }
        }
        return (0..<bins).map { b in
            let ci = Interval.wilson(successes: events[b], trials: n[b])
            return Bin(lower: b == 0 ? 0 : inner[b - 1], upper: b == bins - 1 ? 1 : inner[b], n: n[b],
                       meanPredicted: n[b] > 0 ? sum[b] / Double(n[b]) : nil, events: events[b],
                       observedRate: n[b] > 0 ? Double(events[b]) / Double(n[b]) : nil, ciLow: ci?.low, ciHigh: ci?.high)
        }
    }
}
