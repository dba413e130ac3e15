/// Which rows the model would select from the data under a rule ⚖: the first `k` of the rank order
/// (log-odds descending, ties by the seeded key of ``TieBreak``), so the selection is reproducible.
public enum FairnessSelection {
    public static func selected(order: [Int], rule: SelectionRule) -> [Bool] {
        var selected = [Bool](repeating: false, count: order.count)
        for row in order.prefix(rule.count(of: order.count)) { selected[row] = true }
        return selected
    }
}
