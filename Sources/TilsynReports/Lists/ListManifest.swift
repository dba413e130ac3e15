import TilsynCore

/// The list manifest ⚖ (DESIGN §7): everything needed to re-derive a list and check that it was not
/// altered. Only `created` differs between reruns with the same inputs and seed.
///
/// Public so that `tilsyn list` and the service's list endpoint write the one format.
public struct ListManifest: Encodable, Sendable {
    public var format = "tilsyn.list-manifest/1"
    public var created: String
    public var tool = Tool()
    public var inputs: [FileRecord]
    public var model: ListSummary.Model
    public var approval: ApprovalStatus
    public var parameters: Parameters
    public var counts: WeeklyList.StratumCounts
    public var regions: [WeeklyList.StratumCounts]
    public var warnings: [String]
    public var outputs: [FileRecord]

    public init(
        created: String, inputs: [FileRecord], model: ListSummary.Model, approval: ApprovalStatus, parameters: Parameters,
        counts: WeeklyList.StratumCounts, regions: [WeeklyList.StratumCounts], warnings: [String], outputs: [FileRecord]
    ) {
        self.created = created
        self.inputs = inputs
        self.model = model
        self.approval = approval
        self.parameters = parameters
        self.counts = counts
        self.regions = regions
        self.warnings = warnings
        self.outputs = outputs
    }

    public struct Tool: Encodable, Sendable {
        public var name = "tilsyn"
        public var version = TilsynVersion.current
        public init() {}
    }

    public struct FileRecord: Encodable, Sendable {
        public var role: String
        public var file: String
        public var sha256: String
        public init(role: String, file: String, sha256: String) {
            self.role = role
            self.file = file
            self.sha256 = sha256
        }
    }

    public struct Parameters: Encodable, Sendable {
        public var asOf: String
        public var capacity: Int
        public var capacityFile: String?
        public var regionCapacities: [RegionCapacity]?
        public var randomShare: Double
        public var randomPlaces = "round(random_share × capacity), half away from zero, per region when capacity is per region"
        public var seed: UInt64
        public var excludeDays: Int
        public var excludeIf: [String]
        public var lastInspectionColumn: String
        public var regionColumn: String?
        public var language: String
        public var listOrder = "by region in capacity-file order; within a region risk rows by score rank, then random rows in draw order"
        public var randomDraw = "simple random sample without replacement: the eligible units with the smallest SplitMix64(seed ^ salt ^ FNV-1a(unit)) keys"
        /// The risk fill's floor probability, when one was asked for (`null` = plain top-k fill).
        public var floorProbability: Double?
        /// Register columns passed through to the printed list (`--show-column`); left out when none.
        public var shownColumns: [String] = []
        /// The recorded inclusion probabilities ⚖: what each row's `inclusion_probability` means.
        public var inclusionProbabilities: String {
            let random = "random rows: k / N, the random places over the eligible units of the stratum"
            guard let eps = floorProbability else {
                return random + "; risk rows: 1 (the highest-scoring eligible units not drawn at random fill the remaining places; every other unit has probability 0 of a risk place)"
            }
            return random + "; risk rows: ordered pivotal sampling in score order among the eligible units not drawn at random, given that draw: every candidate has at least \(eps), the places left over lift the highest scores to 1, and the probabilities sum to the stratum's risk places"
        }

        public init(
            asOf: String, capacity: Int, capacityFile: String?, regionCapacities: [RegionCapacity]?, randomShare: Double, seed: UInt64,
            excludeDays: Int, excludeIf: [String], lastInspectionColumn: String, regionColumn: String?, language: String
        ) {
            self.asOf = asOf
            self.capacity = capacity
            self.capacityFile = capacityFile
            self.regionCapacities = regionCapacities
            self.randomShare = randomShare
            self.seed = seed
            self.excludeDays = excludeDays
            self.excludeIf = excludeIf
            self.lastInspectionColumn = lastInspectionColumn
            self.regionColumn = regionColumn
            self.language = language
        }

        enum CodingKeys: String, CodingKey {
            case capacity, seed, language
            case asOf = "as_of"
            case capacityFile = "capacity_file"
            case regionCapacities = "region_capacities"
            case randomShare = "random_share"
            case randomPlaces = "random_places"
            case excludeDays = "exclude_days"
            case excludeIf = "exclude_if"
            case lastInspectionColumn = "last_inspection_column"
            case regionColumn = "region_column"
            case listOrder = "list_order"
            case randomDraw = "random_draw"
            case floorProbability = "floor_probability"
            case inclusionProbabilities = "inclusion_probabilities"
            case shownColumns = "shown_columns"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(asOf, forKey: .asOf)
            try c.encode(capacity, forKey: .capacity)
            try c.encodeIfPresent(capacityFile, forKey: .capacityFile)
            try c.encodeIfPresent(regionCapacities, forKey: .regionCapacities)
            try c.encode(randomShare, forKey: .randomShare)
            try c.encode(randomPlaces, forKey: .randomPlaces)
            try c.encode(seed, forKey: .seed)
            try c.encode(excludeDays, forKey: .excludeDays)
            try c.encode(excludeIf, forKey: .excludeIf)
            try c.encode(lastInspectionColumn, forKey: .lastInspectionColumn)
            try c.encodeIfPresent(regionColumn, forKey: .regionColumn)
            try c.encode(language, forKey: .language)
            try c.encode(listOrder, forKey: .listOrder)
            try c.encode(randomDraw, forKey: .randomDraw)
            try c.encode(floorProbability, forKey: .floorProbability)
            try c.encode(inclusionProbabilities, forKey: .inclusionProbabilities)
            if !shownColumns.isEmpty { try c.encode(shownColumns, forKey: .shownColumns) }
        }
    }
}
