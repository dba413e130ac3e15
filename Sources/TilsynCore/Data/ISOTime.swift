import Foundation

/// Instants as Tilsyn writes them — ISO 8601 in UTC with whole seconds (`2026-11-22T07:49:00Z`) — and
/// reads them: a full time with `Z` or an offset (fractional seconds allowed), or a bare date, which
/// means its midnight in UTC.
///
/// Records hold `Date`s; text exists only at the edges (the store's columns, JSON, a command's option),
/// so a time is parsed once, where it enters, and compared as an instant: `2027-01-01` and
/// `2026-12-31T23:30:00-01:00` do not sort correctly as text.
public enum ISOTime {
    /// `2026-11-22T07:49:00Z`: the instant in UTC, whole seconds — rounded as `ISO8601DateFormatter`
    /// rounds them (to the nearest millisecond, then down to the second).
    ///
    /// Written by arithmetic for the years 1970 to 9999 (every time Tilsyn writes): a fresh
    /// `ISO8601DateFormatter` per call, as before, was most of the cost of recording a card. Other years
    /// go through the formatter. The two agree to the character (tested on random instants).
    public static func text(_ date: Date) -> String {
        // Foundation hands ICU (reference time + 1970 offset) × 1000 + 0.5 ms, which ICU takes down.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        let t = (milliseconds / 1000).rounded(.down)
        guard t >= 0, t < Double(writtenSeconds.upperBound) else {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.string(from: date)
        }
        return text(wholeSeconds: Int(t))
    }

    /// The whole seconds since 1970 that ``text(wholeSeconds:)`` spells: years 1970 to 9999.
    public static let writtenSeconds = 0..<253_402_300_800

    /// `2026-11-22T07:49:00Z` for whole seconds since 1970 in ``writtenSeconds``, by arithmetic; the one
    /// spelling of an instant, shared by ``text(_:)`` and the service's request log (which rounds as
    /// `Date.formatted(.iso8601)` does, down to the second).
    public static func text(wholeSeconds seconds: Int) -> String {
        precondition(writtenSeconds.contains(seconds), "ISOTime.text(wholeSeconds:): \(seconds) is outside 1970…9999")
        let rest = seconds % 86_400
        let (h, m, s) = (rest / 3600, rest / 60 % 60, rest % 60)
        let zero = UInt8(ascii: "0"), colon = UInt8(ascii: ":")
        let clock: [UInt8] = [UInt8(ascii: "T"), zero + UInt8(h / 10), zero + UInt8(h % 10), colon, zero + UInt8(m / 10), zero + UInt8(m % 10),
                              colon, zero + UInt8(s / 10), zero + UInt8(s % 10), UInt8(ascii: "Z")]
        return isoDate(seconds / 86_400) + String(decoding: clock, as: UTF8.self)
    }

    /// `2026-11-22` when `date` is a midnight in UTC (a day, such as a token's expiry), else ``text(_:)``.
    public static func dayOrTime(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.truncatingRemainder(dividingBy: 86_400) == 0 else { return text(date) }
        return isoDate(Int(seconds / 86_400))
    }

    /// The instant `text` names, or `nil` when it is not ISO 8601.
    ///
    /// Text as Tilsyn writes it (``text(_:)``, years 1970 to 9999) is read by arithmetic: two
    /// `ISO8601DateFormatter`s per call, as before, were a fifth of the CPU time of a card (the approval
    /// gate reads the board's latest decision for each). Anything else goes through the formatters; the
    /// two agree on every instant (tested on random instants and on malformed neighbours).
    public static func parse(_ text: String) -> Date? {
        if let date = parseWritten(text) { return date }
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

    /// `YYYY-MM-DDTHH:MM:SSZ` exactly, for the years 1970 to 9999 and a date and time that exist; `nil`
    /// otherwise (then the formatters decide).
    static func parseWritten(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { b -> Date? in
            guard b.count == 20, b[10] == UInt8(ascii: "T"), b[19] == UInt8(ascii: "Z"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else {
                return nil
            }
            func number(_ range: Range<Int>) -> Int? {
                var n = 0
                for i in range {
                    let d = Int(b[i]) - 48
                    guard d >= 0, d <= 9 else { return nil }
                    n = n * 10 + d
                }
                return n
            }
            guard let day = parseISODate(String(decoding: UnsafeBufferPointer(rebasing: b[0..<10]), as: UTF8.self)), day >= 0,
                  let h = number(11..<13), let m = number(14..<16), let s = number(17..<19), h < 24, m < 60, s < 60 else { return nil }
            return Date(timeIntervalSince1970: Double(day * 86_400 + h * 3600 + m * 60 + s))
        }
    }
}
