import Foundation
import TilsynNumerics

extension Explainer {
    /// Top-k card lines of every row of a table, computed in cache-sized chunks of rows.
    public struct TopLines: Sendable {
        /// Lines kept per row.
        public var k: Int
        /// Row `r`'s lines, largest |contribution| first: ``lineIndex``[r·k ..< (r+1)·k].
        public var lineIndex: [Int32]
        /// Their contributions, same layout.
        public var contribution: [Double]
        /// Each row's log-odds, summed exactly as ``Explainer/explain(_:row:unit:rank:population:asOf:)`` does.
        public var logOdds: [Double]
    }

    /// Every row's `k` largest lines, for `tilsyn explain --all`.
    ///
    /// Rows are encoded a chunk at a time straight from the table's columns (as ``Scorer`` does), so the
    /// per-feature work is paid once per chunk rather than once per row; threads own fixed row ranges.
    /// Every sum is taken in the same order as in `explain`, so the numbers are bit-identical to a
    /// single card's.
    /// - Parameters:
    ///   - k: lines per row; the number of lines keeps them all (`--full`, `n·L` doubles of memory).
    /// - Throws: ``DataError`` naming the first row that cannot be encoded.
    public func topLines(_ prepared: DesignEncoder.Prepared, k: Int, threads: Int, chunk: Int = 1024) throws(DataError) -> TopLines {
        let n = prepared.rowCount, p = beta.count, lineCount = lineFeatures.count
        let k = max(0, min(k, lineCount))
        let t = max(1, min(threads, n / chunk + 1))
        var index = [Int32](repeating: 0, count: n * k)
        var value = [Double](repeating: 0, count: n * k)
        var eta = [Double](repeating: 0, count: n)
        let names = lineFeatures
        let errors = index.withUnsafeMutableBufferPointer { indexOut in
            value.withUnsafeMutableBufferPointer { valueOut in
                eta.withUnsafeMutableBufferPointer { etaOut in
                    nonisolated(unsafe) let indexOut = indexOut, valueOut = valueOut, etaOut = etaOut
                    return parallelMap(count: t) { part -> DataError? in
                        let range = (n * part / t)..<(n * (part + 1) / t)
                        var x = [Double](repeating: 0, count: chunk * p)
                        var lines = [Double](repeating: 0, count: chunk * lineCount)
                        var total = [Double](repeating: 0, count: chunk)
                        var order = [Int](repeating: 0, count: max(k, 1))
                        var start = range.lowerBound
                        do throws(DataError) {
                            while start < range.upperBound {
                                let m = min(chunk, range.upperBound - start)
                                try x.withUnsafeMutableBufferPointer { b throws(DataError) in
                                    try encoder.encode(prepared, rows: start..<(start + m), into: b, leadingDimension: m, rowOffset: start)
                                }
                                // log-odds: β₀ + Σⱼ βⱼ xⱼ in column order, as explain() sums it.
                                for i in 0..<m { etaOut[start + i] = beta[0] }
                                for j in 1..<p {
                                    let b = beta[j], base = j * m
                                    for i in 0..<m { etaOut[start + i] += b * x[base + i] }
                                }
                                // Lines: each feature's total over its columns, then added into its line.
                                for i in 0..<(m * lineCount) { lines[i] = 0 }
                                for (feature, offset) in featureOffsets.enumerated() {
                                    for i in 0..<m { total[i] = 0 }
                                    for j in offset..<(offset + featureWidths[feature]) {
                                        let b = beta[j], r = reference[j], base = j * m
                                        for i in 0..<m { total[i] += b * (x[base + i] - r) }
                                    }
                                    let line = featureLine[feature]
                                    for i in 0..<m { lines[i * lineCount + line] += total[i] }
                                }
                                for i in 0..<m {
                                    lines.withUnsafeBufferPointer { all in
                                        let row = UnsafeBufferPointer(rebasing: all[(i * lineCount)..<((i + 1) * lineCount)])
                                        Self.selectTop(k, values: row, names: names, into: &order)
                                        let out = (start + i) * k
                                        for q in 0..<k {
                                            indexOut[out + q] = Int32(order[q])
                                            valueOut[out + q] = row[order[q]]
                                        }
                                    }
                                }
                                start += m
                            }
                        } catch {
                            return error
                        }
                        return nil
                    }
                }
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
        return TopLines(k: k, lineIndex: index, contribution: value, logOdds: eta)
    }

    /// The `k` largest of `values` by magnitude (ties by name) into `order[0..<k]`, largest first:
    /// `L·k` comparisons, so `--top 3` stays cheap; `k = L` sorts them all.
    static func selectTop(_ k: Int, values: UnsafeBufferPointer<Double>, names: [String], into order: inout [Int]) {
        guard k > 0 else { return }
        func before(_ a: Int, _ b: Int) -> Bool {
            let x = abs(values[a]), y = abs(values[b])
            return x > y || (x == y && names[a] < names[b])
        }
        var filled = 0
        for line in 0..<values.count {
            if filled == k && !before(line, order[k - 1]) { continue }
            var position = min(filled, k - 1)
            while position > 0 && before(line, order[position - 1]) {
                order[position] = order[position - 1]
                position -= 1
            }
            order[position] = line
            if filled < k { filled += 1 }
        }
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
