import TilsynCore
import Foundation

/// A job's refusal of what it was given, as data: the parameter, the value, what was expected.
///
/// No sentence here names a flag or a field; ``sentence(in:)`` phrases it with the front door's
/// ``Vocabulary``. Values quoted are cut to about 80 characters (``Abbreviated``).
public enum JobError: Error, Sendable, Equatable {
    /// `parameter` holds `value`, which is not `expected` (a phrase: "a calendar date YYYY-MM-DD").
    case invalid(Parameter, value: String, expected: String)
    /// Neither of the parameters that give a value was given.
    case missing(Parameter, or: Parameter?)
    /// Two parameters that must agree do not: `value` of `parameter` against `other`'s `total`.
    case mismatch(Parameter, value: Int, other: Parameter, total: Int)
    /// A parameter names a register column that is already read as something else (a model feature of
    /// another kind, the unit column): `role` says what it is, `expected` what this parameter needs.
    case columnInUse(Parameter, column: String, role: String, expected: String)
    /// `parameter` names `value`, which is not in `among` ("the register's regions"), whose members are `known`.
    case unknown(Parameter, value: String, among: String, known: [String])
    /// `parameter` needs the register's `column`, which the register does not have.
    case columnMissing(Parameter, column: String)
    /// `parameter` names `value` twice.
    case repeated(Parameter, value: String)
    /// The model lacks the board's approval (the ``ApprovalGate`` refused it).
    case notApproved(ApprovalRefusal)
    /// A board decision was asked for without a board token (``RecordDecision``).
    case boardTokenMissing
    /// The token given is unknown, revoked or expired; which of them is not said, so a caller cannot probe.
    case boardTokenInvalid
    /// The token given is valid but for another role (its raw value: `inspector`).
    case boardTokenWrongRole(String)

    /// The sentence, in the door's words.
    public func sentence(in words: some Vocabulary) -> String {
        func quoted(_ value: String) -> String {
            guard words.quotesValues else { return "" }
            // Numbers read as numbers ("not 1.5"); anything else is quoted ("not '2026-02-30'").
            return Double(value) != nil ? ", not \(value)" : ", not '\(Abbreviated.text(value))'"
        }
        switch self {
        case .invalid(let p, let value, let expected):
            return "\(words.name(p)) must be \(expected)\(quoted(value))."
        case .missing(let p, let other?):
            return "give \(words.name(p)) or \(words.name(other))."
        case .missing(let p, nil):
            return "give \(words.name(p))."
        case .mismatch(let p, let value, let other, let total):
            return "\(words.name(p)) \(value) does not match the total \(total) of \(words.name(other)); give one or make them agree."
        case .columnInUse(let p, let column, let role, let expected):
            return "\(words.name(p)) names column '\(Abbreviated.text(column))', which is \(role); it needs \(expected)."
        case .unknown(let p, let value, let among, let known):
            let shown = words.quotesValues ? "'\(Abbreviated.text(value))'" : "a value"
            let list = known.isEmpty ? "there are none" : known.prefix(12).map { Abbreviated.text($0, limit: 40) }.joined(separator: ", ") + (known.count > 12 ? ", …" : "")
            return "\(words.name(p)) names \(shown), which is not in \(among) (\(list))."
        case .columnMissing(let p, let column):
            return "\(words.name(p)) needs the register's column '\(Abbreviated.text(column))', which it does not have."
        case .repeated(let p, let value):
            return "\(words.name(p)) names '\(Abbreviated.text(value))' twice."
        case .notApproved(let refusal):
            return refusal.description
        case .boardTokenMissing:
            return "a board decision needs the board token of the member who records it, in \(words.name(.token)); a board member gets one from `tilsyn tokens issue --role board --name NAME`."
        case .boardTokenInvalid:
            return "the token in \(words.name(.token)) is not a valid token (unknown, revoked or expired), so no decision was recorded."
        case .boardTokenWrongRole(let role):
            return "the token in \(words.name(.token)) is \(role == "inspector" ? "an" : "a") \(role) token; a board decision needs a board token, so none was recorded."
        }
    }
}

/// Which model the approval gate refused, and for what.
public struct ApprovalRefusal: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var version: String
    public var fingerprint: String

    /// "model 'grundtilsyn' 2026.1 (fingerprint 97c3…) has not been approved by the board".
    public var description: String {
        "model '\(name)' \(version) (fingerprint \(fingerprint.prefix(16))) has not been approved by the board"
    }
}

extension SelectionError {
    /// The sentence in a front door's words: parameter cases name the parameter; file cases keep their
    /// sentence, which names file, line and column.
    public func sentence(in words: some Vocabulary) -> String {
        switch self {
        case .randomShareOutOfRange(let f):
            return JobError.invalid(.randomShare, value: "\(f)", expected: "a number from 0 to 1").sentence(in: words)
        case .excludeDaysOutOfRange(let d):
            return JobError.invalid(.excludeDays, value: "\(d)", expected: "a whole number of days from 0 to \(SelectionPolicy.maxExcludeDays)").sentence(in: words)
        case .capacityOutOfRange(let n):
            return JobError.invalid(.capacity, value: "\(n)", expected: "a whole number of inspections from 0 to \(SelectionPolicy.maxCapacity)").sentence(in: words)
        case .capacityMismatch(let given, let file, let total):
            return "\(words.name(.capacity)) \(given) does not match the total capacity \(total) of \(file); give one or make them agree."
        case .floorProbabilityOutOfRange(let eps):
            return JobError.invalid(.floorProbability, value: "\(eps)", expected: "a number greater than 0 and less than 1").sentence(in: words)
        case .floorTooHigh(let eps, let region, let candidates, let places):
            let place = region.map { "region '\($0)'" } ?? "the list"
            return "\(words.name(.floorProbability)) \(eps) for each of the \(candidates) candidates of \(place) needs \(ReportNumberText.short(eps * Double(candidates))) risk places on average, more than its \(places); give at most \(ReportNumberText.short(Double(places) / Double(max(candidates, 1))))."
        case .noRegions:
            return "\(words.name(.capacityPerRegion)) lists no regions; expected rows of region and capacity."
        default:
            return description
        }
    }
}

/// Numbers in sentences: at most six significant digits, no trailing zeros.
enum ReportNumberText {
    static func short(_ x: Double) -> String {
        let text = String(format: "%.6g", x)
        return text
    }
}
