import TilsynCore

/// Checks that every verdict of a fairness report follows from what it prints ⚖: its `verdict_interval`
/// and the band alone.
public enum VerdictCheck {
    /// One sentence per group whose verdict does not follow (empty when all do), and how many were checked.
    ///
    /// `pass` ⇔ the interval lies inside the band; `flag` ⇔ wholly outside; every other group (interval
    /// overlapping a limit, or no interval because the group is too small or its ratio not estimable) is
    /// `insufficient`. Also: the interval contains the ratio, is at least as wide as the unadjusted 95 %
    /// one, and its family size is the number of groups with an interval.
    public static func violations(_ report: FairnessReport) -> (problems: [String], checked: Int) {
        let low = report.criterion.band[0], high = report.criterion.band[1]
        var problems: [String] = [], checked = 0
        for grouping in report.groupings {
            let withInterval = grouping.groups.filter { $0.verdictInterval != nil }.count
            for g in grouping.groups {
                checked += 1
                let expected: String
                if let v = g.verdictInterval {
                    expected = v.ciLow >= low && v.ciHigh <= high ? "pass" : (v.ciHigh < low || v.ciLow > high ? "flag" : "insufficient")
                    if !(v.ciLow <= v.value && v.value <= v.ciHigh) { problems.append("\(grouping.name) \(g.group): interval misses its ratio") }
                    if v.familySize != withInterval { problems.append("\(grouping.name) \(g.group): family size \(v.familySize), \(withInterval) intervals") }
                    if let unadjusted = g.block(v.metric, v.estimand)?.ratio, let ul = unadjusted.ciLow, let uh = unadjusted.ciHigh,
                       v.ciLow > ul + 1e-12 || v.ciHigh < uh - 1e-12 {
                        problems.append("\(grouping.name) \(g.group): adjusted interval narrower than the unadjusted one")
                    }
                } else {
                    expected = "insufficient"
                }
                if g.verdict != expected { problems.append("\(grouping.name) \(g.group): verdict \(g.verdict), its interval and the band give \(expected)") }
            }
        }
        return (problems, checked)
    }
}
