#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// The service's address cannot be listened on: another program holds the port, or the host is not
/// an address of this machine, or the port needs privileges. Carries the fields; each front door
/// phrases it (the CLI with its option names).
public struct ListenError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Another socket is listening on the port (EADDRINUSE).
        case inUse
        /// Binding was refused for another reason, in the system's words.
        case other(String)
    }

    public var host: String
    public var port: Int
    public var reason: Reason

    public var description: String {
        switch reason {
        case .inUse: "port \(port) on \(host) is already in use by another program"
        case .other(let why): "cannot listen on \(host) port \(port): \(why)"
        }
    }
}

/// Checks that the service's address can be listened on, before the minutes of loading a register,
/// so that a port in use is named at once instead of after the work.
///
/// It binds a listening socket the way the service will (SO_REUSEADDR, as NIO sets it) and closes it
/// again. Another program could take the port in between; the service's own bind then still fails,
/// only later.
public enum PortCheck {
    public static func ensureListenable(host: String, port: Int) async throws {
        guard port != 0 else { return }  // any free port: nothing to check
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ListenError(host: host, port: port, reason: .inUse)
        } catch let error as IOError {
            throw ListenError(host: host, port: port, reason: .other(Self.words(errno: error.errnoCode)))
        } catch {
            throw ListenError(host: host, port: port, reason: .other("\(error)"))
        }
        try? await channel.close().get()
    }

    /// The system's sentence for an errno, lower-cased at the start to sit inside ours.
    private static func words(errno: Int32) -> String {
        let text = String(cString: strerror(errno))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
