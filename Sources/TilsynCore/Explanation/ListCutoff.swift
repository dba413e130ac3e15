import Foundation

/// Where the inspection list ends, for the counterfactual "what would take this unit off the list".
///
/// By rank, the cut-off is the log-odds of the unit at rank = capacity (the last one on the list); by
/// probability, it is that probability's log-odds. A capacity larger than the register means the last
/// unit.
public enum ListCutoff: Sendable, Equatable {
    case rank(Int)
    case probability(Double)

    /// The cut-off log-odds among `scores`.
    public func logOdds(in scores: Scores) -> Double {
        switch self {
        case .rank(let r):
            guard !scores.order.isEmpty else { return .infinity }
            return scores.logOdds[scores.order[min(max(r, 1), scores.order.count) - 1]]
        case .probability(let p):
            return log(p / (1 - p))
        }
    }

    /// The capacity, when the cut-off is set by rank.
    public var rank: Int? {
        if case .rank(let r) = self { return r }
        return nil
    }
}

extension Explainer {
    /// The full card content for one scored row: the explanation with its rank, percentile, as-of date
    /// and (when a cut-off is given) the counterfactual.
    /// - Throws: ``DataError`` when the row cannot be encoded.
    public func card(
        _ prepared: DesignEncoder.Prepared, row: Int, scores: Scores, asOf: String?, cutoff: ListCutoff?
    ) throws(DataError) -> Explanation {
        var e = try explain(prepared, row: row, unit: scores.units[row], rank: scores.rank[row], population: scores.order.count, asOf: asOf)
        if let cutoff {
            e.counterfactual = try Counterfactual.compute(
                explainer: self, prepared: prepared, row: row, cutoffLogOdds: cutoff.logOdds(in: scores), cutoffRank: cutoff.rank)
        }
        return e
    }

    /// The row of `unit` in `units`.
    /// - Throws: ``DataError/invalid(file:reason:)`` naming the id, the column and the file when the unit
    ///   is absent or appears more than once.
    public static func row(of unit: String, in units: [String], column: String, table: DataTable) throws(DataError) -> Int {
        let rows = units.indices.filter { units[$0] == unit }
        guard let first = rows.first else {
            throw .invalid(file: table.source, reason: "no unit with \(column) '\(unit)' among its \(units.count) rows")
        }
        guard rows.count == 1 else {
            throw .invalid(file: table.source, reason: "\(column) '\(unit)' appears on \(rows.count) rows (lines \(rows.prefix(5).map { String(table.line(ofRow: $0)) }.joined(separator: ", "))); a unit must appear once")
        }
        return first
    }
}
