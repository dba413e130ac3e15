import NIOConcurrencyHelpers

/// The open connections of every client, for the per-client cap (``ConnectionLimits/perClient``).
///
/// Shared by every connection's ``ConnectionGuard``, which registers itself when the connection opens,
/// says when it starts and stops waiting for a request head, and leaves when it closes.
final class ClientConnections: Sendable {
    struct Entry {
        var id: Int
        /// Closes the connection (from any thread).
        var close: @Sendable () -> Void
        var waitingForHead: Bool
        var opened: Int
    }

    /// What to do with a new connection.
    enum Admission {
        case admitted
        /// Admitted, after closing this older connection of the same client (it was waiting for a head).
        case admittedEvicting(close: @Sendable () -> Void)
        case refused
    }

    let cap: Int
    private let state = NIOLockedValueBox<(next: Int, clients: [String: [Entry]])>((0, [:]))

    init(cap: Int) {
        self.cap = cap
    }

    /// Registers a connection of `client`, closed by `close` if it is evicted later; the id is for the later calls.
    func admit(_ client: String, close: @escaping @Sendable () -> Void) -> (id: Int, admission: Admission) {
        state.withLockedValue { state in
            state.next += 1
            let id = state.next
            var entries = state.clients[client, default: []]
            var admission = Admission.admitted
            if entries.count >= cap {
                guard let oldest = entries.indices.filter({ entries[$0].waitingForHead }).min(by: { entries[$0].opened < entries[$1].opened }) else {
                    return (id, .refused)
                }
                admission = .admittedEvicting(close: entries[oldest].close)
                entries.remove(at: oldest)
            }
            entries.append(Entry(id: id, close: close, waitingForHead: true, opened: id))
            state.clients[client] = entries
            return (id, admission)
        }
    }

    func setWaiting(_ client: String, id: Int, _ waiting: Bool) {
        state.withLockedValue { state in
            guard let index = state.clients[client]?.firstIndex(where: { $0.id == id }) else { return }
            state.clients[client]?[index].waitingForHead = waiting
        }
    }

    func remove(_ client: String, id: Int) {
        state.withLockedValue { state in
            state.clients[client]?.removeAll { $0.id == id }
            if state.clients[client]?.isEmpty == true { state.clients[client] = nil }
        }
    }

    /// Open connections of `client` (for tests).
    func count(_ client: String) -> Int { state.withLockedValue { $0.clients[client]?.count ?? 0 } }
}
