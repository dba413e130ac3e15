import Foundation
import Logging
import NIOConcurrencyHelpers
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
            let answer = await probe.receive(for: 40, untilContains: #"{"status":"ok"}"#)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "got: \(answer.text.prefix(200)) after \(Date().timeIntervalSince(started)) s")
            // Soon after the header timeout none of the slow connections is open.
            let deadline = Date().addingTimeInterval(15)
            var open = 0
            for connection in slow where !(await connection.receive(for: max(0.1, deadline.timeIntervalSinceNow)).closed) { open += 1 }
            #expect(open == 0)
        }
    }

    @Test func aBodyThatTrickesInIsCutOffAtTheBodyTimeout() async throws {
        let service = try await TestService { $0.connections.bodyTimeout = 1 }
        try await service.live { port in
            let connection = try RawConnection(port: port)
            connection.send("POST /api/v1/company/card HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"unit\":")
            let started = Date()
            let result = await connection.receive(for: 30)
            #expect(result.closed)
            #expect(Date().timeIntervalSince(started) < 25)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosedAtTheIdleTimeout() async throws {
        let service = try await TestService { $0.connections.idleTimeout = 1 }
        try await service.live { port in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            // Generous waits: on a loaded machine the first answer can take seconds. The server must
            // then close the idle connection itself; without an idle timeout it would stay open past
            // the whole 30-second wait.
            let first = await connection.receive(for: 30, untilContains: #"{"status":"ok"}"#)
            #expect(first.text.hasPrefix("HTTP/1.1 200") && !first.closed)
            let started = Date()
            #expect(await connection.receive(for: 30).closed)
            #expect(Date().timeIntervalSince(started) < 25)
        }
    }

    @Test func aClientAtItsCapWithBusyConnectionsIsRefusedAnother() throws {
        let clients = ClientConnections(cap: 2)
        let one = clients.admit("192.0.2.1", close: {})
        let two = clients.admit("192.0.2.1", close: {})
        clients.setWaiting(id: one.id, false)
        clients.setWaiting(id: two.id, false)
        guard case .refused = clients.admit("192.0.2.1", close: {}).admission else { Issue.record("a third busy connection was admitted"); return }
        guard case .admitted = clients.admit("192.0.2.2", close: {}).admission else { Issue.record("another client was refused"); return }
        clients.setWaiting(id: one.id, true)
        guard case .admittedEvicting = clients.admit("192.0.2.1", close: {}).admission else { Issue.record("the idle connection was not evicted"); return }
        #expect(clients.count("192.0.2.1") == 2)
    }

    /// One /48 holds 65,536 /64s, each a client of its own: the site cap bounds them together. A site at
    /// its cap gives up its oldest connection waiting for a head (whichever /64 holds it), refuses when
    /// all are busy, and other sites and IPv4 clients are not affected.
    @Test func anIPv6SiteAtItsCapGivesUpItsOldestIdleConnectionOrRefuses() throws {
        let clients = ClientConnections(cap: 2, siteCap: 3)
        func key(_ text: String) throws -> (client: String, site: String?) {
            let address = try #require(IPAddress(text))
            return (address.limitKey, address.siteKey)
        }
        var ids: [Int] = []
        let closed = NIOLockedValueBox<[Int]>([])
        for (n, text) in ["2001:db8:1:1::1", "2001:db8:1:2::1", "2001:db8:1:3::1"].enumerated() {
            let k = try key(text)
            let admitted = clients.admit(k.client, site: k.site) { closed.withLockedValue { $0.append(n) } }
            guard case .admitted = admitted.admission else { Issue.record("\(text) was not admitted"); return }
            ids.append(admitted.id)
        }
        #expect(clients.count(site: "2001:db8:1::/48") == 3)
        // A fourth /64 of the same site: the oldest (the first /64's, still waiting for its head) is closed.
        let fourth = try key("2001:db8:1:4::1")
        guard case .admittedEvicting(let close) = clients.admit(fourth.client, site: fourth.site, close: {}).admission else {
            Issue.record("the site's oldest idle connection was not evicted"); return
        }
        close.forEach { $0() }
        #expect(closed.withLockedValue { $0 } == [0] && clients.count(site: "2001:db8:1::/48") == 3 && clients.count("2001:db8:1:1::/64") == 0)
        // Every connection busy: the site refuses the next one, whatever /64 it comes from.
        for id in ids.dropFirst() { clients.setWaiting(id: id, false) }
        let busy = clients.admit(fourth.client, site: fourth.site, close: {})
        clients.setWaiting(id: busy.id, false)
        #expect(clients.count(site: "2001:db8:1::/48") == 3, "the fourth /64's first connection was evicted for its second")
        let fifth = try key("2001:db8:1:5::1")
        guard case .refused = clients.admit(fifth.client, site: fifth.site, close: {}).admission else { Issue.record("a busy site took another"); return }
        let other = try key("2001:db8:2:1::1")
        guard case .admitted = clients.admit(other.client, site: other.site, close: {}).admission else { Issue.record("another site was refused"); return }
        guard case .admitted = clients.admit("192.0.2.1", close: {}).admission else { Issue.record("an IPv4 client was refused"); return }
        // A closed connection leaves both counts.
        clients.remove(id: ids[1])
        #expect(clients.count(site: "2001:db8:1::/48") == 2 && clients.count("2001:db8:1:2::/64") == 0)
    }

    @Test func aMalformedChunkSizeIs400WithoutAnErrorInTheLog() async throws {
        let service = try await TestService()
        try await service.live { port in
            let connection = try RawConnection(port: port)
            connection.send("POST /api/v1/company/card HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
            let answer = await connection.receive(for: 30, untilContains: "}}")
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
