import TilsynCore

/// What a list is asked for with: the typed inputs of ``IssueList``, whichever door they came through.
public struct ListOrder: Sendable {
    /// The list's as-of date, YYYY-MM-DD.
    public var asOf: String
    /// The national capacity; with ``quotas`` optional, and then it must equal their total.
    public var capacity: Int?
    /// Capacity per region: a capacity file (CSV `region,capacity`) or quotas given directly.
    public var quotas: Quotas?
    public var randomShare: Double
    public var seed: UInt64
    public var excludeDays: Int
    /// Flag columns whose 1 excludes a unit, in the order given.
    public var excludeIf: [String]
    /// Language of the rows' `top_reasons`.
    public var language: ListReasons.Language
    /// The risk fill's floor probability (``SelectionPolicy/floorProbability``); `nil` for top-k.
    public var floorProbability: Double?

    /// Capacity per region.
    public enum Quotas: Sendable {
        /// A CSV `region,capacity`, read once (its SHA-256 goes into the manifest).
        case file(InputFile)
        /// Quotas given in the request, in order.
        case given([RegionCapacity])
    }

    public init(asOf: String, capacity: Int?, quotas: Quotas?, randomShare: Double, seed: UInt64, excludeDays: Int,
                excludeIf: [String], language: ListReasons.Language, floorProbability: Double? = nil) {
        self.floorProbability = floorProbability
        self.asOf = asOf
        self.capacity = capacity
        self.quotas = quotas
        self.randomShare = randomShare
        self.seed = seed
        self.excludeDays = excludeDays
        self.excludeIf = excludeIf
        self.language = language
    }

    /// The as-of date as a day number.
    /// - Throws: ``JobError/invalid(_:value:expected:)`` for anything but a calendar date.
    public func asOfDay() throws(JobError) -> Int {
        guard let day = parseISODate(asOf) else { throw .invalid(.asOf, value: asOf, expected: "a calendar date YYYY-MM-DD") }
        return day
    }

    /// Checks what can be checked without the register, so a bad order fails before any long work.
    /// - Throws: ``JobError``, ``SelectionError`` (the policy's ranges).
    public func check() throws {
        _ = try asOfDay()
        guard capacity != nil || quotas != nil else { throw JobError.missing(.capacity, or: .capacityPerRegion) }
        var duplicates = Set<String>()
        for flag in excludeIf where !duplicates.insert(flag).inserted { throw JobError.repeated(.excludeIf, value: flag) }
        let plan: Capacity = if case .given(let q)? = quotas { .perRegion(q) } else { .total(capacity ?? 0) }
        try SelectionPolicy(asOf: 0, excludeDays: excludeDays, randomShare: randomShare, seed: seed, capacity: plan,
                            floorProbability: floorProbability).validate()
    }
}
