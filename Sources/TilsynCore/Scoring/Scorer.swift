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
        let units = try table.unitIDs(model.spec.unit)
        let logOdds = try linearPredictor(model: model, table: table, threads: threads)
        return scores(logOdds: logOdds, units: units, seed: seed)
    }

    /// Probabilities and ranks from log-odds already computed: ``Explainer/topLines(_:k:threads:chunk:)``
    /// gives the scorer's log-odds bit for bit, so `explain --all` ranks from those instead of computing
    /// every row's log-odds twice.
    public static func scores(logOdds: [Double], units: [String], seed: UInt64) -> Scores {
        let probability = logOdds.map(logistic)
        let order = rankOrder(logOdds: logOdds, units: units, seed: seed)
        var rank = [Int](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { rank[row] = position + 1 }
        return Scores(units: units, logOdds: logOdds, probability: probability, order: order, rank: rank, seed: seed)
    }

    /// The log-odds of every row.
    ///
    /// Computed straight from the table's columns in chunks of rows (``RowTerms``): the same doubles as
    /// `β₀ + Σⱼ βⱼ xⱼ` over the encoded row in column order, which is how a card sums them, so a score and
    /// its card always agree to the bit.
    public static func linearPredictor(model: FittedModel, table: DataTable, threads: Int = defaultThreadCount) throws(DataError) -> [Double] {
        let encoder = model.encoder
        let prepared = try encoder.prepare(table)
        let terms = RowTerms(model: model, prepared: prepared, lineOf: [], lineCount: 0)
        let n = table.rowCount
        let chunk = 4096
        let t = max(1, min(threads, n / chunk + 1))
        var firstError: DataError?
        let eta = [Double](unsafeUninitializedCapacity: n) { out, initialized in
            for i in 0..<n { out.initializeElement(at: i, to: 0) }
            nonisolated(unsafe) let target = out
            let errors = parallelMap(count: t) { k -> DataError? in
                let range = (n * k / t)..<(n * (k + 1) / t)
                var start = range.lowerBound
                do throws(DataError) {
                    while start < range.upperBound {
                        let m = min(chunk, range.upperBound - start)
                        try terms.evaluate(prepared, encoder: encoder, rows: start..<(start + m),
                                           eta: UnsafeMutableBufferPointer(rebasing: target[start..<(start + m)]), lines: nil)
                        start += m
                    }
                } catch {
                    return error
                }
                return nil
            }
            firstError = errors.compactMap { $0 }.first
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
    ///
    /// Sorted as packed keys (the log-odds mapped to an unsigned integer that orders like it, then the
    /// tie-break key), in two halves on two threads and merged; the unit ids are compared only for rows
    /// whose log-odds and key are both equal.
    public static func rankOrder(logOdds: [Double], units: [String], seed: UInt64) -> [Int] {
        let n = logOdds.count
        @Sendable @inline(__always) func before(_ a: RankEntry, _ b: RankEntry) -> Bool {
            if a.score != b.score { return a.score < b.score }
            if a.key != b.key { return a.key < b.key }
            return units[a.row].utf8.lexicographicallyPrecedes(units[b.row].utf8)
        }
        let halves = n >= 1 << 16 ? 2 : 1
        let parts = parallelMap(count: halves) { h -> [RankEntry] in
            let rows = (n * h / halves)..<(n * (h + 1) / halves)
            var entries = rows.map { row in
                RankEntry(score: descendingKey(logOdds[row]), key: TieBreak.key(seed: seed, unit: units[row]), row: row)
            }
            entries.sort(by: before)
            return entries
        }
        guard parts.count == 2 else { return parts[0].map(\.row) }
        let a = parts[0], b = parts[1]
        var order = [Int]()
        order.reserveCapacity(n)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if before(b[j], a[i]) { order.append(b[j].row); j += 1 } else { order.append(a[i].row); i += 1 }
        }
        while i < a.count { order.append(a[i].row); i += 1 }
        while j < b.count { order.append(b[j].row); j += 1 }
        return order
    }

    /// An unsigned key that sorts ascending exactly as `x` sorts descending (`-0` and `0` equal, as `==`
    /// has them; NaN never occurs in a score).
    @inline(__always)
    static func descendingKey(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0.0 : x).bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }
}

/// One row's sort key in ``Scorer/rankOrder(logOdds:units:seed:)``.
struct RankEntry: Sendable {
    var score: UInt64
    var key: UInt64
    var row: Int
}
