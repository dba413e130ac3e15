import NIOConcurrencyHelpers

/// Token buckets keyed by a string (a client address, a unit id), safe to share between requests.
///
/// Each key holds up to `capacity` tokens and regains them at `capacity / window` per second; a request
/// takes one. The clock is passed in, in seconds, so tests need not sleep.
///
/// Memory is bounded by `maxKeys`. When a new key finds the table full, full buckets (which behave
/// exactly like absent ones) are dropped; if none is full, the hundredth of the buckets closest to full
/// is forgotten. What a table full of an attacker's keys (say, one lookup from each of 100,000 IPv6 /64s)
/// must not do, and does not:
/// - refuse newcomers: that was the old rule, and it locked every new client out while the table was
///   full — a lockout anyone with enough addresses could keep up;
/// - lose a charge: a spent bucket is the emptiest there is, so it is forgotten last. Forgetting gives a
///   key back only the tokens it lacked, so evicting the fullest hundredth gives each of those keys at
///   most what it lacked; to get a spent guesser's bucket forgotten, an attacker must first spend as much
///   on every other key in the table (a million wrong codes at the defaults), which the limits themselves
///   make slow;
/// - cost every request a scan: a sweep frees at least a hundredth of the table, so a flood of new keys
///   pays one O(n log n) sweep per `maxKeys / 100` of them.
public final class RateLimiter: Sendable {
    /// The answer for one request.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Try again after this many whole seconds (at least 1).
        case limited(retryAfter: Int)
    }

    struct Bucket {
        var tokens: Double
        var updated: Double
        /// Refused since it last allowed a request: the next refusal is not the first of its run.
        var refusing = false
    }

    public let capacity: Double
    public let refillPerSecond: Double
    public let maxKeys: Int
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    /// - Parameters:
    ///   - capacity: the burst a fresh key may spend at once (≥ 1).
    ///   - window: seconds in which a spent bucket refills completely.
    ///   - maxKeys: buckets kept before full ones are swept.
    public init(capacity: Int, window: Double, maxKeys: Int = 100_000) {
        precondition(capacity >= 1 && window > 0 && maxKeys >= 1, "a bucket holds at least one token and refills")
        self.capacity = Double(capacity)
        self.refillPerSecond = Double(capacity) / window
        self.maxKeys = maxKeys
    }

    /// Takes a token for `key` at time `now` (seconds on any monotonic clock).
    public func take(_ key: String, now: Double) -> Decision { takeNoting(key, now: now).decision }

    /// Like ``take(_:now:)``, and says whether a refusal is the first since the key was last allowed —
    /// so a caller can record each run of refusals once instead of every refused request.
    public func takeNoting(_ key: String, now: Double) -> (decision: Decision, firstRefusal: Bool) {
        buckets.withLockedValue { buckets in
            var bucket: Bucket
            if let existing = buckets[key] {
                bucket = existing
                bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.updated) * refillPerSecond)
            } else {
                if buckets.count >= maxKeys { sweep(&buckets, now: now) }
                bucket = Bucket(tokens: capacity, updated: now)
            }
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                let first = !bucket.refusing
                bucket.refusing = true
                buckets[key] = bucket
                return (.limited(retryAfter: max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))), first)
            }
            bucket.tokens -= 1
            bucket.refusing = false
            buckets[key] = bucket
            return (.allowed, false)
        }
    }

    /// Whether `key` has a token left at `now`, without taking it; a refusal counts towards the run like
    /// ``takeNoting(_:now:)``'s.
    public func peekNoting(_ key: String, now: Double) -> (decision: Decision, firstRefusal: Bool) {
        buckets.withLockedValue { buckets in
            guard var bucket = buckets[key] else { return (.allowed, false) }
            bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.updated) * refillPerSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                let first = !bucket.refusing
                bucket.refusing = true
                buckets[key] = bucket
                return (.limited(retryAfter: max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))), first)
            }
            bucket.refusing = false
            buckets[key] = bucket
            return (.allowed, false)
        }
    }

    /// Buckets currently held (for tests and the memory bound).
    public var keyCount: Int { buckets.withLockedValue { $0.count } }

    /// Makes room for at least one key: drops the full buckets, or else the hundredth closest to full.
    private func sweep(_ buckets: inout [String: Bucket], now: Double) {
        func level(_ bucket: Bucket) -> Double { bucket.tokens + max(0, now - bucket.updated) * refillPerSecond }
        buckets = buckets.filter { level($0.value) < capacity }
        guard buckets.count >= maxKeys else { return }
        let evict = max(1, maxKeys / 100)
        let levels = buckets.values.map(level).sorted(by: >)
        let threshold = levels[min(evict, levels.count) - 1]
        var dropped = 0
        buckets = buckets.filter { _, bucket in
            guard dropped < evict, level(bucket) >= threshold else { return true }
            dropped += 1
            return false
        }
    }
}

/// The limits in front of every code lookup: lookups per client, lookups per IPv6 site, and wrong codes
/// per unit and client.
///
/// Clients are counted by ``ClientAddress/limitKey(_:)`` (IPv6 by /64), sites by
/// ``ClientAddress/siteKey(_:)`` (IPv6 /48; IPv4 has none).
public struct LookupLimiter: Sendable {
    public let limits: LookupLimits
    let clients: RateLimiter
    let sites: RateLimiter?
    let units: RateLimiter

    public init(_ limits: LookupLimits) {
        self.limits = limits
        clients = RateLimiter(capacity: limits.perClient, window: limits.window)
        sites = limits.perSite.map { RateLimiter(capacity: $0, window: limits.window) }
        units = RateLimiter(capacity: limits.perUnit, window: limits.window)
    }

    static func unitKey(_ unit: String, _ clientKey: String) -> String { clientKey + " " + unit }

    /// Charges one lookup to the client, and checks (without charging) that the client has wrong codes left
    /// for the unit; limited if either is spent.
    public func admit(client: String, unit: String, now: Double) -> RateLimiter.Decision {
        admitNoting(client: client, unit: unit, now: now).decision
    }

    /// ``admit(client:unit:now:)`` with the bucket that refused (`client`, `site` or `unit`) when this
    /// refusal starts a run of them, for the audit log.
    ///
    /// The site is asked first and charged last: a lookup its site has no room for costs the client
    /// nothing, and one its client may not make costs the site nothing, so neither a noisy neighbour nor
    /// a spent client uses up the other's allowance.
    public func admitNoting(client: String, unit: String, now: Double) -> (decision: RateLimiter.Decision, firstRefusalBy: String?) {
        let key = ClientAddress.limitKey(client)
        let site = sites.flatMap { sites in ClientAddress.siteKey(client).map { (sites, $0) } }
        if let (sites, siteKey) = site {
            let bySite = sites.peekNoting(siteKey, now: now)
            guard bySite.decision == .allowed else { return (bySite.decision, bySite.firstRefusal ? "site" : nil) }
        }
        let byClient = clients.takeNoting(key, now: now)
        guard byClient.decision == .allowed else { return (byClient.decision, byClient.firstRefusal ? "client" : nil) }
        if let (sites, siteKey) = site { _ = sites.take(siteKey, now: now) }
        let byUnit = units.peekNoting(Self.unitKey(unit, key), now: now)
        return (byUnit.decision, byUnit.firstRefusal ? "unit" : nil)
    }

    /// Charges a wrong code for `unit` to `client`'s allowance for it.
    public func recordWrongCode(client: String, unit: String, now: Double) {
        _ = units.take(Self.unitKey(unit, ClientAddress.limitKey(client)), now: now)
    }
}
