/// The rules a weekly inspection list is drawn by ⚖ (DESIGN §7).
///
/// A list is reproducible from the register, the model and these values alone: the policy holds no
/// clock and no hidden state, so the same policy over the same inputs gives the same list months later.
public struct SelectionPolicy: Sendable, Equatable {
    /// The list's as-of date (days since 1970-01-01); recent inspections are counted back from it.
    public var asOf: Int
    /// Units inspected fewer than this many days before `asOf` are not eligible (0 excludes nobody).
    public var excludeDays: Int
    /// The share of capacity given to the random audit (stikprøve), in [0, 1].
    public var randomShare: Double
    /// Seeds both the random draw and the tie-break between equal scores.
    public var seed: UInt64
    /// How many inspections the list holds, in total or per region.
    public var capacity: Capacity
    /// The least probability every eligible unit not drawn for the random audit has of a risk place, or
    /// `nil` for the plain top-k risk fill (probability 1 for the top units, 0 for every other). With a
    /// floor the risk places are drawn by ordered pivotal sampling (``RiskFloorDesign``), so nothing
    /// about any eligible unit is left with probability 0.
    public var floorProbability: Double?

    public init(asOf: Int, excludeDays: Int, randomShare: Double, seed: UInt64, capacity: Capacity, floorProbability: Double? = nil) {
        self.asOf = asOf
        self.excludeDays = excludeDays
        self.randomShare = randomShare
        self.seed = seed
        self.capacity = capacity
        self.floorProbability = floorProbability
    }

    /// The number of random-audit places out of `capacity`: `F × capacity` rounded half away from zero.
    ///
    /// ```
    /// k = round(F × capacity)      e.g. 0.2 × 62 = 12.4 → 12,  0.2 × 63 = 12.6 → 13,  0.5 × 5 = 2.5 → 3
    /// ```
    /// Rounding per region (rather than distributing a national total) keeps each office's random share as
    /// close to F as whole visits allow, and makes a region's list independent of the other regions.
    public func randomPlaces(capacity: Int) -> Int {
        Int((randomShare * Double(capacity)).rounded(.toNearestOrAwayFromZero))
    }

    /// The largest capacity (total or per region) accepted. A capacity beyond the register only leaves
    /// places empty (the list says so); the bound keeps `random_share × capacity` far from `Int`'s limits.
    public static let maxCapacity = 1_000_000_000
    /// The longest exclusion window accepted: a century of days.
    public static let maxExcludeDays = 36_500

    /// Checks the values a user can get wrong: the one place these rules live, whichever door the list
    /// was asked for through.
    /// - Throws: ``SelectionError`` carrying the value; the front door names the parameter.
    public func validate() throws(SelectionError) {
        guard randomShare.isFinite, (0...1).contains(randomShare) else { throw .randomShareOutOfRange(randomShare) }
        guard (0...Self.maxExcludeDays).contains(excludeDays) else { throw .excludeDaysOutOfRange(excludeDays) }
        if let eps = floorProbability, !(eps.isFinite && eps > 0 && eps < 1) { throw .floorProbabilityOutOfRange(eps) }
        switch capacity {
        case .total(let n):
            guard (0...Self.maxCapacity).contains(n) else { throw .capacityOutOfRange(n) }
        case .perRegion(let regions):
            guard !regions.isEmpty else { throw .noRegions }
            for r in regions where !(0...Self.maxCapacity).contains(r.capacity) { throw .capacityOutOfRange(r.capacity) }
        }
    }
}

/// The number of inspections a list may hold.
public enum Capacity: Sendable, Equatable {
    /// One national total; the random draw and the risk ranking run over all eligible units.
    case total(Int)
    /// A quota per region (office), in the order given; units of regions not listed are not selected.
    case perRegion([RegionCapacity])

    /// The sum of all quotas.
    public var total: Int {
        switch self {
        case .total(let n): return n
        case .perRegion(let regions): return regions.reduce(0) { $0 + $1.capacity }
        }
    }
}

/// One region's weekly quota.
public struct RegionCapacity: Sendable, Equatable, Codable {
    public var region: String
    public var capacity: Int

    public init(region: String, capacity: Int) {
        self.region = region
        self.capacity = capacity
    }
}
