import Testing
@testable import TilsynService

@Suite struct RateLimiterTests {
    @Test func aBurstThenOneTokenPerRefillInterval() {
        let limiter = RateLimiter(capacity: 3, window: 60)   // one token every 20 s
        #expect((0..<3).map { _ in limiter.take("k", now: 0) } == [.allowed, .allowed, .allowed])
        #expect(limiter.take("k", now: 0) == .limited(retryAfter: 20))
        #expect(limiter.take("k", now: 15) == .limited(retryAfter: 5))
        #expect(limiter.take("k", now: 20) == .allowed)
        #expect(limiter.take("k", now: 20) == .limited(retryAfter: 20))
        // Keys are independent.
        #expect(limiter.take("other", now: 20) == .allowed)
    }

    @Test func aBucketNeverHoldsMoreThanItsCapacity() {
        let limiter = RateLimiter(capacity: 2, window: 10)
        #expect(limiter.take("k", now: 0) == .allowed)
        // A long pause refills to the capacity, not beyond.
        #expect((0..<3).map { _ in limiter.take("k", now: 10_000) } == [.allowed, .allowed, .limited(retryAfter: 5)])
    }

    @Test func memoryIsBoundedAndAFullTableStillAdmitsNewcomers() {
        let limiter = RateLimiter(capacity: 1, window: 60, maxKeys: 3)
        for key in ["a", "b", "c"] { #expect(limiter.take(key, now: 0) == .allowed) }
        // All three are spent and none can be swept as full: a newcomer is still let in (refusing it was a
        // lockout anyone with enough addresses could keep up), one bucket is forgotten for it.
        #expect(limiter.take("d", now: 1) == .allowed)
        #expect(limiter.keyCount == 3)
        #expect(limiter.take("d", now: 1) != .allowed, "the newcomer's own bucket is kept and charged")
        // Once they have refilled they behave like absent keys and are swept.
        #expect(limiter.take("e", now: 200) == .allowed)
        #expect(limiter.keyCount <= 3)
    }

    /// A table filled with an attacker's barely used keys (one lookup from each of many IPv6 /64s):
    /// newcomers are served, and the bucket of a client that has spent its allowance is never the one
    /// forgotten, however many fresh keys follow — forgetting goes to the buckets closest to full.
    @Test func floodingTheTableNeitherLocksOutNewcomersNorResetsASpentBucket() {
        let limiter = RateLimiter(capacity: 10, window: 60, maxKeys: 500)
        for _ in 0..<10 { #expect(limiter.take("guesser", now: 0) == .allowed) }
        #expect(limiter.take("guesser", now: 0) != .allowed)
        for i in 0..<5_000 { #expect(limiter.take("2001:db8:0:\(i)::/64", now: 0) == .allowed) }
        #expect(limiter.keyCount <= 500)
        #expect(limiter.take("guesser", now: 0) != .allowed, "the spent bucket is still there")
        #expect(limiter.take("owner", now: 0) == .allowed)
        // The wrong-code table charges every wrong code even when full (a charge that found no room used
        // to be dropped, so a full table stopped counting wrong codes at all).
        let lookups = LookupLimiter(LookupLimits(perClient: 1_000, perUnit: 2, window: 60))
        for i in 0..<(lookups.units.maxKeys + 10) { lookups.recordWrongCode(client: "198.51.100.\(i % 250)", unit: "u\(i)", now: 0) }
        for _ in 0..<2 { lookups.recordWrongCode(client: "192.0.2.7", unit: "victim", now: 0) }
        #expect(lookups.admit(client: "192.0.2.7", unit: "victim", now: 0) != .allowed)
    }

    /// Wrong codes count per client and unit (IPv6 per /64), never against the unit as a whole, and right
    /// codes are not counted, so no one can spend another client's allowance (issue 17, finding 6).
    @Test func wrongCodesAreChargedPerClientAndUnitOnly() {
        let lookups = LookupLimiter(LookupLimits(perClient: 100, perUnit: 2, window: 60))
        for _ in 0..<2 {
            #expect(lookups.admit(client: "192.0.2.1", unit: "u", now: 0) == .allowed)
            lookups.recordWrongCode(client: "192.0.2.1", unit: "u", now: 0)
        }
        #expect(lookups.admit(client: "192.0.2.1", unit: "u", now: 0) == .limited(retryAfter: 30))
        #expect(lookups.admit(client: "192.0.2.1", unit: "v", now: 0) == .allowed)
        #expect(lookups.admit(client: "192.0.2.2", unit: "u", now: 0) == .allowed)
        for _ in 0..<10 { #expect(lookups.admit(client: "192.0.2.3", unit: "u", now: 0) == .allowed) }
        lookups.recordWrongCode(client: "2001:db8::1", unit: "u", now: 0)
        lookups.recordWrongCode(client: "2001:db8::2", unit: "u", now: 0)
        #expect(lookups.admit(client: "2001:db8::3", unit: "u", now: 0) != .allowed)
        #expect(lookups.admit(client: "192.0.2.1", unit: "u", now: 30) == .allowed)
    }

    @Test func aRefusedClientIsNotChargedAnything() {
        let lookups = LookupLimiter(LookupLimits(perClient: 1, perUnit: 2, window: 60))
        #expect(lookups.admit(client: "noisy", unit: "u", now: 0) == .allowed)
        for _ in 0..<5 { #expect(lookups.admit(client: "noisy", unit: "u", now: 0) != .allowed) }
        #expect(lookups.admit(client: "company", unit: "u", now: 0) == .allowed)
    }

    /// The site limit (IPv6 /48) bounds lookups from all of a site's /64s together; another site, and
    /// IPv4, are not counted in it; a refused lookup charges neither the client nor the site.
    @Test func anIPv6SiteSharesOneAllowanceAcrossItsNetworks() {
        let lookups = LookupLimiter(LookupLimits(perClient: 3, perUnit: 100, perSite: 10, window: 60))
        #expect(IPAddress("2001:db8:7:ffff::1")?.siteKey == "2001:db8:7::/48")
        #expect(IPAddress("192.0.2.1")?.siteKey == nil)
        // Ten /64s of one /48, one lookup each, spend the site; the eleventh /64 is refused by the site.
        for i in 0..<10 { #expect(lookups.admit(client: "2001:db8:7:\(i)::1", unit: "u", now: 0) == .allowed) }
        let refused = lookups.admitNoting(client: "2001:db8:7:a::1", unit: "u", now: 0)
        #expect(refused.decision == .limited(retryAfter: 6) && refused.firstRefusalBy == "site")
        #expect(lookups.admitNoting(client: "2001:db8:7:b::1", unit: "u", now: 0).firstRefusalBy == nil, "a run of refusals is noted once")
        #expect(lookups.admit(client: "2001:db8:8:0::1", unit: "u", now: 0) == .allowed)
        for i in 0..<50 { #expect(lookups.admit(client: "198.51.100.\(i)", unit: "u", now: 0) == .allowed) }
        // The refusals cost the refused /64 nothing: once the site has refilled, it has its whole burst.
        for _ in 0..<3 { #expect(lookups.admit(client: "2001:db8:7:a::1", unit: "u", now: 60) == .allowed) }
        #expect(lookups.admitNoting(client: "2001:db8:7:a::1", unit: "u", now: 60).firstRefusalBy == "client")
        // A spent client's refusals cost the site nothing: the site still has 7 of its 10.
        for i in 20..<27 { #expect(lookups.admit(client: "2001:db8:7:\(i)::1", unit: "u", now: 60) == .allowed) }
        #expect(lookups.admit(client: "2001:db8:7:30::1", unit: "u", now: 60) != .allowed)
        // Switched off, the /48 is not counted.
        let unlimited = LookupLimiter(LookupLimits(perClient: 3, perUnit: 100, perSite: nil, window: 60))
        for i in 0..<100 { #expect(unlimited.admit(client: "2001:db8:7:\(i)::1", unit: "u", now: 0) == .allowed) }
    }
}
