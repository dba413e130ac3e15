/// AUC of one group with a percentile-bootstrap interval, resampling within the group.
///
/// Positives and negatives are resampled separately (stratified by outcome within the group), so every
/// resample has both classes and none fails: fairlearn's whole-data bootstrap breaks when a resample
/// lacks a group (fairlearn issue #1441). The group's rows are sorted once; each resample is a vector of
/// multiplicities, and the AUC is one pass over the sorted rows (ties count ½, as in Mann–Whitney), so
/// 200 resamples cost 200 linear passes, not 200 sorts.
public enum GroupAUC {
    public struct Result: Sendable {
        public var auc: Double
        public var low: Double
        public var high: Double
    }

    /// `nil` when the group has no positives or no negatives.
    public static func bootstrap(probability: [Double], labels: [Double], rows: [Int], resamples: Int, seed: UInt64) -> Result? {
        let sorted = rows.sorted { probability[$0] < probability[$1] }
        var isPositive = [Bool](repeating: false, count: sorted.count)
        var slot = [Int](repeating: 0, count: sorted.count)
        var nPos = 0, nNeg = 0
        for (i, r) in sorted.enumerated() {
            if labels[r] == 1 { isPositive[i] = true; slot[i] = nPos; nPos += 1 } else { slot[i] = nNeg; nNeg += 1 }
        }
        guard nPos > 0, nNeg > 0 else { return nil }
        let scores = sorted.map { probability[$0] }
        func auc(_ wPos: [Int]?, _ wNeg: [Int]?) -> Double {
            var negBelow = 0.0, numerator = 0.0, i = 0
            while i < scores.count {
                var j = i, tiedPos = 0.0, tiedNeg = 0.0
                while true {
                    if isPositive[j] { tiedPos += Double(wPos?[slot[j]] ?? 1) } else { tiedNeg += Double(wNeg?[slot[j]] ?? 1) }
                    if j + 1 < scores.count && scores[j + 1] == scores[i] { j += 1 } else { break }
                }
                numerator += tiedPos * (negBelow + 0.5 * tiedNeg)
                negBelow += tiedNeg
                i = j + 1
            }
            return numerator / (Double(nPos) * Double(nNeg))
        }
        let point = auc(nil, nil)
        guard resamples > 0 else { return Result(auc: point, low: point, high: point) }
        var rng = SeededRandom(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var wPos = [Int](repeating: 0, count: nPos), wNeg = [Int](repeating: 0, count: nNeg)
        for _ in 0..<resamples {
            for k in 0..<nPos { wPos[k] = 0 }
            for k in 0..<nNeg { wNeg[k] = 0 }
            for _ in 0..<nPos { wPos[rng.below(nPos)] += 1 }
            for _ in 0..<nNeg { wNeg[rng.below(nNeg)] += 1 }
            values.append(auc(wPos, wNeg))
        }
        values.sort()
        // Percentiles by linear interpolation (numpy's default); widened to include the point estimate,
        // which a percentile interval can miss in very skewed small groups.
        func quantile(_ q: Double) -> Double {
            let h = q * Double(values.count - 1)
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, values.count - 1)
            return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
        }
        return Result(auc: point, low: min(point, quantile(0.025)), high: max(point, quantile(0.975)))
    }
}
