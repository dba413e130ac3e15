import Foundation
import TilsynCore

/// A log line's time as ISO 8601 in UTC to the second (`2026-12-01T20:45:40Z`), the text
/// `Date.formatted(.iso8601)` gives: whole seconds rounded down, spelled by ``ISOTime/text(wholeSeconds:)``.
///
/// Why not the format style: it built the text through a calendar and a time zone on every request's
/// log line. Why not ``ISOTime/text(_:)``: that rounds as `ISO8601DateFormatter` does (to the nearest
/// millisecond first), so a time just before a whole second would be logged a second later than the
/// format style logged it. `JSONLogHandlerTests.theTimeIsTheFormatStylesTime` compares this with
/// `Date.formatted(.iso8601)` on random times from 1970 to 9999.
enum LogTime {
    static func text(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= 0, seconds < Double(ISOTime.writtenSeconds.upperBound) else { return date.formatted(.iso8601) }
        return ISOTime.text(wholeSeconds: Int(seconds))
    }
}
