import Foundation

/// Discrimination and accuracy of predicted probabilities against 0/1 outcomes.
public enum RankMetrics {
    /// The area under the ROC curve with DeLong's standard error, or `nil` without both outcomes.
    ///
    /// Computed from midranks (Sun & Xu's fast DeLong), which counts tied scores as ½ exactly as the
    /// Mann–Whitney statistic and scikit-learn's `roc_auc_score` do:
    /// ```
    /// V10ᵢ = (r_allᵢ − r_posᵢ)/n   (positives)      V01ⱼ = 1 − (r_allⱼ − r_negⱼ)/m   (negatives)
    /// AUC = mean V10,   Var = s²(V10)/m + s²(V01)/n
    /// ```
    /// The interval is `AUC ± z·√Var`, clipped to [0, 1].
    /// - Returns: `(auc, standardError)`.
    public static func auc(scores: [Double], labels: [Double]) -> (auc: Double, se: Double)? {
        precondition(scores.count == labels.count, "one label per score")
        let positives = scores.indices.filter { labels[$0] == 1 }.map { scores[$0] }
        let negatives = scores.indices.filter { labels[$0] != 1 }.map { scores[$0] }
        let m = positives.count, n = negatives.count
        guard m > 0, n > 0 else { return nil }
        let rankAll = midranks(positives + negatives)
        let rankPos = midranks(positives)
        let rankNeg = midranks(negatives)
        var v10 = [Double](repeating: 0, count: m)
        var v01 = [Double](repeating: 0, count: n)
        for i in 0..<m { v10[i] = (rankAll[i] - rankPos[i]) / Double(n) }
        for j in 0..<n { v01[j] = 1 - (rankAll[m + j] - rankNeg[j]) / Double(m) }
        let auc = v10.reduce(0, +) / Double(m)
        func variance(_ v: [Double]) -> Double {
            guard v.count > 1 else { return 0 }
            let mean = v.reduce(0, +) / Double(v.count)
            return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        }
        let se = (variance(v10) / Double(m) + variance(v01) / Double(n)).squareRoot()
        return (auc, se)
    }

    /// 1-based ranks with ties given the mean of the ranks they span.
    static func midranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// Per-row squared error `(y − p)²`; its mean is the Brier score.
    public static func squaredErrors(probability: [Double], labels: [Double]) -> [Double] {
        zip(probability, labels).map { p, y in (y - p) * (y - p) }
    }

    /// Per-row log loss `−y·log p − (1−y)·log(1−p)`, with `p` clipped to `[ε, 1−ε]` (ε = machine epsilon)
    /// as scikit-learn's `log_loss` does, so a confident miss costs a large number instead of infinity.
    public static func logLosses(probability: [Double], labels: [Double]) -> [Double] {
        let eps = Double.ulpOfOne
        return zip(probability, labels).map { p, y in
            let q = min(max(p, eps), 1 - eps)
            return y == 1 ? -log(q) : -log(1 - q)
        }
    }
}
