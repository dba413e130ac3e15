/// Splits a labelled history at a date: the rows before it (to fit on) and the rows from it on (to evaluate).
///
/// Shared by `tilsyn validate` and the out-of-sample fairness report, so both draw the line the same way.
public enum TimeSplit {
    /// - Parameters:
    ///   - dateColumn: the spec's `date` column, read as days since 1970.
    ///   - splitDay: the first evaluation day.
    /// - Throws: ``DataError`` for a row without a date, or when either side is empty.
    public static func rows(_ table: DataTable, dateColumn: String, splitDay: Int) throws -> (train: [Int], evaluation: [Int]) {
        let days = try table.numeric(dateColumn)
        var train: [Int] = [], evaluation: [Int] = []
        for (row, day) in days.enumerated() {
            guard !day.isNaN else {
                throw DataError.badCell(file: table.source, line: table.line(ofRow: row), column: dateColumn, value: "",
                                        expected: "an inspection date YYYY-MM-DD for the time split")
            }
            if Int(day) < splitDay { train.append(row) } else { evaluation.append(row) }
        }
        let split = isoDate(splitDay)
        guard !train.isEmpty else {
            throw DataError.invalid(file: table.source, reason: "no inspection is dated before the split date \(split), so there is nothing to fit")
        }
        guard !evaluation.isEmpty else {
            throw DataError.invalid(file: table.source, reason: "no inspection is dated on or after the split date \(split), so there is nothing to evaluate")
        }
        return (train, evaluation)
    }
}
