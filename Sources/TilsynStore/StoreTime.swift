import Foundation

/// The store's reading of the ISO 8601 times callers pass in.
///
/// Times arrive as text from the caller (the CLI's clock, the server's clock, a test's constant) so tests
/// are deterministic; they are compared as instants, not as strings, because `2027-01-01` and
/// `2026-12-31T23:30:00-01:00` do not sort correctly as text.
enum StoreTime {
    /// The instant `text` names: a full time with `Z` or an offset (fractional seconds allowed), or a bare
    /// date, which means its midnight in UTC.
    /// - Throws: ``StoreError/invalidTime(field:value:)`` naming `field`.
    static func parse(_ text: String, field: String) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: trimmed) { return date }
        if trimmed.utf8.count == 10 {
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            day.timeZone = TimeZone(identifier: "UTC")
            if let date = day.date(from: trimmed) { return date }
        }
        throw StoreError.invalidTime(field: field, value: text)
    }

    /// `text` checked and returned as given (the caller's spelling is kept in the record).
    static func checked(_ text: String, field: String) throws -> String {
        _ = try parse(text, field: field)
        return text
    }
}
