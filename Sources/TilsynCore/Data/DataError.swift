/// A problem with input data, said in one sentence that names the file, line and column.
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileNotFound(file: String)
    case unreadable(file: String, reason: String)
    case emptyFile(file: String)
    case noDataRows(file: String)
    case missingColumn(file: String, column: String, available: [String])
    case duplicateColumn(file: String, column: String)
    case badCell(file: String, line: Int, column: String, value: String, expected: String)
    case malformedRow(file: String, line: Int, reason: String)
    case invalid(file: String, reason: String)
    /// A column read as one kind (say, as the model's categorical feature) asked for as another (say, as
    /// dates): two uses of one column that cannot both hold.
    case wrongKind(file: String, column: String, expected: String, found: String)

    public var description: String {
        switch self {
        case .fileNotFound(let file):
            return "\(file): no such file."
        case .unreadable(let file, let reason):
            return "\(file): cannot be read (\(reason))."
        case .emptyFile(let file):
            return "\(file): the file is empty; expected a header row and data rows."
        case .noDataRows(let file):
            return "\(file): the file has a header but no data rows."
        case .missingColumn(let file, let column, let available):
            let shown = available.prefix(12).map { Abbreviated.text($0, limit: 40) }.joined(separator: ", ") + (available.count > 12 ? ", …" : "")
            return "\(file): there is no column '\(Abbreviated.text(column))' (the header has: \(shown))."
        case .duplicateColumn(let file, let column):
            return "\(file): the header names column '\(column)' more than once."
        case .badCell(let file, let line, let column, let value, let expected):
            let shown = Abbreviated.text(value)
            return "\(file), line \(line), column '\(column)': expected \(expected), found '\(shown)'."
        case .malformedRow(let file, let line, let reason):
            return "\(file), line \(line): \(reason)."
        case .invalid(let file, let reason):
            return "\(file): \(reason)."
        case .wrongKind(let file, let column, let expected, let found):
            return "\(file): column '\(Abbreviated.text(column))' is read as \(found), so it cannot be used where \(expected) are expected."
        }
    }
}
