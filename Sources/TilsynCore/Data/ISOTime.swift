import Foundation

/// Instants as Tilsyn writes them — ISO 8601 in UTC with whole seconds (`2026-11-22T07:49:00Z`) — and
/// reads them: a full time with `Z` or an offset (fractional seconds allowed), or a bare date, which
/// means its midnight in UTC.
///
/// Records hold `Date`s; text exists only at the edges (the store's columns, JSON, a command's option),
/// so a time is parsed once, where it enters, and compared as an instant: `2027-01-01` and
/// `2026-12-31T23:30:00-01:00` do not sort correctly as text.
public enum ISOTime {
    /// `2026-11-22T07:49:00Z`.
    public static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `2026-11-22` when `date` is a midnight in UTC (a day, such as a token's expiry), else ``text(_:)``.
    public static func dayOrTime(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.truncatingRemainder(dividingBy: 86_400) == 0 else { return text(date) }
        return isoDate(Int(seconds / 86_400))
    }

    /// The instant `text` names, or `nil` when it is not ISO 8601.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: trimmed) { return date }
        if trimmed.utf8.count == 10, let day = parseISODate(trimmed) {
            return Date(timeIntervalSince1970: Double(day) * 86_400)
        }
        return nil
    }
}
