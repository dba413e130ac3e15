import Foundation
import TilsynCore
import TilsynStore

/// Recorded lists as cards read them, each read from the store and parsed once.
///
/// A card names the list its unit is on, so every card used to read the store's lists, their rows
/// and their manifests again — a tenth of a card request's time. A recorded list never changes (the
/// store's append-only triggers refuse updates and deletes of lists and their rows), so a list once
/// read stays true: only which lists exist is asked of the store per card.
final class IssuedListCache: @unchecked Sendable {
    private struct Entry {
        var list: IssuedList
        var units: Set<String>
    }

    private let lock = NSLock()
    private var entries: [Int64: Entry] = [:]

    /// The list with `id` and whether `unit` is on it, reading it with `load` the first time.
    func list(id: Int64, containing unit: String, load: () async throws -> IssuedList?) async throws -> (list: IssuedList, contains: Bool)? {
        if let entry = lock.withLock({ entries[id] }) { return (entry.list, entry.units.contains(unit)) }
        guard let list = try await load() else { return nil }
        let entry = Entry(list: list, units: Set(list.rows.map(\.unit)))
        lock.withLock { entries[id] = entry }
        return (list, entry.units.contains(unit))
    }
}
