import Foundation
import TilsynCore

/// The store's times: `Date`s in its API, ISO 8601 text in its columns (the on-disk format of every
/// store written so far, and the text the audit log hashes).
///
/// Written as ``ISOTime/text(_:)`` (UTC, whole seconds); a day such as a token's expiry as
/// ``ISOTime/dayOrTime(_:)``. Read once per row into a `Date`, never re-parsed per comparison.
enum StoreTime {
    static func text(_ date: Date) -> String { ISOTime.text(date) }

    /// The instant a stored column holds.
    /// - Throws: ``StoreError/invalidTime(field:value:)`` naming the column when the text is not ISO 8601
    ///   (only an edited file can hold such text).
    static func date(_ text: String, field: String) throws -> Date {
        guard let date = ISOTime.parse(text) else { throw StoreError.invalidTime(field: field, value: text) }
        return date
    }
}
