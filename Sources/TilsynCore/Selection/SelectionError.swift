/// A list option or capacity file that cannot be used, said in one sentence naming the option or the
/// file, line and column.
public enum SelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case randomShareOutOfRange(Double)
    case negativeExcludeDays(Int)
    case negativeCapacity(Int)
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
            return "--random-share must be a number from 0 to 1, not \(f)."
        case .negativeExcludeDays(let d):
            return "--exclude-days must be 0 or more days, not \(d)."
        case .negativeCapacity(let n):
            return "--capacity must be 0 or more inspections, not \(n)."
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
            return "--capacity \(given) does not match the total capacity \(total) of \(file); give one or make them agree."
        case .badFlag(let file, let line, let column, let value):
            return "\(file), line \(line), column '\(column)': expected an exclusion flag (1, 0, true, false or empty), found '\(value)'."
        }
    }
}
