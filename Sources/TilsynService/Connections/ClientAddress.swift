import HTTPTypes
import Hummingbird

/// Which proxies in front of the service may say who the client is, in `X-Forwarded-For`.
///
/// A proxy that appends to `X-Forwarded-For` keeps whatever the client sent before its own entry, so only
/// entries written by trusted proxies, read from the right, say anything; the client is the nearest hop
/// that is not a trusted proxy. Trusting the leftmost entry would let any client choose its own address
/// (and with it a fresh rate-limit bucket, and the address the audit log records).
public enum TrustedProxies: Sendable, Equatable {
    /// No proxy: the socket peer is the client and `X-Forwarded-For` is ignored.
    case none
    /// This many proxies in a row, the nearest being the socket peer, each appending the address it saw:
    /// the client is the `count`-th address from the right, counting the peer as the first.
    case count(Int)
    /// Proxies at these addresses or networks: `X-Forwarded-For` is read only when the socket peer is one
    /// of them, and the client is the rightmost entry that is not.
    case networks([IPNetwork])
}

/// Where a request comes from, for rate limits, connection caps and the failed-lookup audit.
enum ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    static func of(_ request: Request, context: ServiceContext, trusting proxies: TrustedProxies) -> String {
        resolve(forwardedFor: request.headers[values: forwardedFor], peer: context.peerAddress, trusting: proxies)
    }

    /// The client's address: the nearest hop, from the socket peer leftwards through `X-Forwarded-For`
    /// (every such header, in order), that is not a trusted proxy.
    ///
    /// An entry that a trusted proxy should have written but that is not an address (a misconfigured
    /// proxy) ends the walk at the proxy that passed it on, so junk never becomes a bucket of its own.
    static func resolve(forwardedFor headers: [String], peer: String?, trusting proxies: TrustedProxies) -> String {
        let peerText = peer.flatMap { IPAddress($0)?.description } ?? peer ?? "unknown"
        let hops = headers.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        switch proxies {
        case .none:
            return peerText
        case .count(let count):
            guard count > 0 else { return peerText }
            // chain = hops + [peer]; the client is chain[chain.count - 1 - count], or the leftmost hop when
            // fewer proxies than configured passed the request on.
            var nearest = peerText
            for (passed, hop) in hops.reversed().enumerated() where passed < count {
                guard let address = IPAddress(hop) else { return nearest }
                nearest = address.description
            }
            return nearest
        case .networks(let networks):
            func trusted(_ address: IPAddress) -> Bool { networks.contains { $0.contains(address) } }
            guard let peerAddress = peer.flatMap({ IPAddress($0) }), trusted(peerAddress) else { return peerText }
            var nearest = peerAddress
            for hop in hops.reversed() {
                guard let address = IPAddress(hop) else { return nearest.description }
                nearest = address
                if !trusted(address) { break }
            }
            return nearest.description
        }
    }

    /// What limits count by for `address`: the address, or its /64 for IPv6 (see ``IPAddress/limitKey``).
    static func limitKey(_ address: String) -> String {
        IPAddress(address)?.limitKey ?? address
    }

    /// The IPv6 /48 of `address` for the aggregate limit (see ``IPAddress/siteKey``); `nil` for IPv4 and
    /// for anything that is not an address.
    static func siteKey(_ address: String) -> String? {
        IPAddress(address)?.siteKey
    }
}
