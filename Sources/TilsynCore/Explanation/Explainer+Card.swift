import Foundation

extension Explainer {
    /// The full card content for one scored row: the explanation with its rank, percentile and as-of
    /// date, how the unit was selected on `list`, and — for a unit the list chose by risk — what would
    /// take it below its region's cut-off.
    ///
    /// Without a list the card is about no list: no selection, no cut-off, no counterfactual. A unit
    /// drawn at random or added by hand gets no counterfactual either: its score played no part, so no
    /// change to it would have kept the unit off the list.
    /// - Throws: ``DataError`` when the row cannot be encoded.
    public func card(
        _ prepared: DesignEncoder.Prepared, row: Int, scores: Scores, asOf: String?, list: IssuedList?
    ) throws(DataError) -> Explanation {
        var e = try explain(prepared, row: row, unit: scores.units[row], rank: scores.rank[row], population: scores.order.count, asOf: asOf)
        guard let list else { return e }
        let selection = list.selection(of: e.unit)
        e.selection = selection
        if selection.channel == .risk, let cutoff = selection.cutoff {
            let p = cutoff.probability
            e.counterfactual = try Counterfactual.compute(
                explainer: self, prepared: prepared, row: row, cutoffLogOdds: log(p / (1 - p)), cutoffRank: cutoff.rank)
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
