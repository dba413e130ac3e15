import TilsynCore

extension FairnessError {
    /// The sentence in a front door's words: the grouping, the split date and the evaluation file named
    /// as that door names them (`--by`, `--split-date`, `--evaluate` on the command line).
    public func sentence(in words: some Vocabulary) -> String {
        switch self {
        case .byColumnMissing(let file, let column, let available):
            let shown = available.prefix(12).map { Abbreviated.text($0, limit: 40) }.joined(separator: ", ") + (available.count > 12 ? ", …" : "")
            return "\(file): the \(words.name(.groupBy)) column '\(Abbreviated.text(column))' is not in the header (it has: \(shown))."
        case .byColumnNumeric(let column):
            return "\(words.name(.groupBy)) column '\(Abbreviated.text(column))' is a numeric feature of the model; group by a categorical column (e.g. a size band) instead."
        case .noGrouping:
            return "fairness needs at least one \(words.name(.groupBy)) column (the model's spec declares no groups to default to)."
        case .badRule(let reason):
            return reason
        case .noDateForSplit:
            return "\(words.name(.splitDate)) needs the model's spec to declare a \"date\" column (the inspection date), and this spec has none."
        case .evaluationIsTrainingData(let file):
            return "\(file) is the data the model was fitted on (same SHA-256), so it cannot evaluate the model out of sample; give \(words.name(.evaluationData)) inspections the model has not seen, or use \(words.name(.splitDate)) instead."
        }
    }
}
