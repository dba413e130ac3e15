import GRDB

/// Who a role token speaks for ⚖ (DESIGN §10): inspectors read lists; the board reads the model
/// registry, decisions and the audit log.
public enum Role: String, Codable, Sendable, CaseIterable {
    case inspector, board
}

/// A token as callers see it: everything but its hash.
public struct TokenRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var role: Role
    /// Whose token it is (a person or a system), for the audit log and `tilsyn tokens list`.
    public var name: String
    /// ISO 8601 time of issue.
    public var created: String
    /// ISO 8601 time from which the token is refused, or `nil` for no expiry.
    public var expires: String?
    /// ISO 8601 time of revocation, or `nil` while not revoked.
    public var revoked: String?

    /// Whether the token was revoked.
    public var isRevoked: Bool { revoked != nil }

    /// Whether the token is accepted at `now`: not revoked, and `now` is before its expiry.
    /// - Throws: ``StoreError/invalidTime(field:value:)`` for a `now` that is not ISO 8601.
    public func isActive(at now: String) throws -> Bool {
        let instant = try StoreTime.parse(now, field: "now")
        if revoked != nil { return false }
        if let expires, try StoreTime.parse(expires, field: "expires") <= instant { return false }
        return true
    }

    public init(id: Int64, role: Role, name: String, created: String, expires: String?, revoked: String?) {
        self.id = id
        self.role = role
        self.name = name
        self.created = created
        self.expires = expires
        self.revoked = revoked
    }
}

/// A newly issued token: its id and the secret, which exists in plain text only here.
public struct IssuedToken: Codable, Sendable, Equatable {
    public var id: Int64
    /// `tilsyn_` and 64 hex digits (256 random bits); give it to its holder once.
    public var secret: String
    /// The stored record.
    public var record: TokenRecord

    public init(id: Int64, secret: String, record: TokenRecord) {
        self.id = id
        self.secret = secret
        self.record = record
    }
}

/// A row of table `role_token`, hash included; internal so the hash never leaves the store.
struct TokenRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "role_token"

    var id: Int64?
    var role: Role
    var name: String
    /// Hex SHA-256 of the secret.
    var hash: String
    var created: String
    var expires: String?
    var revoked: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var record: TokenRecord {
        TokenRecord(id: id ?? 0, role: role, name: name, created: created, expires: expires, revoked: revoked)
    }
}

extension Role: DatabaseValueConvertible {}
