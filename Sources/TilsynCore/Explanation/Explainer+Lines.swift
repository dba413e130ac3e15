import Foundation

extension Explainer {
    /// Reusable per-thread buffers for ``lines(_:row:scratch:)``, so explaining a million rows allocates
    /// nothing per row.
    public struct Scratch: Sendable {
        var x: [Double]
        /// Contribution of each card line, in ``Explainer/lineFeatures`` order.
        public var lines: [Double]
        /// Card lines from largest |contribution| down, after ``Explainer/selectTop(_:scratch:)``.
        public var order: [Int]

        public init(for explainer: Explainer) {
            x = [Double](repeating: 0, count: explainer.beta.count)
            lines = [Double](repeating: 0, count: explainer.lineFeatures.count)
            order = Array(explainer.lineFeatures.indices)
        }
    }

    /// The fast path behind `tilsyn explain --all`: one row's line contributions and log-odds, without
    /// building an ``Explanation``.
    ///
    /// Gives the same numbers as ``explain(_:row:unit:rank:population:asOf:)`` (same sums in the same
    /// order), so the CSV of every unit and a single card never disagree.
    /// - Returns: the row's log-odds; `scratch.lines` holds the contributions (sort them with
    ///   ``selectTop(_:scratch:)``).
    /// - Throws: ``DataError`` when the row cannot be encoded.
    public func lines(_ prepared: DesignEncoder.Prepared, row: Int, scratch: inout Scratch) throws(DataError) -> Double {
        try scratch.x.withUnsafeMutableBufferPointer { buffer throws(DataError) in
            try encoder.encode(prepared, rows: row..<(row + 1), into: buffer, leadingDimension: 1, rowOffset: row)
        }
        var logOdds = beta[0]
        for j in 1..<beta.count { logOdds += beta[j] * scratch.x[j] }
        for i in scratch.lines.indices { scratch.lines[i] = 0 }
        // Per feature first, then into its line: the merged line adds feature totals in spec order,
        // exactly as explain() does.
        for (index, offset) in featureOffsets.enumerated() {
            let width = featureWidths[index]
            var total = 0.0
            for j in offset..<(offset + width) { total += beta[j] * (scratch.x[j] - reference[j]) }
            scratch.lines[featureLine[index]] += total
        }
        return logOdds
    }

    /// Puts the `k` largest lines by |contribution| (ties by feature name) first in `scratch.order`, in
    /// that order, after ``lines(_:row:scratch:)``.
    ///
    /// Top-k selection costs `L·k` comparisons per row, so `--all --top 3` stays cheap at a million rows;
    /// `k ≥ L` sorts every line.
    public func selectTop(_ k: Int, scratch: inout Scratch) {
        var order = scratch.order
        scratch.lines.withUnsafeBufferPointer { Self.selectTop(k, values: $0, names: lineFeatures, into: &order) }
        scratch.order = order
    }

    /// The spec feature behind each disclosed line (`nil` for the merged line).
    public var lineFeatureIndex: [Int?] {
        var result = [Int?](repeating: nil, count: lineFeatures.count)
        for (feature, line) in featureLine.enumerated() where model.spec.features[feature].isDisclosed {
            result[line] = feature
        }
        return result
    }
}
