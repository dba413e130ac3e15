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
    /// Rows are taken a chunk at a time straight from the table's columns (``RowTerms``, as ``Scorer``
    /// does), so the log-odds are the scorer's and every line is the one a single card shows, bit for
    /// bit; threads own fixed row ranges.
    /// - Parameters:
    ///   - k: lines per row; the number of lines keeps them all (`--full`, `n·L` doubles of memory).
    /// - Throws: ``DataError`` naming the first row that cannot be encoded.
    public func topLines(_ prepared: DesignEncoder.Prepared, k: Int, threads: Int, chunk: Int = 1024) throws(DataError) -> TopLines {
        let n = prepared.rowCount, lineCount = lineFeatures.count
        let k = max(0, min(k, lineCount))
        let t = max(1, min(threads, n / chunk + 1))
        let terms = RowTerms(model: model, prepared: prepared, lineOf: featureLine, lineCount: lineCount)
        var index = [Int32](repeating: 0, count: n * k)
        var value = [Double](repeating: 0, count: n * k)
        var eta = [Double](repeating: 0, count: n)
        let nameOrder = Self.nameOrder(lineFeatures)
        let encoder = self.encoder
        let errors = index.withUnsafeMutableBufferPointer { indexOut in
            value.withUnsafeMutableBufferPointer { valueOut in
                eta.withUnsafeMutableBufferPointer { etaOut in
                    nonisolated(unsafe) let indexOut = indexOut, valueOut = valueOut, etaOut = etaOut
                    return parallelMap(count: t) { part -> DataError? in
                        let range = (n * part / t)..<(n * (part + 1) / t)
                        var lines = [Double](repeating: 0, count: chunk * lineCount)
                        var order = [Int](repeating: 0, count: max(k, 1))
                        var start = range.lowerBound
                        do throws(DataError) {
                            while start < range.upperBound {
                                let m = min(chunk, range.upperBound - start)
                                try lines.withUnsafeMutableBufferPointer { l throws(DataError) in
                                    try terms.evaluate(prepared, encoder: encoder, rows: start..<(start + m),
                                                       eta: UnsafeMutableBufferPointer(rebasing: etaOut[start..<(start + m)]), lines: l)
                                }
                                lines.withUnsafeBufferPointer { all in
                                    for i in 0..<m {
                                        let row = UnsafeBufferPointer(rebasing: all[(i * lineCount)..<((i + 1) * lineCount)])
                                        Self.selectTop(k, values: row, nameOrder: nameOrder, into: &order)
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

    /// Each name's place among `names` sorted (`String`'s `<`), so that ties between lines compare two
    /// integers rather than two strings (equal names get equal places, as `<` sees them).
    static func nameOrder(_ names: [String]) -> [Int] {
        var place = [Int](repeating: 0, count: names.count)
        let sorted = names.indices.sorted { names[$0] < names[$1] }
        for (position, line) in sorted.enumerated() {
            let previous = position > 0 ? sorted[position - 1] : nil
            place[line] = previous.map { names[$0] < names[line] ? position : place[$0] } ?? 0
        }
        return place
    }

    /// The `k` largest of `values` by magnitude (ties by name: `nameOrder` is ``nameOrder(_:)`` of the
    /// line names) into `order[0..<k]`, largest first: `L·k` comparisons, so `--top 3` stays cheap;
    /// `k = L` sorts them all.
    static func selectTop(_ k: Int, values: UnsafeBufferPointer<Double>, nameOrder: [Int], into order: inout [Int]) {
        guard k > 0 else { return }
        func before(_ a: Int, _ b: Int) -> Bool {
            let x = abs(values[a]), y = abs(values[b])
            return x > y || (x == y && nameOrder[a] < nameOrder[b])
        }
        var filled = 0
        // Once k lines are kept, the magnitude of the last: a line below it cannot enter, which is most
        // lines, so most cost one comparison.
        var floor = 0.0
        for line in 0..<values.count {
            if filled == k && (abs(values[line]) < floor || !before(line, order[k - 1])) { continue }
            var position = min(filled, k - 1)
            while position > 0 && before(line, order[position - 1]) {
                order[position] = order[position - 1]
                position -= 1
            }
            order[position] = line
            if filled < k { filled += 1 }
            if filled == k { floor = abs(values[order[k - 1]]) }
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

extension Explainer {
    /// Every line's raw register cells as plain buffers, for the `--all` writer's loop over a million
    /// rows: reading them through ``rawValue(_:feature:row:)`` copies an enum holding arrays per cell,
    /// and the reference counting of those arrays from two threads cost more than the formatting.
    public struct RawCells: @unchecked Sendable {
        public enum Column {
            case numbers(UnsafeBufferPointer<Double>)
            /// Codes (−1 missing) and each level's UTF-8 bytes as ranges of ``RawCells/levelBytes``.
            case labels(UnsafeBufferPointer<Int32>, levels: [Range<Int>])
            /// The merged line of undisclosed features: never a value.
            case hidden
        }

        public let columns: [Column]
        public let levelBytes: UnsafeBufferPointer<UInt8>
    }

    /// Calls `body` with the raw cells of every line of `prepared`; the buffers are valid only inside.
    public func withRawCells<R>(_ prepared: DesignEncoder.Prepared, _ body: (RawCells) throws -> R) rethrows -> R {
        var bytes: [UInt8] = []
        var columns: [RawCells.Column] = []
        var numbers: [[Double]] = []
        var codes: [[Int32]] = []
        var pending: [(line: Int, kind: Int, index: Int, levels: [Range<Int>])] = []
        for (line, feature) in lineFeatureIndex.enumerated() {
            guard let feature else { pending.append((line, 0, 0, [])); continue }
            switch prepared.parts[feature] {
            case .numeric(let raw), .binned(let raw, _, _):
                pending.append((line, 1, numbers.count, []))
                numbers.append(raw)
            case .categorical(let c, _, let levels):
                var ranges: [Range<Int>] = []
                for level in levels {
                    let start = bytes.count
                    bytes.append(contentsOf: level.utf8)
                    ranges.append(start..<bytes.count)
                }
                pending.append((line, 2, codes.count, ranges))
                codes.append(c)
            }
        }
        // The arrays live in `prepared` and in the locals above until `body` returns.
        return try withExtendedLifetime((numbers, codes, prepared)) {
            try bytes.withUnsafeBufferPointer { levelBytes in
                for item in pending {
                    switch item.kind {
                    case 1: columns.append(.numbers(numbers[item.index].withUnsafeBufferPointer { $0 }))
                    case 2: columns.append(.labels(codes[item.index].withUnsafeBufferPointer { $0 }, levels: item.levels))
                    default: columns.append(.hidden)
                    }
                }
                return try body(RawCells(columns: columns, levelBytes: levelBytes))
            }
        }
    }
}
