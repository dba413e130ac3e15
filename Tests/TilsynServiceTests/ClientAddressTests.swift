import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import TilsynService
import TilsynStore

/// The client behind proxies is the nearest hop that is not a trusted proxy (issue 17, finding 1), and IPv6
/// clients are limited by /64.
@Suite struct ClientAddressTests {
    @Test func oneTrustedProxyReadsTheEntryItAppendedNotTheClientsOwn() {
        // The client sent "1.2.0.7"; the proxy (peer 10.0.0.2) appended the address it saw.
        #expect(ClientAddress.resolve(forwardedFor: ["1.2.0.7, 203.0.113.9"], peer: "10.0.0.2", trusting: .count(1)) == "203.0.113.9")
        #expect(ClientAddress.resolve(forwardedFor: ["1.2.0.7", "203.0.113.9"], peer: "10.0.0.2", trusting: .count(1)) == "203.0.113.9")
        #expect(ClientAddress.resolve(forwardedFor: ["1.2.0.7, 203.0.113.9, 10.0.0.1"], peer: "10.0.0.2", trusting: .count(2)) == "203.0.113.9")
        // Fewer hops than proxies: the leftmost, which a trusted proxy wrote.
        #expect(ClientAddress.resolve(forwardedFor: ["203.0.113.9"], peer: "10.0.0.2", trusting: .count(3)) == "203.0.113.9")
        // No proxy trusted: the header is ignored.
        #expect(ClientAddress.resolve(forwardedFor: ["1.2.0.7"], peer: "198.51.100.4", trusting: .none) == "198.51.100.4")
        // Junk where the proxy's entry should be: the proxy itself, never the junk.
        #expect(ClientAddress.resolve(forwardedFor: ["1.2.0.7, evil"], peer: "10.0.0.2", trusting: .count(1)) == "10.0.0.2")
    }

    @Test func trustedNetworksAreSkippedFromTheRightAndAnUntrustedPeerIsTheClient() throws {
        let proxies = TrustedProxies.networks([try #require(IPNetwork("10.0.0.0/8")), try #require(IPNetwork("2001:db8:ffff::/48"))])
        #expect(ClientAddress.resolve(forwardedFor: ["1.2.0.7, 203.0.113.9, 10.1.1.1"], peer: "10.0.0.2", trusting: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(forwardedFor: ["10.9.9.9, 10.1.1.1"], peer: "10.0.0.2", trusting: proxies) == "10.9.9.9")
        // A client that reaches the service directly cannot speak for itself.
        #expect(ClientAddress.resolve(forwardedFor: ["1.2.0.7"], peer: "198.51.100.4", trusting: proxies) == "198.51.100.4")
        #expect(ClientAddress.resolve(forwardedFor: ["[2001:db8:1:2::5]:443"], peer: "2001:db8:ffff::1", trusting: proxies) == "2001:db8:1:2::5")
    }

    @Test func addressesParseStrictlyAndIPv6IsKeyedBySlash64() throws {
        #expect(IPAddress("192.0.2.1:8080")?.description == "192.0.2.1")
        #expect(IPAddress("::ffff:192.0.2.1")?.description == "192.0.2.1")
        #expect(IPAddress("unknown") == nil && IPAddress("1.2.3") == nil && IPAddress("1.2.3.4:x") == nil && IPAddress("") == nil)
        #expect(IPAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd")?.limitKey == "2001:db8:1:2::/64")
        #expect(IPAddress("2001:db8:1:2::1")?.limitKey == IPAddress("2001:db8:1:2:ffff::9")?.limitKey)
        #expect(IPAddress("2001:db8:1:3::1")?.limitKey != IPAddress("2001:db8:1:2::1")?.limitKey)
        #expect(IPAddress("192.0.2.1")?.limitKey == "192.0.2.1")
        #expect(IPNetwork("10.0.0.0/33") == nil && IPNetwork("10.0.0.0/x") == nil && IPNetwork("10.0.0.0/8") != nil)
        #expect(try #require(IPNetwork("10.0.0.0/8")).contains(try #require(IPAddress("10.255.0.1"))))
        #expect(try !#require(IPNetwork("10.0.0.0/8")).contains(try #require(IPAddress("11.0.0.1"))))
    }

    /// The attack from the issue: 60 guesses, each with a new forged leftmost address behind one proxy.
    @Test func forgedLeftmostAddressesShareTheProxysEntrysBucket() async throws {
        let service = try await TestService {
            $0.lookupLimits = LookupLimits(perClient: 20, perUnit: 100)
            $0.trustForwardedFor = true
        }
        let a = service.a
        let statuses = try await service.test { client in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<60 {
                var headers = jsonHeaders
                headers[HTTPField.Name("X-Forwarded-For")!] = "1.2.0.\(i), 203.0.113.9"
                statuses.append(try await client.execute(uri: "/api/v1/company/card", method: .post, headers: headers,
                                                         body: jsonBody(["unit": a.unit, "code": "GUESS\(i)"])) { response in
                    if i < 20 {
                        expectError(response, .notFound, "No card matches this unit id and access code.")
                    } else {
                        expectError(response, .tooManyRequests, "Too many lookups; try again in 3 seconds.")
                    }
                    return response.status
                })
            }
            return statuses
        }
        #expect(statuses.prefix(20).allSatisfy { $0 == .notFound })
        #expect(statuses.suffix(40).allSatisfy { $0 == .tooManyRequests })
        let clients = Set(try await service.database.auditEntries().filter { $0.event == "card.lookup_failed" }.map(\.actor))
        #expect(clients == ["203.0.113.9"])
    }

    @Test func anIPv6ClientCannotEscapeItsLimitByChangingTheLast64Bits() async throws {
        let service = try await TestService {
            $0.lookupLimits = LookupLimits(perClient: 5, perUnit: 100)
            $0.trustForwardedFor = true
        }
        let a = service.a
        let statuses = try await service.test { client in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<8 {
                var headers = jsonHeaders
                headers[HTTPField.Name("X-Forwarded-For")!] = "2001:db8:7:7::\(String(i + 1, radix: 16))"
                statuses.append(try await client.execute(uri: "/api/v1/company/card", method: .post, headers: headers,
                                                         body: jsonBody(["unit": a.unit, "code": "GUESS\(i)"])) { response in
                    if i >= 5 { expectError(response, .tooManyRequests, "Too many lookups; try again in 12 seconds.") }
                    return response.status
                })
            }
            return statuses
        }
        #expect(statuses == Array(repeating: .notFound, count: 5) + Array(repeating: .tooManyRequests, count: 3))
    }

    /// Issue 17 (client address): whoever holds an IPv6 /48 holds 65,536 /64s, each a client with its own
    /// allowance. Guesses from twenty /64s of one /48, one each, are refused once the site's allowance is
    /// spent, with the whole sentence and `Retry-After`; a client of another /48 is still answered, and
    /// the run of refusals is audited once, naming the site limit.
    @Test func guessesFromManyIPv6NetworksOfOneSiteShareTheSitesLimit() async throws {
        let service = try await TestService {
            $0.lookupLimits = LookupLimits(perClient: 5, perUnit: 100, perSite: 12)
            $0.trustForwardedFor = true
        }
        let a = service.a
        @Sendable func guess(from address: String, _ i: Int, _ client: some TestClientProtocol) async throws -> (HTTPResponse.Status, String?, String?) {
            var headers = jsonHeaders
            headers[HTTPField.Name("X-Forwarded-For")!] = address
            return try await client.execute(uri: "/api/v1/company/card", method: .post, headers: headers,
                                            body: jsonBody(["unit": a.unit, "code": "GUESS\(i)"])) { ($0.status, $0.headers[.retryAfter], $0.errorMessage) }
        }
        let (site, other) = try await service.test { client in
            var site: [(HTTPResponse.Status, String?, String?)] = []
            for i in 0..<20 { site.append(try await guess(from: "2001:db8:7:\(String(i, radix: 16))::1", i, client)) }
            let other = try await guess(from: "2001:db8:8:1::1", 99, client)
            return (site, other)
        }
        #expect(site.prefix(12).allSatisfy { $0.0 == .notFound })
        for (status, retryAfter, message) in site.suffix(8) {
            #expect(status == .tooManyRequests)
            #expect(retryAfter == "5")
            #expect(message == "Too many lookups; try again in 5 seconds.")
        }
        #expect(other.0 == .notFound && other.2 == "No card matches this unit id and access code.", "another /48 has its own allowance")
        let refusals = try await service.database.auditEntries().filter { $0.event == "card.lookup_failed" && $0.detail.contains("rate limit") }
        #expect(refusals.map(\.detail).allSatisfy { $0.contains("rate limit (site)") } && refusals.count == 1, "\(refusals.map(\.detail))")
    }
}
