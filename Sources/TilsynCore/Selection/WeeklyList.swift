/// A week's inspection list: who is visited, through which channel, and how the list came about.
///
/// Rows are in list order ⚖: region by region (in capacity-file order; one block without a file), and
/// within a region first the risk rows by risk rank, then the random-audit rows in the order they were
/// drawn. `rank` in the output is the position in this order, 1 to the number of rows. Risk rows first
/// because a planner fills the week from the top; random rows after them, and never interleaved by
/// score, so nobody reading the list mistakes a random visit for a high score.
public struct WeeklyList: Sendable {
    /// How a unit came onto the list.
    public enum Channel: String, Sendable, Codable {
        case risk
        case random
    }

    /// One row of the list.
    public struct Entry: Sendable, Equatable {
        /// Row of the unit in the register.
        public var row: Int
        public var channel: Channel
        /// The unit's region (when regions are used).
        public var region: String?
        /// The probability that this unit was selected by its channel's design ⚖: for random rows
        /// `k / N_eligible` of its stratum (its region with a capacity file, else the whole register); for
        /// risk rows 1 (top-k fill) or, with a floor, its pivotal-draw probability given the random draw.
        /// Always set by ``WeeklyList/select(_:policy:)``; `nil` only for rows made by hand.
        public var inclusionProbability: Double?
        /// The unit's rank by score among all register units (1 = highest).
        public var scoreRank: Int
    }

    /// Counts for one region, or for the whole register (`region == nil`).
    public struct StratumCounts: Sendable, Equatable, Codable {
        public var region: String?
        /// The quota, when capacity is per region or for the national total.
        public var capacity: Int?
        public var units: Int
        public var excludedRecent: Int
        public var excludedByFlag: [String: Int]
        public var eligible: Int
        public var random: Int
        public var risk: Int
        /// Places left empty because too few units were eligible.
        public var shortfall: Int?
        /// `random / eligible` for the random draw of this stratum, when the draw happened here.
        public var randomInclusionProbability: Double?

        enum CodingKeys: String, CodingKey {
            case region, capacity, units, eligible, random, risk, shortfall
            case excludedRecent = "excluded_recent"
            case excludedByFlag = "excluded_by_flag"
            case randomInclusionProbability = "random_inclusion_probability"
        }
    }

    public var policy: SelectionPolicy
    public var entries: [Entry]
    /// National totals (capacity, shortfall and inclusion probability only for a national capacity).
    public var total: StratumCounts
    /// Per region, when regions are known: planned regions in capacity-file order, then (with a capacity
    /// file) regions of the register that have no quota, sorted by name.
    public var regions: [StratumCounts]
    /// Sentences a planner must see: capacity larger than eligible, regions without a quota.
    public var warnings: [String]
    /// Every register unit's inclusion probability under each channel's design.
    public var design: InclusionDesign

    public init(policy: SelectionPolicy, entries: [Entry], total: StratumCounts, regions: [StratumCounts], warnings: [String],
                design: InclusionDesign) {
        self.policy = policy
        self.entries = entries
        self.total = total
        self.regions = regions
        self.warnings = warnings
        self.design = design
    }
}

/// The first-order inclusion probabilities of every register row ⚖, by channel.
///
/// `random[i]` is `k / N` of row i's stratum when it is eligible (0 otherwise); `risk[i]` is its
/// probability of a risk place given the random draw (1 or 0 without a floor; ``RiskFloorDesign`` with
/// one; 0 for rows drawn at random or not eligible). `Σ random = ` random places and `Σ risk = ` risk
/// places: the expected list size is the list size.
public struct InclusionDesign: Sendable, Equatable {
    public var random: [Double]
    public var risk: [Double]

    public init(random: [Double], risk: [Double]) {
        self.random = random
        self.risk = risk
    }
}
