import NIOPosix
import TilsynStore

/// The store, called off the request threads.
///
/// The store's methods are synchronous SQLite calls that may wait on a busy file (another `tilsyn`
/// command writing). Run on Swift's cooperative pool — two threads on a two-core machine — one such wait
/// would stall every request; on NIO's blocking pool it stalls only its own.
public struct StoreGateway: Sendable {
    public let database: TilsynDatabase

    public init(_ database: TilsynDatabase) { self.database = database }

    public func run<T: Sendable>(_ body: @escaping @Sendable (TilsynDatabase) throws -> T) async throws -> T {
        let database = self.database
        return try await NIOThreadPool.singleton.runIfActive { try body(database) }
    }
}
