/// A problem with the inputs of a fairness report, as data: the file and the grouping column.
///
/// ``description`` is a neutral sentence that names no flag or field; each front door phrases the
/// parameters in its own words (`sentence(in:)` in TilsynApplication: `--by`, `--split-date`, `--evaluate`).
public enum FairnessError: Error, Sendable, Equatable, CustomStringConvertible {
    case byColumnMissing(file: String, column: String, available: [String])
    case byColumnNumeric(column: String)
    case noGrouping
    case badRule(String)
    /// A split by date needs the spec's inspection date column.
    case noDateForSplit
    /// The file to evaluate on is the model's own training data.
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
            return "splitting the data by date needs the model's spec to declare a \"date\" column (the inspection date), and this spec has none."
        case .evaluationIsTrainingData(let file):
            return "\(file) is the data the model was fitted on (same SHA-256), so it cannot evaluate the model out of sample; give inspections the model has not seen, or split the data by date."
        }
    }
}
