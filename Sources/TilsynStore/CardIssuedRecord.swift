import Foundation
import GRDB

/// One explanation card revealed to someone (table `card_issued`, append-only).
public struct CardIssuedRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var unit: String
    /// The fingerprint of the model whose score the card explains.
    public var fingerprint: String
    /// How the card went out: `web`, `api`, `letter`, ….
    public var channel: String
    /// `da` or `en`.
    public var language: String
    /// `html`, `json`, `md`, ….
    public var format: String
    /// Who received or requested it (`company`, `token:3`, …).
    public var actor: String
    /// When it was revealed.
    public var issuedAt: Date

    public init(id: Int64, unit: String, fingerprint: String, channel: String, language: String, format: String, actor: String, issuedAt: Date) {
        self.id = id
        self.unit = unit
        self.fingerprint = fingerprint
        self.channel = channel
        self.language = language
        self.format = format
        self.actor = actor
        self.issuedAt = issuedAt
    }
}

/// A row of table `card_issued`.
struct CardIssuedRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "card_issued"

    var id: Int64?
    var unit: String
    var fingerprint: String
    var channel: String
    var language: String
    var format: String
    var actor: String
    var issuedAt: String

    enum CodingKeys: String, CodingKey {
        case id, unit, fingerprint, channel, language, format, actor
        case issuedAt = "issued_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func value() throws -> CardIssuedRecord {
        CardIssuedRecord(id: id ?? 0, unit: unit, fingerprint: fingerprint, channel: channel, language: language, format: format,
                         actor: actor, issuedAt: try StoreTime.date(issuedAt, field: "card_issued.issued_at"))
    }
}
