import ArgumentParser
import TilsynApplication
import TilsynCore
import TilsynStore

/// The command line's words for the parameters of a job: its option names.
struct CLIVocabulary: Vocabulary {
    /// `tilsyn serve` names the flags lists may use `--exclude-if-column` (a list names them `--exclude-if`).
    var serving = false

    func name(_ parameter: Parameter) -> String {
        switch parameter {
        case .excludeIf where serving: "--exclude-if-column"
        case .model: "--model"
        case .register: "--data"
        case .asOf: "--as-of"
        case .capacity: "--capacity"
        case .capacityPerRegion: "--capacity-file"
        case .randomShare: "--random-share"
        case .seed: "--seed"
        case .excludeDays: "--exclude-days"
        case .excludeIf: "--exclude-if"
        case .lastInspectionColumn: "--last-inspection-column"
        case .regionColumn: "--region-column"
        case .flagColumns: "--exclude-if-column"
        case .language: "--lang"
        case .allowUnapproved: "--allow-unapproved"
        case .decision: "--decision"
        case .decidedBy: "--by"
        case .note: "--note"
        case .unit: "--id"
        case .field: "field"
        case .claimedValue: "claimed value"
        case .message: "message"
        case .contact: "contact"
        case .floorProbability: "--floor-probability"
        case .list: "--list"
        case .listID: "--list-id"
        }
    }

    var quotesValues: Bool { true }

    /// The store's field names as the options that carry them.
    static let storeFields: [String: Parameter] = ["decided_by": .decidedBy, "note": .note]
}

/// Turns the errors of the jobs and the layers below into the command line's sentences: the one place
/// the CLI phrases them, at its entry point (``Tilsyn/run()``).
enum CLIPhrasing {
    static let words = CLIVocabulary()

    /// The error to report: a sentence in the CLI's words where the error carries parameters, else as is,
    /// with any control character escaped (``DisplayText``).
    ///
    /// Messages quote inputs (cells, ids, names), and many layers build them; escaping the finished
    /// sentence here is what guarantees that none of them sends a raw ESC or BEL to the terminal.
    /// The argument parser's own errors and help pass untouched: they hold only our text and line breaks.
    static func phrase(_ error: any Error) -> any Error {
        let phrased = phraseUnescaped(error)
        if String(reflecting: type(of: phrased)).hasPrefix("ArgumentParser.") { return phrased }
        let text = String(describing: phrased)
        return CLIError(text.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayText.escaped($0) }.joined(separator: "\n"))
    }

    static func phraseUnescaped(_ error: any Error) -> any Error {
        switch error {
        case let error as JobError:
            if case .notApproved(let refusal) = error {
                return CLIError("\(refusal); use --allow-unapproved to produce a list anyway.")
            }
            return CLIError(error.sentence(in: words))
        case let error as SelectionError:
            return CLIError(error.sentence(in: words))
        case FairnessError.byColumnMissing(let file, let column, let available):
            let shown = available.prefix(12).map { Abbreviated.text($0, limit: 40) }.joined(separator: ", ") + (available.count > 12 ? ", …" : "")
            return CLIError("\(file): the --by column '\(Abbreviated.text(column))' is not in the header (it has: \(shown)).")
        case FairnessError.byColumnNumeric(let column):
            return CLIError("--by column '\(Abbreviated.text(column))' is a numeric feature of the model; group by a categorical column (e.g. a size band) instead.")
        case FairnessError.noGrouping:
            return CLIError("fairness needs at least one --by column (the model's spec declares no groups to default to).")
        case StoreError.emptyField(let field):
            return CLIError("\(storeFieldName(field)) must not be empty; the board's record needs it.")
        case StoreError.invalidField(let field, let reason):
            return CLIError("\(storeFieldName(field)) \(reason).")
        default:
            return error
        }
    }

    static func storeFieldName(_ field: String) -> String {
        CLIVocabulary.storeFields[field].map(words.name) ?? field
    }
}

/// A failure already phrased for the command line, in one sentence.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
