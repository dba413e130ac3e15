/// A list parameter or capacity file that cannot be used.
///
/// The cases carry the values; ``description`` is a neutral sentence for logs and tests. The front doors
/// phrase the parameter cases in their own words (the CLI with its option names, the service with its
/// field names); the file cases already name file, line and column.
public enum SelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case randomShareOutOfRange(Double)
    case excludeDaysOutOfRange(Int)
    /// A total or a region's quota below 0 or above ``SelectionPolicy/maxCapacity``.
    case capacityOutOfRange(Int)
    case noRegions
    case badCapacity(file: String, line: Int, value: String)
    case emptyRegion(file: String, line: Int)
    case duplicateRegion(file: String, line: Int, region: String, firstLine: Int)
    case unknownRegion(file: String, line: Int, region: String, register: String, column: String)
    case capacityMismatch(given: Int, file: String, total: Int)
    case badFlag(file: String, line: Int, column: String, value: String)

    public var description: String {
        switch self {
        case .randomShareOutOfRange(let f):
            return "the random share must be a number from 0 to 1, not \(f)."
        case .excludeDaysOutOfRange(let d):
            return "the days to exclude must be a whole number from 0 to \(SelectionPolicy.maxExcludeDays), not \(d)."
        case .capacityOutOfRange(let n):
            return "the capacity must be a whole number of inspections from 0 to \(SelectionPolicy.maxCapacity), not \(n)."
        case .noRegions:
            return "the capacity file lists no regions; expected rows of region,capacity."
        case .badCapacity(let file, let line, let value):
            return "\(file), line \(line), column 'capacity': expected a whole number of inspections, 0 or more, found '\(value)'."
        case .emptyRegion(let file, let line):
            return "\(file), line \(line), column 'region': the region is empty."
        case .duplicateRegion(let file, let line, let region, let firstLine):
            return "\(file), line \(line), column 'region': region '\(region)' is listed twice (first on line \(firstLine))."
        case .unknownRegion(let file, let line, let region, let register, let column):
            return "\(file), line \(line), column 'region': region '\(region)' does not occur in column '\(column)' of \(register)."
        case .capacityMismatch(let given, let file, let total):
            return "a capacity of \(given) does not match the total capacity \(total) of \(file); give one or make them agree."
        case .badFlag(let file, let line, let column, let value):
            return "\(file), line \(line), column '\(column)': expected an exclusion flag (1, 0, true, false or empty), found '\(value)'."
        }
    }
}
