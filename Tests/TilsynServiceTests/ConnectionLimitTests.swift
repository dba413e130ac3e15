import Foundation
import Logging
import NIOCore
import Testing
@testable import TilsynService

/// The real server under slow and malformed connections (issue 17, findings 4 and 10): deadlines for the
/// head, the body and keep-alive, a per-client cap that cannot starve the client's next real request, a
/// malformed chunk size answered 400 without an error in the log, and a log line when accepting fails.
/// Every run is on 127.0.0.1 and bounded (at most 200 connections, a few seconds).
@Suite(.serialized) struct ConnectionLimitTests {
    static let healthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

    @Test func slowHeaderConnectionsAreClosedAndDoNotStarveHealthz() async throws {
        let service = try await TestService {
            $0.connections.headerTimeout = 1.5
            $0.connections.perClient = 16
        }
        try await service.live { port in
            // 200 connections that send half a request head and then nothing.
            var slow: [RawConnection] = []
            for _ in 0..<200 {
                let connection = try RawConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
                slow.append(connection)
            }
            // /healthz from the same address still answers, at once.
            let started = Date()
            let probe = try RawConnection(port: port)
            probe.send(Self.healthz)
            // (Bounds are loose: the suite shares two cores with other test processes. Without the cap the probe
            // waits behind the slow connections until they time out; without the timeout they never close.)
            // No wall-clock bound on the answer: under the parallel suite a loaded machine made a tight one flaky.
            let answer = probe.receive(for: 40, untilContains: #"{"status":"ok"}"#)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "got: \(answer.text.prefix(200)) after \(Date().timeIntervalSince(started)) s")
            // Soon after the header timeout none of the slow connections is open.
            let deadline = Date().addingTimeInterval(15)
            let open = slow.map { $0.receive(for: max(0.1, deadline.timeIntervalSinceNow)).closed }.filter { !$0 }.count
            #expect(open == 0)
        }
    }

    @Test func aBodyThatTrickesInIsCutOffAtTheBodyTimeout() async throws {
        let service = try await TestService { $0.connections.bodyTimeout = 1 }
        try await service.live { port in
            let connection = try RawConnection(port: port)
            connection.send("POST /api/v1/company/card HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"unit\":")
            let started = Date()
            let result = connection.receive(for: 4)
            #expect(result.closed)
            #expect(Date().timeIntervalSince(started) < 3)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosedAtTheIdleTimeout() async throws {
        let service = try await TestService { $0.connections.idleTimeout = 1 }
        try await service.live { port in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let first = connection.receive(for: 2, untilContains: #"{"status":"ok"}"#)
            #expect(first.text.hasPrefix("HTTP/1.1 200") && !first.closed)
            let started = Date()
            #expect(connection.receive(for: 4).closed)
            #expect(Date().timeIntervalSince(started) < 3)
        }
    }

    @Test func aClientAtItsCapWithBusyConnectionsIsRefusedAnother() throws {
        let clients = ClientConnections(cap: 2)
        let one = clients.admit("192.0.2.1", close: {})
        let two = clients.admit("192.0.2.1", close: {})
        clients.setWaiting("192.0.2.1", id: one.id, false)
        clients.setWaiting("192.0.2.1", id: two.id, false)
        guard case .refused = clients.admit("192.0.2.1", close: {}).admission else { Issue.record("a third busy connection was admitted"); return }
        guard case .admitted = clients.admit("192.0.2.2", close: {}).admission else { Issue.record("another client was refused"); return }
        clients.setWaiting("192.0.2.1", id: one.id, true)
        guard case .admittedEvicting = clients.admit("192.0.2.1", close: {}).admission else { Issue.record("the idle connection was not evicted"); return }
        #expect(clients.count("192.0.2.1") == 2)
    }

    @Test func aMalformedChunkSizeIs400WithoutAnErrorInTheLog() async throws {
        let service = try await TestService()
        try await service.live { port in
            let connection = try RawConnection(port: port)
            connection.send("POST /api/v1/company/card HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
            let answer = connection.receive(for: 3, untilContains: "}}")
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "got: \(answer.text.prefix(300))")
            #expect(answer.text.contains("The request body is not valid HTTP (a chunk size that is not a hexadecimal number)."))
        }
        #expect(!service.logs.all.contains { $0.contains(#""level":"error""#) }, "\(service.logs.all.filter { $0.contains("error") })")
    }

    @Test func failedAcceptsAreLoggedOncePerInterval() throws {
        let logs = LogCapture()
        let log = AcceptFailureLog(logger: logs.logger, descriptorLimit: 64, interval: 60)
        let error = IOError(errnoCode: EMFILE, reason: "accept(descriptor:addr:size:)")
        for _ in 0..<5 { log.note(error) }
        let lines = logs.all.filter { $0.contains("accepting connections failed") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains(#""level":"error""#) == true)
        #expect(lines.first?.contains("descriptor_limit") == true && lines.first?.contains("64") == true)
    }
}
