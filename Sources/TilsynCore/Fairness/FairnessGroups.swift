import Foundation

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

    /// Whether every label (of every column, for an intersection) other than the missing one starts with a
    /// number: size bands `1-4`, `5-9`, `250+` and bins `[0,10)` — groups with a natural order.
    public var ordered: Bool {
        let parts = Set(labels).map { $0.components(separatedBy: " | ") }
        guard let width = parts.first?.count else { return false }
        return (0..<width).contains { column in
            parts.allSatisfy { $0.count == width && ($0[column] == Self.missingLabel || Self.leadingNumber($0[column]) != nil) }
        }
    }

    /// The number a label starts with (after an opening `[` or `(`), e.g. 10 for `10-19`, 0 for `[0,10)`.
    static func leadingNumber(_ label: String) -> Double? {
        var text = Substring(label)
        if let first = text.first, first == "[" || first == "(" { text = text.dropFirst() }
        var digits = ""
        for ch in text {
            if ch.isASCII && (ch.isNumber || ch == "." || (ch == "-" && digits.isEmpty)) { digits.append(ch) } else { break }
        }
        if digits.hasSuffix("-") || digits.hasSuffix(".") { digits.removeLast() }
        return Double(digits)
    }

    /// Orders two labels: component by component (an intersection's ` | ` parts), numerically by the
    /// leading number (labels with one before those without), the missing label last, otherwise in byte order.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let pa = a.components(separatedBy: " | "), pb = b.components(separatedBy: " | ")
        for (x, y) in zip(pa, pb) where x != y {
            if x == missingLabel { return false }
            if y == missingLabel { return true }
            switch (leadingNumber(x), leadingNumber(y)) {
            case (let nx?, let ny?) where nx != ny: return nx < ny
            case (.some, nil): return true
            case (nil, .some): return false
            default: return x.utf8.lexicographicallyPrecedes(y.utf8)
            }
        }
        return pa.count < pb.count
    }

    /// Row indices of each group, groups in their natural order (see ``precedes(_:_:)``).
    func rowsByGroup() -> [(label: String, rows: [Int])] {
        var index: [String: Int] = [:]
        var groups: [(label: String, rows: [Int])] = []
        for (row, label) in labels.enumerated() {
            if let i = index[label] { groups[i].rows.append(row) } else {
                index[label] = groups.count
                groups.append((label, [row]))
            }
        }
        return groups.sorted { Self.precedes($0.label, $1.label) }
    }
}
