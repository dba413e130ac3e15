import Foundation

/// The bins drift is measured over, fixed by the baseline (the training data).
///
/// Numeric features use the baseline's quantiles after the spec's clip. The spec's transform is left out
/// on purpose: it is monotone (identity, log1p, sqrt), so it puts every value in the same bin as the
/// clipped value, and cut points in the register's own units are what a reviewer can read. Cut points are
/// order statistics (no interpolation), deduplicated, so a feature with many ties (most units have no
/// prior notices) gets fewer, honest bins instead of empty ones. Binned features use the model's own
/// edges; categorical features their baseline levels. Missing values, and levels the baseline never had,
/// get their own bins: both are exactly the shifts that break a model quietly.
public enum DriftBinning {
    /// The labels of the special bins, as the report's JSON writes them (pages put them in words).
    public static let missingLabel = "(missing)"
    public static let unseenLabel = "(unseen level)"
    public static let outsideLabel = "(outside edges)"

    /// Cut points `c_1 < … < c_k` from the sorted baseline: bin `j` holds `c_j < x ≤ c_{j+1}`.
    static func quantileCuts(_ sorted: [Double], bins: Int) -> [Double] {
        guard !sorted.isEmpty, bins > 1 else { return [] }
        var cuts: [Double] = []
        for i in 1..<bins {
            let index = max(0, Int((Double(sorted.count) * Double(i) / Double(bins)).rounded(.up)) - 1)
            let c = sorted[min(index, sorted.count - 1)]
            if c < (sorted.last ?? c), cuts.last.map({ c > $0 }) ?? true { cuts.append(c) }
        }
        return cuts
    }

    /// The bin of `x` among `cuts.count + 1` bins.
    static func bin(_ x: Double, cuts: [Double]) -> Int {
        var lo = 0, hi = cuts.count  // first cut ≥ x
        while lo < hi {
            let mid = (lo + hi) / 2
            if cuts[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Labels `≤ c1`, `(c1, c2]`, …, `> ck`.
    static func labels(cuts: [Double]) -> [String] {
        guard !cuts.isEmpty else { return ["all values"] }
        let f = FeatureEncoding.formatNumber
        var labels = ["≤ \(f(cuts[0]))"]
        for (a, b) in zip(cuts, cuts.dropFirst()) { labels.append("(\(f(a)), \(f(b))]") }
        labels.append("> \(f(cuts[cuts.count - 1]))")
        return labels
    }

    /// Counts per bin for numeric values (NaN is missing): the value bins, then the missing bin.
    static func countNumeric(_ values: [Double], cuts: [Double], feature: FeatureSpec) -> [Int] {
        var counts = [Int](repeating: 0, count: cuts.count + 2)
        for x in values {
            if x.isNaN { counts[cuts.count + 1] += 1 } else { counts[bin(DesignEncoder.clipped(x, feature), cuts: cuts)] += 1 }
        }
        return counts
    }

    /// Counts per bin for a binned feature: the model's bins, outside the edges, missing.
    static func countBinned(_ values: [Double], edges: [Double], feature: FeatureSpec) -> [Int] {
        let inside = max(edges.count - 1, 0)
        var counts = [Int](repeating: 0, count: inside + 2)
        for x in values {
            if x.isNaN { counts[inside + 1] += 1 } else if let b = DesignEncoder.bin(DesignEncoder.clipped(x, feature), edges) { counts[b] += 1 } else { counts[inside] += 1 }
        }
        return counts
    }

    /// Counts per bin for a categorical feature: each baseline level, unseen levels, missing.
    static func countCategorical(_ column: CategoricalColumn, levels: [String]) -> [Int] {
        let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        let map = column.levels.map { position[$0] ?? levels.count }
        var counts = [Int](repeating: 0, count: levels.count + 2)
        for code in column.codes {
            if code < 0 { counts[levels.count + 1] += 1 } else { counts[map[Int(code)]] += 1 }
        }
        return counts
    }
}
