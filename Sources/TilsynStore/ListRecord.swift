import Foundation
import GRDB

/// An inspection list to record: what `tilsyn list` wrote, as the store keeps it.
public struct ListDraft: Codable, Sendable, Equatable {
    /// The manifest file's text (JSON), kept verbatim so the list can be re-derived and checked later.
    public var manifest: String
    /// Hex SHA-256 of the list CSV as written.
    public var listSHA256: String
    /// The model's fingerprint.
    public var fingerprint: String
    /// The list's as-of date (YYYY-MM-DD).
    public var asOf: String
    /// Who issued the list (the audit log's actor).
    public var issuedBy: String
    /// The list's rows, in list order.
    public var rows: [Row]
    /// What the store keeps of each listed unit at issue time (inclusion probability, model columns);
    /// empty for a list recorded without them.
    public var selections: [UnitSelection] = []

    /// One unit on the list.
    public struct Row: Codable, Sendable, Equatable {
        /// 1, 2, 3, … in list order.
        public var rank: Int
        public var unit: String
        /// `risk`, `random` or `manual`.
        public var channel: String
        public var probability: Double
        public var region: String?

        public init(rank: Int, unit: String, channel: String, probability: Double, region: String?) {
            self.rank = rank
            self.unit = unit
            self.channel = channel
            self.probability = probability
            self.region = region
        }
    }

    enum CodingKeys: String, CodingKey {
        case manifest, fingerprint, rows, selections
        case listSHA256 = "list_sha256"
        case asOf = "as_of"
        case issuedBy = "issued_by"
    }

    public init(manifest: String, listSHA256: String, fingerprint: String, asOf: String, issuedBy: String, rows: [Row],
                selections: [UnitSelection] = []) {
        self.selections = selections
        self.manifest = manifest
        self.listSHA256 = listSHA256
        self.fingerprint = fingerprint
        self.asOf = asOf
        self.issuedBy = issuedBy
        self.rows = rows
    }
}

/// A recorded list (table `issued_list`, append-only); its rows are ``ListRowRecord``s.
public struct ListRecord: Codable, Sendable, Equatable {
    public var id: Int64
    /// When it was recorded.
    public var issuedAt: Date
    public var issuedBy: String
    /// The list's as-of date, YYYY-MM-DD.
    public var asOf: String
    public var fingerprint: String
    public var listSHA256: String
    /// The manifest's JSON text.
    public var manifest: String
    /// How many rows the list has; equal to the rows stored for it, which are written in the same
    /// transaction.
    public var rowCount: Int

    public init(id: Int64, issuedAt: Date, issuedBy: String, asOf: String, fingerprint: String, listSHA256: String, manifest: String, rowCount: Int) {
        self.id = id
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.asOf = asOf
        self.fingerprint = fingerprint
        self.listSHA256 = listSHA256
        self.manifest = manifest
        self.rowCount = rowCount
    }
}

/// One unit on a recorded list (table `list_row`, append-only), keyed by list and rank.
public struct ListRowRecord: Codable, Sendable, Equatable {
    public var listID: Int64
    public var rank: Int
    public var unit: String
    public var channel: String
    public var probability: Double
    public var region: String?

    enum CodingKeys: String, CodingKey {
        case rank, unit, channel, probability, region
        case listID = "list_id"
    }

    public init(listID: Int64, rank: Int, unit: String, channel: String, probability: Double, region: String?) {
        self.listID = listID
        self.rank = rank
        self.unit = unit
        self.channel = channel
        self.probability = probability
        self.region = region
    }
}

/// A row of table `issued_list`.
struct IssuedListRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "issued_list"

    var id: Int64?
    var issuedAt: String
    var issuedBy: String
    var asOf: String
    var fingerprint: String
    var listSHA256: String
    var manifest: String
    var rowCount: Int

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, manifest
        case issuedAt = "issued_at"
        case issuedBy = "issued_by"
        case asOf = "as_of"
        case listSHA256 = "list_sha256"
        case rowCount = "row_count"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func value() throws -> ListRecord {
        ListRecord(id: id ?? 0, issuedAt: try StoreTime.date(issuedAt, field: "issued_list.issued_at"), issuedBy: issuedBy, asOf: asOf,
                   fingerprint: fingerprint, listSHA256: listSHA256, manifest: manifest, rowCount: rowCount)
    }
}
