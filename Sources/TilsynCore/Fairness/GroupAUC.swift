/// AUC of one group with a percentile-bootstrap interval, resampling within the group.
///
/// Positives and negatives are resampled separately (stratified by outcome within the group), so every
/// resample has both classes and none fails: fairlearn's whole-data bootstrap breaks when a resample
/// lacks a group (fairlearn issue #1441). The group's rows are sorted once; each resample is a vector of
/// multiplicities over the sorted rows, and its AUC is one pass over them (ties count ½, as in
/// Mann–Whitney), so 200 resamples cost 200 linear passes, not 200 sorts.
///
/// The draws are `SeededRandom(seed:)`'s `below(nPos)` for each positive then `below(nNeg)` for each
/// negative, per resample, with positives and negatives listed in ascending-probability order; the seed is
/// `TieBreak.key(seed, grouping + "\u{1f}" + group)` (its `TieBreak.mix` for the population rows).
/// `Tests/TilsynCoreTests/Fixtures/reference/rng.py` re-implements the generator in Python, and
/// `fairness_inference_reference.py` reproduces every interval with numpy.
public enum GroupAUC {
    public struct Result: Sendable, Equatable {
        public var auc: Double
        public var low: Double
        public var high: Double
    }

    /// `nil` when the group has no positives or no negatives.
    public static func bootstrap(probability: [Double], labels: [Double], rows: [Int], resamples: Int, seed: UInt64) -> Result? {
        let sorted = rows.sorted { probability[$0] < probability[$1] }
        let m = sorted.count
        var isPositive = [Bool](repeating: false, count: m)
        var positivePositions: [Int32] = [], negativePositions: [Int32] = []
        // blockEnd[i] = last sorted position with the same score as i (ties), only read at block starts.
        var blockEnd = [Int32](repeating: 0, count: m)
        var hasTies = false
        for (i, r) in sorted.enumerated() {
            if labels[r] == 1 { isPositive[i] = true; positivePositions.append(Int32(i)) } else { negativePositions.append(Int32(i)) }
        }
        guard !positivePositions.isEmpty, !negativePositions.isEmpty else { return nil }
        var i = m - 1
        while i >= 0 {
            blockEnd[i] = (i + 1 < m && probability[sorted[i + 1]] == probability[sorted[i]]) ? blockEnd[i + 1] : Int32(i)
            if blockEnd[i] != Int32(i) { hasTies = true }
            i -= 1
        }
        let nPos = positivePositions.count, nNeg = negativePositions.count
        var weights = [Int32](repeating: 1, count: m)
        func auc() -> Double {
            weights.withUnsafeBufferPointer { w in
                isPositive.withUnsafeBufferPointer { pos in
                    var negBelow = 0.0, numerator = 0.0
                    if !hasTies {
                        for i in 0..<m {
                            let wi = Double(w[i])
                            if pos[i] { numerator += wi * negBelow } else { negBelow += wi }
                        }
                    } else {
                        blockEnd.withUnsafeBufferPointer { end in
                            var i = 0
                            while i < m {
                                let last = Int(end[i])
                                var tiedPos = 0.0, tiedNeg = 0.0
                                for j in i...last { if pos[j] { tiedPos += Double(w[j]) } else { tiedNeg += Double(w[j]) } }
                                numerator += tiedPos * (negBelow + 0.5 * tiedNeg)
                                negBelow += tiedNeg
                                i = last + 1
                            }
                        }
                    }
                    return numerator / (Double(nPos) * Double(nNeg))
                }
            }
        }
        let point = auc()
        guard resamples > 0 else { return Result(auc: point, low: point, high: point) }
        var rng = SeededRandom(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            weights.withUnsafeMutableBufferPointer { w in
                for k in 0..<m { w[k] = 0 }
                positivePositions.withUnsafeBufferPointer { p in for _ in 0..<nPos { w[Int(p[rng.below(nPos)])] += 1 } }
                negativePositions.withUnsafeBufferPointer { p in for _ in 0..<nNeg { w[Int(p[rng.below(nNeg)])] += 1 } }
            }
            values.append(auc())
        }
        values.sort()
        // Percentiles by linear interpolation (numpy's default). Not widened to contain the point: in a
        // small skewed group a percentile interval can miss it, and the report shows that as it is.
        return Result(auc: point, low: Percentile.linear(values, 0.025), high: Percentile.linear(values, 0.975))
    }
}
