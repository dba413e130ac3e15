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
    /// The floor probability is not strictly between 0 and 1.
    case floorProbabilityOutOfRange(Double)
    /// A stratum's risk places cannot give every candidate the floor: `floor × candidates > places`.
    case floorTooHigh(floor: Double, region: String?, candidates: Int, places: Int)

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
        case .floorProbabilityOutOfRange(let eps):
            return "the floor probability must be a number greater than 0 and less than 1, not \(eps)."
        case .floorTooHigh(let eps, let region, let candidates, let places):
            let place = region.map { "region '\($0)'" } ?? "the list"
            return "a floor probability of \(eps) for each of the \(candidates) candidates of \(place) needs more risk places on average than its \(places); lower the floor to at most \(places) / \(candidates)."
        case .badFlag(let file, let line, let column, let value):
            return "\(file), line \(line), column '\(column)': expected an exclusion flag (1, 0, true, false or empty), found '\(value)'."
        }
    }
}
