import Testing
import TilsynService

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

    @Test func memoryIsBoundedAndAFullTableRefusesNewKeysRatherThanForgetting() {
        let limiter = RateLimiter(capacity: 1, window: 60, maxKeys: 3)
        for key in ["a", "b", "c"] { #expect(limiter.take(key, now: 0) == .allowed) }
        // All three are spent, so none can be swept: a fourth key is refused, and "a" stays limited.
        #expect(limiter.take("d", now: 1) == .limited(retryAfter: 60))
        #expect(limiter.take("a", now: 1) != .allowed)
        // Once they have refilled they behave like absent keys and are swept.
        #expect(limiter.take("d", now: 200) == .allowed)
        #expect(limiter.keyCount <= 3)
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
}
