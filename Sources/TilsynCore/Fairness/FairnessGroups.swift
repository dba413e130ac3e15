/// The groupings of a fairness report: one per `--by` column and, with two or more, their intersection.
public struct GroupingColumn: Sendable {
    public var name: String
    public var columns: [String]
    /// Each row's group label.
    public var labels: [String]

    public init(name: String, columns: [String], labels: [String]) {
        self.name = name
        self.columns = columns
        self.labels = labels
    }

    /// The label an empty cell gets, so missing values form a visible group instead of vanishing.
    public static let missingLabel = "(missing)"

    /// One grouping per column plus the intersection of all of them (labels joined by ` | `, named
    /// `a × b`), e.g. `IG03 | 10-19` in `industry × size_band`.
    public static func make(_ columns: [(name: String, values: [String])]) -> [GroupingColumn] {
        var result = columns.map { c in
            GroupingColumn(name: c.name, columns: [c.name], labels: c.values.map { $0.isEmpty ? missingLabel : $0 })
        }
        if columns.count > 1, let n = columns.first?.values.count {
            let labels = (0..<n).map { row in result.map { $0.labels[row] }.joined(separator: " | ") }
            result.append(GroupingColumn(name: columns.map(\.name).joined(separator: " × "), columns: columns.map(\.name), labels: labels))
        }
        return result
    }

    /// Row indices of each group, groups in label byte order.
    func rowsByGroup() -> [(label: String, rows: [Int])] {
        var index: [String: Int] = [:]
        var groups: [(label: String, rows: [Int])] = []
        for (row, label) in labels.enumerated() {
            if let i = index[label] { groups[i].rows.append(row) } else {
                index[label] = groups.count
                groups.append((label, [row]))
            }
        }
        return groups.sorted { $0.label.utf8.lexicographicallyPrecedes($1.label.utf8) }
    }
}
