import TilsynCore
import TilsynReports

/// A plain-text table for terminal summaries: columns padded to their widest cell, numbers right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns to right-align (numbers).
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    /// Adds a row; its cells are shown with control characters escaped (``DisplayText``), as they may
    /// hold what an input or a request put there (an audit entry's subject, a token's name).
    mutating func add(_ row: [String]) { rows.append(row.map { DisplayText.escaped($0) }) }

    func render(indent: String = "  ") -> String {
        let all = [header] + rows
        let widths = header.indices.map { j in all.map { $0.indices.contains(j) ? $0[j].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { j, cell -> String in
                let pad = String(repeating: " ", count: max(0, widths[j] - cell.count))
                return rightAligned.contains(j) ? pad + cell : cell + pad
            }
            return indent + padded.joined(separator: "  ")
        }
        let rule = indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// Fixed-point formatting without Foundation's locale (the reports' formatter, shared).
func fixed(_ x: Double, _ digits: Int) -> String { ReportNumber.fixed(x, digits) }
