/// How long a connection may take over each part of a request, and how many connections a client and the
/// whole service may hold.
///
/// Without these, a client that opens connections and sends its headers a byte at a time holds each one
/// for as long as it likes; a few thousand of them used up the process's file descriptors and `/healthz`
/// stopped answering. Every connection now has one deadline at a time:
/// - `headerTimeout` from opening to a complete request head,
/// - `bodyTimeout` from the head to the end of the body (bodies here are a few hundred bytes),
/// - `idleTimeout` from a response to the next request's complete head (keep-alive),
/// and is closed when it passes. A handler's own work has no deadline here.
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds from opening a connection to a complete request head.
    public var headerTimeout: Double = 10
    /// Seconds from a request head to the end of its body.
    public var bodyTimeout: Double = 10
    /// Seconds a kept-alive connection may wait for its next request head.
    public var idleTimeout: Double = 30
    /// Connections one client (an IPv4 address or an IPv6 /64) may hold at once; `nil` for no cap.
    ///
    /// When a client at its cap opens another, its oldest connection that is waiting for a request head is
    /// closed to make room (so a client's own slow connections cannot starve its next real request); if all
    /// of them are busy, the new one is closed. Peers that are trusted proxies are not capped: every
    /// request through them shares their address.
    public var perClient: Int? = 32
    /// Connections one IPv6 site (a /48) may hold at once, all its /64s together; `nil` for no cap.
    ///
    /// A /64 is cheap — one /48 holds 65,536 of them — so without this, one site could take every
    /// connection the service has at ``perClient`` each. The default (320, ten clients' worth) leaves
    /// room for a workplace whose staff share a /48. A site at its cap has its oldest connection that is
    /// waiting for a request head closed, as a client at its cap has. IPv4 has no sites.
    public var perSite: Int? = 320
    /// Connections the service holds at once; further ones wait in the listen backlog. `nil` picks
    /// three quarters of the process's file-descriptor limit, at most 10,000, so accepting never runs
    /// out of descriptors that the store and the log need.
    public var total: Int?

    public init() {}

    /// The ``total`` in force for a file-descriptor limit of `descriptors`.
    public func effectiveTotal(descriptors: Int) -> Int {
        total ?? max(16, min(10_000, descriptors * 3 / 4))
    }
}
