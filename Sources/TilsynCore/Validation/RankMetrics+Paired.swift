import Foundation

extension RankMetrics {
    /// The difference of two scores' AUCs on the same rows, `AUC_b − AUC_a`, with DeLong's paired
    /// standard error, or `nil` without both outcomes.
    ///
    /// The two AUCs share their rows, so their errors are correlated; DeLong, DeLong & Clarke-Pearson (1988)
    /// take the covariance of the structural components into account:
    /// ```
    /// Var(Δ) = (S10_aa + S10_bb − 2·S10_ab)/m + (S01_aa + S01_bb − 2·S01_ab)/n
    /// ```
    /// with `S10` the covariance matrix of the positives' components `V10` and `S01` that of the
    /// negatives' `V01` (see ``auc(scores:labels:)``).
    /// - Returns: `(difference, standardError)`.
    public static func pairedAUCDifference(_ a: [Double], _ b: [Double], labels: [Double]) -> (difference: Double, se: Double)? {
        precondition(a.count == labels.count && b.count == labels.count, "one label per score")
        func components(_ scores: [Double]) -> (v10: [Double], v01: [Double])? {
            let positives = scores.indices.filter { labels[$0] == 1 }.map { scores[$0] }
            let negatives = scores.indices.filter { labels[$0] != 1 }.map { scores[$0] }
            let m = positives.count, n = negatives.count
            guard m > 0, n > 0 else { return nil }
            let all = midranks(positives + negatives), pos = midranks(positives), neg = midranks(negatives)
            return ((0..<m).map { (all[$0] - pos[$0]) / Double(n) }, (0..<n).map { 1 - (all[m + $0] - neg[$0]) / Double(m) })
        }
        guard let ca = components(a), let cb = components(b) else { return nil }
        func covariance(_ x: [Double], _ y: [Double]) -> Double {
            guard x.count > 1 else { return 0 }
            let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
            var s = 0.0
            for i in x.indices { s += (x[i] - mx) * (y[i] - my) }
            return s / Double(x.count - 1)
        }
        let m = Double(ca.v10.count), n = Double(ca.v01.count)
        let aucA = ca.v10.reduce(0, +) / m, aucB = cb.v10.reduce(0, +) / m
        let v10 = covariance(ca.v10, ca.v10) + covariance(cb.v10, cb.v10) - 2 * covariance(ca.v10, cb.v10)
        let v01 = covariance(ca.v01, ca.v01) + covariance(cb.v01, cb.v01) - 2 * covariance(ca.v01, cb.v01)
        return (aucB - aucA, max(0, v10 / m + v01 / n).squareRoot())
    }
}
