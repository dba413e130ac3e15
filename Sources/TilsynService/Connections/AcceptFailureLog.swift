import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Logs when the listening socket fails to accept a connection (most often: out of file descriptors).
///
/// NIO backs off and retries on its own and Hummingbird logs nothing on Linux, so without this a server
/// that stops taking connections says nothing. Installed first on the server channel, so it sees the error
/// before NIO's back-off handler swallows it. At most one line per `interval` seconds, saying how many
/// failures it stands for.
final class AcceptFailureLog: ChannelInboundHandler, Sendable {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    let logger: Logger
    let interval: Double
    let descriptorLimit: Int
    private let throttle = NIOLockedValueBox<(last: ContinuousClock.Instant?, suppressed: Int)>((nil, 0))

    init(logger: Logger, descriptorLimit: Int, interval: Double = 10) {
        self.logger = logger
        self.descriptorLimit = descriptorLimit
        self.interval = interval
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        note(error)
        context.fireErrorCaught(error)
    }

    func note(_ error: any Error) {
        let now = ContinuousClock.now
        let count: Int? = throttle.withLockedValue { state in
            if let last = state.last, now - last < .milliseconds(Int64(interval * 1000)) {
                state.suppressed += 1
                return nil
            }
            defer { state = (now, 0) }
            return state.suppressed + 1
        }
        guard let count else { return }
        logger.error("accepting connections failed; new connections wait until it succeeds", metadata: [
            "error": .string("\(error)"),
            "failures": .stringConvertible(count),
            "descriptor_limit": .stringConvertible(descriptorLimit),
        ])
    }
}
