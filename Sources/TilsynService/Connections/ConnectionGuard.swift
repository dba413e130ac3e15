import Logging
import NIOCore
import NIOHTTPTypes

/// One per connection, just after HTTP decoding: enforces the connection's deadlines and its client's cap
/// (``ConnectionLimits``).
///
/// It sees request parts arriving and response parts leaving, so it knows which of the three waits the
/// connection is in (for a head, for the rest of a body, or for the next request after a response) and
/// keeps exactly one deadline scheduled for it. A closed connection is logged at debug level only: a
/// flood of them must not flood the log.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ConnectionLimits
    let clients: ClientConnections?
    let trustedProxies: TrustedProxies
    let logger: Logger
    private var started = false
    private var registration: (client: String, id: Int)?
    private var deadline: Scheduled<Void>?
    private var inFlight = 0

    init(limits: ConnectionLimits, clients: ClientConnections?, trustedProxies: TrustedProxies, logger: Logger) {
        self.limits = limits
        self.clients = clients
        self.trustedProxies = trustedProxies
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inFlight += 1
            setWaiting(false)
            schedule(context, after: limits.bodyTimeout, waitingFor: "the request body")
        case .body:
            break
        case .end:
            cancelDeadline()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inFlight -= 1
            if inFlight <= 0 {
                inFlight = 0
                setWaiting(true)
                schedule(context, after: limits.idleTimeout, waitingFor: "the next request")
            }
        }
        context.write(data, promise: promise)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        if let clients, let peer = context.channel.remoteAddress?.ipAddress, let address = IPAddress(peer), !isTrustedProxy(address) {
            let client = address.limitKey
            let channel = context.channel
            let (id, admission) = clients.admit(client, site: address.siteKey) { channel.close(promise: nil) }
            switch admission {
            case .admitted:
                break
            case .admittedEvicting(let closeOlder):
                logger.debug("closed a client's or site's oldest idle connection for a new one", metadata: ["cap": .stringConvertible(clients.cap)])
                for close in closeOlder { close() }
            case .refused:
                logger.debug("refused a connection: the client or its site holds its cap of busy connections", metadata: ["cap": .stringConvertible(clients.cap)])
                context.close(promise: nil)
                return
            }
            registration = (client, id)
        }
        schedule(context, after: limits.headerTimeout, waitingFor: "a request head")
    }

    private func isTrustedProxy(_ address: IPAddress) -> Bool {
        switch trustedProxies {
        case .none: false
        case .count(let count): count > 0
        case .networks(let networks): networks.contains { $0.contains(address) }
        }
    }

    private func setWaiting(_ waiting: Bool) {
        if let registration { clients?.setWaiting(id: registration.id, waiting) }
    }

    private func schedule(_ context: ChannelHandlerContext, after seconds: Double, waitingFor what: String) {
        cancelDeadline()
        let channel = context.channel
        let logger = self.logger
        deadline = context.eventLoop.scheduleTask(in: .milliseconds(Int64((seconds * 1000).rounded()))) {
            logger.debug("closed a connection that waited too long", metadata: ["waiting_for": .string(what), "seconds": .stringConvertible(seconds)])
            channel.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    private func finish() {
        cancelDeadline()
        if let registration { clients?.remove(id: registration.id) }
        registration = nil
    }
}
