import ArgumentParser
import TilsynService

/// `tilsyn serve`'s options for proxies, timeouts and connection caps (one group, so the command's own
/// option list stays about the model and the register).
struct ServeConnectionOptions: ParsableArguments {
    @Flag(help: "One proxy in front that appends to X-Forwarded-For: the client is the entry it appended (same as --trusted-proxy-count 1).")
    var trustForwardedFor = false
    @Option(help: "Proxies in a row in front that append to X-Forwarded-For; the client is the nearest hop before them.")
    var trustedProxyCount: Int?
    @Option(help: ArgumentHelp("A proxy address or network (e.g. 10.0.0.0/8) whose X-Forwarded-For is read; repeatable. The client is the nearest hop not in one of them.", valueName: "address[/bits]"))
    var trustedProxy: [String] = []
    @Option(help: "Seconds a connection may take to send a complete request head.") var headerTimeout = 10.0
    @Option(help: "Seconds a request may take to send its body.") var bodyTimeout = 10.0
    @Option(help: "Seconds a kept-alive connection may wait for its next request.") var idleTimeout = 30.0
    @Option(help: "Connections one client (IPv4 address or IPv6 /64) may hold; 0: no cap.") var maxConnectionsPerClient = 32
    @Option(help: "Connections one IPv6 site (/48, 65,536 /64s) may hold in all; 0: no cap.") var maxConnectionsPerSite = 320
    @Option(help: "Connections the service holds at once (default: 3/4 of the file-descriptor limit, at most 10000).") var maxConnections: Int?

    func validate() throws {
        if let count = trustedProxyCount, !(1...10).contains(count) {
            throw ValidationError("--trusted-proxy-count must be from 1 to 10, not \(count).")
        }
        let ways = (trustForwardedFor ? 1 : 0) + (trustedProxyCount == nil ? 0 : 1) + (trustedProxy.isEmpty ? 0 : 1)
        guard ways <= 1 else {
            throw ValidationError("Give one of --trust-forwarded-for, --trusted-proxy-count and --trusted-proxy, not several.")
        }
        for text in trustedProxy where IPNetwork(text) == nil {
            throw ValidationError("--trusted-proxy must be an IPv4 or IPv6 address, optionally with /bits (e.g. 10.0.0.0/8), not '\(text)'.")
        }
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)]
        where !(value > 0 && value <= 3600) {
            throw ValidationError("\(name) must be more than 0 and at most 3600 seconds, not \(value).")
        }
        guard maxConnectionsPerClient >= 0 else { throw ValidationError("--max-connections-per-client must be 0 or more, not \(maxConnectionsPerClient).") }
        guard maxConnectionsPerSite >= 0 else { throw ValidationError("--max-connections-per-site must be 0 or more, not \(maxConnectionsPerSite).") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1, not \(maxConnections).") }
    }

    func apply(to configuration: inout ServiceConfiguration) {
        if trustForwardedFor { configuration.trustedProxies = .count(1) }
        if let trustedProxyCount { configuration.trustedProxies = .count(trustedProxyCount) }
        if !trustedProxy.isEmpty { configuration.trustedProxies = .networks(trustedProxy.compactMap(IPNetwork.init)) }
        configuration.connections.headerTimeout = headerTimeout
        configuration.connections.bodyTimeout = bodyTimeout
        configuration.connections.idleTimeout = idleTimeout
        configuration.connections.perClient = maxConnectionsPerClient == 0 ? nil : maxConnectionsPerClient
        configuration.connections.perSite = maxConnectionsPerSite == 0 ? nil : maxConnectionsPerSite
        configuration.connections.total = maxConnections
    }
}
