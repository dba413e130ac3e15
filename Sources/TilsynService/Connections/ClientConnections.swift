import NIOConcurrencyHelpers

/// The open connections of every client and every IPv6 site, for the caps
/// ``ConnectionLimits/perClient`` (an IPv4 address or an IPv6 /64) and ``ConnectionLimits/perSite`` (an
/// IPv6 /48).
///
/// Shared by every connection's ``ConnectionGuard``, which registers itself when the connection opens,
/// says when it starts and stops waiting for a request head, and leaves when it closes.
///
/// The site cap exists because a /64 is cheap: whoever holds a /48 (the usual assignment to one site)
/// holds 65,536 of them, each with its own per-client allowance, enough to take every connection the
/// service has; counted by /48 too, such a holder gets ``ConnectionLimits/perSite`` connections in all.
final class ClientConnections: Sendable {
    struct Entry {
        var client: String
        var site: String?
        /// Closes the connection (from any thread).
        var close: @Sendable () -> Void
        var waitingForHead: Bool
    }

    /// What to do with a new connection.
    enum Admission {
        case admitted
        /// Admitted, after closing these older connections of the same client or site (each was
        /// waiting for a request head).
        case admittedEvicting(close: [@Sendable () -> Void])
        case refused
    }

    struct State {
        var next = 0
        /// Every open connection by id; ids grow, so a smaller id is an older connection.
        var entries: [Int: Entry] = [:]
        var byClient: [String: [Int]] = [:]
        var bySite: [String: [Int]] = [:]
    }

    let cap: Int
    let siteCap: Int?
    private let state = NIOLockedValueBox(State())

    init(cap: Int, siteCap: Int? = nil) {
        self.cap = cap
        self.siteCap = siteCap
    }

    /// Registers a connection of `client` (in IPv6 `site`), closed by `close` if it is evicted later; the id
    /// is for the later calls.
    ///
    /// When the client or its site is at its cap, the oldest of its connections that is waiting for a
    /// request head is closed to make room; when none is waiting, the new connection is refused.
    func admit(_ client: String, site: String? = nil, close: @escaping @Sendable () -> Void) -> (id: Int, admission: Admission) {
        state.withLockedValue { state in
            state.next += 1
            let id = state.next
            var evicted: [Int] = []
            func oldestWaiting(_ ids: [Int]) -> Int? {
                ids.filter { !evicted.contains($0) && state.entries[$0]?.waitingForHead == true }.min()
            }
            let clientIDs = state.byClient[client, default: []]
            if clientIDs.count >= cap {
                guard let oldest = oldestWaiting(clientIDs) else { return (id, .refused) }
                evicted.append(oldest)
            }
            if let site, let siteCap {
                let siteIDs = state.bySite[site, default: []].filter { !evicted.contains($0) }
                if siteIDs.count >= siteCap {
                    guard let oldest = oldestWaiting(siteIDs) else { return (id, .refused) }
                    evicted.append(oldest)
                }
            }
            let closes = evicted.compactMap { state.entries[$0]?.close }
            for old in evicted { Self.remove(old, from: &state) }
            state.entries[id] = Entry(client: client, site: site, close: close, waitingForHead: true)
            state.byClient[client, default: []].append(id)
            if let site { state.bySite[site, default: []].append(id) }
            return (id, closes.isEmpty ? .admitted : .admittedEvicting(close: closes))
        }
    }

    func setWaiting(id: Int, _ waiting: Bool) {
        state.withLockedValue { $0.entries[id]?.waitingForHead = waiting }
    }

    func remove(id: Int) {
        state.withLockedValue { Self.remove(id, from: &$0) }
    }

    private static func remove(_ id: Int, from state: inout State) {
        guard let entry = state.entries.removeValue(forKey: id) else { return }
        state.byClient[entry.client]?.removeAll { $0 == id }
        if state.byClient[entry.client]?.isEmpty == true { state.byClient[entry.client] = nil }
        if let site = entry.site {
            state.bySite[site]?.removeAll { $0 == id }
            if state.bySite[site]?.isEmpty == true { state.bySite[site] = nil }
        }
    }

    /// Open connections of `client` (for tests).
    func count(_ client: String) -> Int { state.withLockedValue { $0.byClient[client]?.count ?? 0 } }

    /// Open connections of IPv6 `site` (for tests).
    func count(site: String) -> Int { state.withLockedValue { $0.bySite[site]?.count ?? 0 } }
}
