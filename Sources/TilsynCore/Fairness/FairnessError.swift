/// A problem with the inputs of a fairness report, as data: the file and the grouping column.
///
/// ``description`` is a neutral sentence; the CLI phrases the grouping with its option name (`--by`).
public enum FairnessError: Error, Sendable, Equatable, CustomStringConvertible {
    case byColumnMissing(file: String, column: String, available: [String])
    case byColumnNumeric(column: String)
    case noGrouping
    case badRule(String)
    /// `--split-date` needs the spec's inspection date column.
    case noDateForSplit
    /// `--evaluate` was given the model's own training data.
    case evaluationIsTrainingData(file: String)

    public var description: String {
        switch self {
        case .byColumnMissing(let file, let column, let available):
            let shown = available.prefix(12).joined(separator: ", ") + (available.count > 12 ? ", …" : "")
            return "\(file): the grouping column '\(Abbreviated.text(column))' is not in the header (it has: \(shown))."
        case .byColumnNumeric(let column):
            return "the grouping column '\(Abbreviated.text(column))' is a numeric feature of the model; group by a categorical column (e.g. a size band) instead."
        case .noGrouping:
            return "fairness needs at least one grouping column (the model's spec declares no groups to default to)."
        case .badRule(let reason):
            return reason
        case .noDateForSplit:
            return "--split-date needs the model's spec to declare a \"date\" column (the inspection date), and this spec has none."
        case .evaluationIsTrainingData(let file):
            return "\(file) is the data the model was fitted on (same SHA-256), so it cannot evaluate the model out of sample; give inspections the model has not seen, or --split-date."
        }
    }
}
