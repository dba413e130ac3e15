/// Every register unit with what the list needs to know about it: its score, when it was last
/// inspected, its exclusion flags and its region.
public struct SelectionCandidates: Sendable {
    /// Scores of every row, including the seeded rank order.
    public var scores: Scores
    /// Day number of each unit's last inspection; `NaN` = never inspected.
    public var lastInspection: [Double]
    /// Exclusion flag columns by name, in the order the user gave them; `true` excludes the row.
    public var flags: [(name: String, excludes: [Bool])]
    /// Each row's region, when lists are planned or reported by region.
    public var region: [String]?

    public init(scores: Scores, lastInspection: [Double], flags: [(name: String, excludes: [Bool])], region: [String]?) {
        precondition(lastInspection.count == scores.units.count, "one last-inspection date per unit")
        precondition(flags.allSatisfy { $0.excludes.count == scores.units.count }, "one flag per unit")
        precondition(region.map { $0.count == scores.units.count } ?? true, "one region per unit")
        self.scores = scores
        self.lastInspection = lastInspection
        self.flags = flags
        self.region = region
    }

    public var count: Int { scores.units.count }
}
