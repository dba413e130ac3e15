import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Hummingbird
import ServiceLifecycle
import TilsynService

extension TestService {
    /// Runs the real server (sockets, connection deadlines and caps) on 127.0.0.1 at a free port while `body` runs.
    func live<Value: Sendable>(_ body: @Sendable (Int) async throws -> Value) async throws -> Value {
        let router = try ServiceApplication.router(served: served, database: database, configuration: configuration,
                                                   clock: clock.clock, logger: logs.logger)
        var configuration = self.configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = ServiceApplication.application(router: router, configuration: configuration, logger: logs.logger) { port in
            portSink.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logs.logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ServiceFixtureError("the server did not start") }
            do {
                let value = try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// A plain TCP connection to 127.0.0.1, for sending what an HTTP client would not (half a header, a bad chunk).
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServiceFixtureError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw ServiceFixtureError("connect() failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Everything received until the peer closes or `seconds` pass; `closed` says which.
    ///
    /// The socket is read without blocking and the wait between reads is a `Task.sleep`: the server under
    /// test runs on the same small cooperative thread pool, and a blocking read here would take one of its
    /// threads away for the whole wait (on a 2-core machine, half the server).
    func receive(for seconds: Double, untilContains marker: String? = nil) async -> (text: String, closed: Bool) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if n > 0 {
                received += buffer[0..<n]
                if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try? await Task.sleep(for: .milliseconds(20))
            } else {
                return (String(decoding: received, as: UTF8.self), true)
            }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }
}
