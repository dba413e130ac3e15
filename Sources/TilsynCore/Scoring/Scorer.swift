import Foundation
import TilsynNumerics

/// Scores for every row of a table: log-odds, probability and rank.
public struct Scores: Sendable {
    public var units: [String]
    public var logOdds: [Double]
    public var probability: [Double]
    /// Row indices from rank 1 (highest probability) down.
    public var order: [Int]
    /// 1-based rank of each row.
    public var rank: [Int]
    /// The tie-break seed used.
    public var seed: UInt64
}

/// Computes `log_odds = β₀ + Σ βⱼ xⱼ` and `probability = 1/(1+e^(−log_odds))` for every row ⚖ (DESIGN §6).
///
/// Rows are encoded in cache-sized chunks straight from the table's columns and multiplied by β with
/// `dgemv`, so the full design is never held in memory; threads own fixed row ranges.
public enum Scorer {
    /// The columns a file must provide to be scored.
    public static func columnRequests(for model: FittedModel) -> [ColumnRequest] {
        var requests = [ColumnRequest(model.spec.unit, .string)] + DesignEncoder.columnRequests(for: model.spec)
        // Dates a spec declares for the register or a source: the card shows them per line.
        for column in [model.spec.asOfColumn] + model.spec.features.map(\.asOfColumn) {
            if let column, !requests.contains(where: { $0.name == column }) { requests.append(ColumnRequest(column, .date)) }
        }
        return requests
    }

    /// Scores every row of `table` and ranks them.
    /// - Throws: ``DataError`` naming the first bad line and column.
    public static func score(model: FittedModel, table: DataTable, seed: UInt64 = TieBreak.defaultSeed, threads: Int = defaultThreadCount) throws(DataError) -> Scores {
        let units = try table.strings(model.spec.unit)
        let logOdds = try linearPredictor(model: model, table: table, threads: threads)
        let probability = logOdds.map(logistic)
        let order = rankOrder(logOdds: logOdds, units: units, seed: seed)
        var rank = [Int](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { rank[row] = position + 1 }
        return Scores(units: units, logOdds: logOdds, probability: probability, order: order, rank: rank, seed: seed)
    }

    /// The log-odds of every row.
    public static func linearPredictor(model: FittedModel, table: DataTable, threads: Int = defaultThreadCount) throws(DataError) -> [Double] {
        let encoder = model.encoder
        let prepared = try encoder.prepare(table)
        let n = table.rowCount, p = encoder.layout.columnCount
        let beta = model.beta
        let chunk = 2048
        let t = max(1, min(threads, n / chunk + 1))
        var firstError: DataError?
        let eta = [Double](unsafeUninitializedCapacity: n) { out, initialized in
            nonisolated(unsafe) let target = out
            let errors = parallelMap(count: t) { k -> DataError? in
                let range = (n * k / t)..<(n * (k + 1) / t)
                var buffer = [Double](repeating: 0, count: chunk * p)
                var start = range.lowerBound
                do throws(DataError) {
                    while start < range.upperBound {
                        let m = min(chunk, range.upperBound - start)
                        try buffer.withUnsafeMutableBufferPointer { b throws(DataError) in
                            try encoder.encode(prepared, rows: start..<(start + m), into: b, leadingDimension: m, rowOffset: start)
                        }
                        buffer.withUnsafeBufferPointer { b in
                            beta.withUnsafeBufferPointer { x in
                                let slice = UnsafeMutableBufferPointer(rebasing: target[start..<(start + m)])
                                LAPACK.gemv(transpose: false, rows: m, columns: p, alpha: 1, a: b, offset: 0, lda: m, x: x, beta: 0, y: slice)
                            }
                        }
                        start += m
                    }
                } catch {
                    return error
                }
                return nil
            }
            firstError = errors.compactMap { $0 }.first
            if firstError != nil { for i in 0..<n { out.initializeElement(at: i, to: 0) } }
            initialized = n
        }
        if let firstError { throw firstError }
        return eta
    }

    /// `1/(1+e^(−x))` without overflow.
    public static func logistic(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    /// Row indices ordered by log-odds descending, ties by the seeded key, then by id bytes.
    public static func rankOrder(logOdds: [Double], units: [String], seed: UInt64) -> [Int] {
        let keys = units.map { TieBreak.key(seed: seed, unit: $0) }
        return logOdds.indices.sorted { a, b in
            if logOdds[a] != logOdds[b] { return logOdds[a] > logOdds[b] }
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            return units[a].utf8.lexicographicallyPrecedes(units[b].utf8)
        }
    }
}
