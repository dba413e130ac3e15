import TilsynStore

/// An inspector's request for a list: the options of `tilsyn list`, as JSON.
struct ListRequest: Decodable, Sendable {
    var asOf: String
    /// The national capacity; give this or `capacityPerRegion`.
    var capacity: Int?
    var capacityPerRegion: [RegionQuota]?
    var randomShare: Double
    var seed: UInt64
    var excludeDays: Int
    var excludeIf: [String]?
    /// Language of the top reasons: `da` (default) or `en`.
    var language: String?

    struct RegionQuota: Decodable, Sendable {
        var region: String
        var capacity: Int
    }

    enum CodingKeys: String, CodingKey {
        case capacity, seed, language
        case asOf = "as_of"
        case capacityPerRegion = "capacity_per_region"
        case randomShare = "random_share"
        case excludeDays = "exclude_days"
        case excludeIf = "exclude_if"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asOf = try c.decode(String.self, forKey: .asOf)
        capacity = try c.decodeIfGiven(Int.self, forKey: .capacity)
        capacityPerRegion = try c.decodeIfGiven([RegionQuota].self, forKey: .capacityPerRegion)
        randomShare = try c.decode(Double.self, forKey: .randomShare)
        // Foundation reports a negative or too large seed as "not valid JSON" with no field; say which field.
        guard c.contains(.seed) else {
            throw DecodingError.keyNotFound(CodingKeys.seed, .init(codingPath: c.codingPath, debugDescription: ""))
        }
        guard let seed = try? c.decode(UInt64.self, forKey: .seed) else {
            throw DecodingError.typeMismatch(UInt64.self, .init(codingPath: c.codingPath + [CodingKeys.seed], debugDescription: ""))
        }
        self.seed = seed
        excludeDays = try c.decode(Int.self, forKey: .excludeDays)
        excludeIf = try c.decodeIfGiven([String].self, forKey: .excludeIf)
        language = try c.decodeIfGiven(String.self, forKey: .language)
    }
}

/// One issued list in the index.
struct ListSummaryBody: Encodable, Sendable {
    var id: Int64
    var asOf: String
    var issuedBy: String
    var issuedAt: String
    var fingerprint: String
    var sha256: String
    var rows: Int

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, sha256, rows
        case asOf = "as_of"
        case issuedBy = "issued_by"
        case issuedAt = "issued_at"
    }
}

/// One row of an issued list.
struct ListRowBody: Encodable, Sendable {
    var rank: Int
    var unit: String
    var probability: Double
    var channel: String
    var region: String?
    /// The three largest reasons, when the list was just drawn (not kept by the store).
    var topReasons: String?

    enum CodingKeys: String, CodingKey {
        case rank, unit, probability, channel, region
        case topReasons = "top_reasons"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(unit, forKey: .unit)
        try c.encode(probability, forKey: .probability)
        try c.encode(channel, forKey: .channel)
        try c.encode(region, forKey: .region)
        try c.encodeIfPresent(topReasons, forKey: .topReasons)
    }
}

/// One list: its record, its rows and its manifest.
struct ListDetailBody: Encodable, Sendable {
    var list: ListSummaryBody
    var rows: [ListRowBody]
    var manifest: JSONValue
}

/// An inspector's decision on a correction request.
struct ResolveRequest: Decodable, Sendable {
    var status: String
    var note: String
}

/// A correction request as inspectors see it: the store's record, its latest status included.
typealias CorrectionBody = CorrectionRecord
