import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import TilsynStore

/// Who is calling: the holder of a verified role token.
public struct Caller: Sendable, Equatable {
    /// The token's id in the store (never its secret).
    public var tokenID: Int64
    /// The name the token was issued to; recorded as the actor of everything the caller does.
    public var name: String
    public var role: Role
}

/// The per-request context: the verified caller (if a token was sent), the peer's address and Hummingbird's
/// request id, and a decoder that turns malformed bodies into one sentence.
public struct ServiceContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Caller?
    /// The socket peer's IP address; `nil` in in-process tests, which have no socket.
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    public var requestDecoder: BodyDecoder { BodyDecoder() }
}
