/// An issued inspection list as a card needs it: who is on it, through which channel, and where each
/// region's risk places end.
///
/// Read from a list file (`tilsyn list`'s CSV with its manifest) or from the store; either way the card
/// states its selection from this one value, so the two doors cannot tell a company different things.
public struct IssuedList: Sendable, Equatable {
    /// The store's list id (`store:12`) or the list file's SHA-256.
    public var id: String
    /// The register date the list was drawn for (`--as-of`), which is the date its cards are true on.
    public var asOf: String
    /// The model fingerprint the list was drawn with.
    public var fingerprint: String?
    public var rows: [Row]

    public struct Row: Sendable, Equatable {
        /// The place on the list (1, 2, 3, … in list order).
        public var rank: Int
        public var unit: String
        /// `risk`, `random` or `manual`.
        public var channel: String
        public var probability: Double
        public var region: String?
        /// For random rows: the probability that the draw picked this unit.
        public var inclusionProbability: Double?

        public init(rank: Int, unit: String, channel: String, probability: Double, region: String?, inclusionProbability: Double?) {
            self.rank = rank
            self.unit = unit
            self.channel = channel
            self.probability = probability
            self.region = region
            self.inclusionProbability = inclusionProbability
        }
    }

    public init(id: String, asOf: String, fingerprint: String?, rows: [Row]) {
        self.id = id
        self.asOf = asOf
        self.fingerprint = fingerprint
        self.rows = rows
    }

    /// The unit's row, when it is on the list.
    public func row(of unit: String) -> Row? { rows.first { $0.unit == unit } }

    /// The last risk-filled place in `region` (`nil` = the list has no regions), if any.
    public func cutoff(region: String?) -> ListSelection.Cutoff? {
        rows.last { $0.channel == WeeklyList.Channel.risk.rawValue && $0.region == region }
            .map { ListSelection.Cutoff(rank: $0.rank, probability: $0.probability) }
    }

    /// How `unit` came onto this list: its channel, region, inclusion probability (random rows) and its
    /// region's cut-off; a unit not on the list gets `channel: nil` and no cut-off.
    public func selection(of unit: String) -> ListSelection {
        guard let row = row(of: unit) else {
            return ListSelection(channel: nil, list: id, region: nil, inclusionProbability: nil, cutoff: nil)
        }
        return ListSelection(
            channel: ListSelection.Channel(rawValue: row.channel), list: id, region: row.region,
            inclusionProbability: row.channel == WeeklyList.Channel.random.rawValue ? row.inclusionProbability : nil,
            cutoff: cutoff(region: row.region))
    }
}

/// How a card's unit was selected ⚖ (DESIGN §6): the explanation JSON's `selection`.
public struct ListSelection: Codable, Sendable, Equatable {
    public enum Channel: String, Codable, Sendable {
        /// Chosen by its score: among the highest in its region.
        case risk
        /// Drawn at random from every eligible unit; the score played no part.
        case random
        /// Added or swapped in by a person, with a reason.
        case manual
    }

    /// A place on the list: the last risk-filled one in the unit's region.
    public struct Cutoff: Codable, Sendable, Equatable {
        public var rank: Int
        public var probability: Double
        public init(rank: Int, probability: Double) {
            self.rank = rank
            self.probability = probability
        }
    }

    /// `nil` when the unit is not on the list.
    public var channel: Channel?
    /// The issued list: the store's id (`store:12`) or the list file's SHA-256.
    public var list: String
    public var region: String?
    /// For `random`: the probability that the draw picked this unit.
    public var inclusionProbability: Double?
    /// The last risk-filled place in the unit's region; `nil` when the unit is not on the list or its
    /// region filled no place by risk.
    public var cutoff: Cutoff?

    public init(channel: Channel?, list: String, region: String?, inclusionProbability: Double?, cutoff: Cutoff?) {
        self.channel = channel
        self.list = list
        self.region = region
        self.inclusionProbability = inclusionProbability
        self.cutoff = cutoff
    }

    enum CodingKeys: String, CodingKey {
        case channel, list, region, cutoff
        case inclusionProbability = "inclusion_probability"
    }

    /// Every key is always present (`null` when unknown), so scripts can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(channel, forKey: .channel)
        try c.encode(list, forKey: .list)
        try c.encode(region, forKey: .region)
        try c.encode(inclusionProbability, forKey: .inclusionProbability)
        try c.encode(cutoff, forKey: .cutoff)
    }
}
