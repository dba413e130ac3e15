import ArgumentParser
import TilsynApplication
import TilsynCore
import TilsynService
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
        case .token: "--token (or TILSYN_TOKEN)"
        case .unit: "--id"
        case .field: "field"
        case .claimedValue: "claimed value"
        case .message: "message"
        case .contact: "contact"
        case .floorProbability: "--floor-probability"
        case .list: "--list"
        case .listID: "--list-id"
        case .groupBy: "--by"
        case .splitDate: "--split-date"
        case .evaluationData: "--evaluate"
        case .showColumn: "--show-column"
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
                return CLIError(notApproved(refusal, model: nil, db: nil, storeExists: true))
            }
            return CLIError(error.sentence(in: words))
        case let error as SelectionError:
            return CLIError(error.sentence(in: words))
        case let error as ListenError:
            switch error.reason {
            case .inUse:
                return CLIError("Port \(error.port) on \(Abbreviated.text(error.host)) is already in use by another program; stop it or give another --port (0 takes any free port).")
            case .other(let why):
                return CLIError("Cannot listen on --host \(Abbreviated.text(error.host)) --port \(error.port): \(why).")
            }
        case let error as FairnessError:
            return CLIError(error.sentence(in: words))
        case StoreError.emptyField(let field):
            return CLIError("\(storeFieldName(field)) must not be empty; the board's record needs it.")
        case StoreError.invalidField(let field, let reason):
            return CLIError("\(storeFieldName(field)) \(reason).")
        default:
            return error
        }
    }

    /// The refusal of a model without the board's approval, in one sentence that says what to do: put
    /// the model before the ethics board and record its decision with `tilsyn approve`. It does not
    /// suggest the override: a list decides who gets an inspection, and going around the board is not
    /// the fix for a missing approval.
    /// - Parameters:
    ///   - model: the model file's path, when the command knows it (then the `approve` line names it).
    ///   - db: the store the approval was looked up in.
    ///   - storeExists: whether that store exists (a missing one holds no decision at all).
    static func notApproved(_ refusal: ApprovalRefusal, model: String?, db: String?, storeExists: Bool,
                            consequence: String = "lists and cards need the ethics board's approval of this fingerprint") -> String {
        let whereLooked = db.map { storeExists ? " in the store \($0)" : " (there is no store \($0), so no decision is on record)" } ?? ""
        let command = ["tilsyn approve", model.map { "--model \($0)" }, db.map { "--db \($0)" }].compactMap { $0 }.joined(separator: " ")
        return "\(refusal)\(whereLooked): \(consequence), so put the model before the board and record its decision with `\(command) --token BOARD_TOKEN --decision approved --note MINUTES`."
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
