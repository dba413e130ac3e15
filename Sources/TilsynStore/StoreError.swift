import Foundation
import GRDB

/// A store failure, in one sentence naming the file or field.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case emptyField(field: String)
    /// A caller's value that the store refuses; `reason` completes the sentence after the field's name.
    case invalidField(field: String, reason: String)
    /// A time that is not ISO 8601; every time the store keeps or compares is one.
    case invalidTime(field: String, value: String)
    /// No row with this id in the named table (`token`, `correction`, …).
    case notFound(kind: String, id: Int64)

    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason): return "cannot open the store \(file): \(reason)."
        case .emptyField(let field): return "\(field) must not be empty; the board's record needs it."
        case .invalidField(let field, let reason): return "\(field) \(reason)."
        case .invalidTime(let field, let value):
            return "\(field) must be an ISO 8601 date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ), not '\(value)'."
        case .notFound(let kind, let id): return "there is no \(kind) with id \(id) in the store."
        }
    }
}

extension StoreError {
    /// A store failure as a phrase to put inside a larger sentence: a ``StoreError``'s sentence without
    /// its full stop, or SQLite's own message for a database error.
    public static func reason(of error: any Error) -> String {
        var text: String
        if let error = error as? DatabaseError {
            text = error.message ?? "\(error.resultCode)"
        } else {
            text = "\(error)"
        }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Checks on text a caller hands the store, each failing with a sentence that names the field.
enum FieldCheck {
    /// `value` trimmed; throws when it is empty or longer than `limit` characters.
    static func required(_ value: String, field: String, limit: Int) throws -> String {
        let trimmed = trimmed(value)
        if trimmed.isEmpty { throw StoreError.invalidField(field: field, reason: "must not be empty") }
        return try limited(trimmed, field: field, limit: limit)
    }

    /// `value` trimmed, or `nil` when it is absent or blank; throws when longer than `limit` characters.
    static func optional(_ value: String?, field: String, limit: Int) throws -> String? {
        guard let value else { return nil }
        let trimmed = trimmed(value)
        guard !trimmed.isEmpty else { return nil }
        return try limited(trimmed, field: field, limit: limit)
    }

    /// `value.trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation's scan when the
    /// text starts and ends with a visible ASCII character (a unit id, a format, a model fingerprint):
    /// then neither end is whitespace, so there is nothing to trim. Every card's record checks seven
    /// fields, and Foundation's trim was a thirtieth of a card's CPU time.
    static func trimmed(_ value: String) -> String {
        let utf8 = value.utf8
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return value
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func limited(_ value: String, field: String, limit: Int) throws -> String {
        let count = value.count
        if count > limit {
            throw StoreError.invalidField(field: field, reason: "must be at most \(limit) characters, not \(count)")
        }
        return value
    }
}
