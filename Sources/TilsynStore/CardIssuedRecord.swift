import GRDB

/// One explanation card revealed to someone: a row of table `card_issued` (append-only).
public struct CardIssuedRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "card_issued"

    public var id: Int64?
    public var unit: String
    /// The fingerprint of the model whose score the card explains.
    public var fingerprint: String
    /// How the card went out: `web`, `letter`, `inspector`, ….
    public var channel: String
    /// `da` or `en`.
    public var language: String
    /// `html`, `json`, `md`, `pdf`, ….
    public var format: String
    /// Who received or requested it (`company`, `token:3`, …).
    public var actor: String
    /// ISO 8601 time it was revealed.
    public var issuedAt: String

    enum CodingKeys: String, CodingKey {
        case id, unit, fingerprint, channel, language, format, actor
        case issuedAt = "issued_at"
    }

    public init(id: Int64? = nil, unit: String, fingerprint: String, channel: String, language: String, format: String, actor: String, issuedAt: String) {
        self.id = id
        self.unit = unit
        self.fingerprint = fingerprint
        self.channel = channel
        self.language = language
        self.format = format
        self.actor = actor
        self.issuedAt = issuedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
