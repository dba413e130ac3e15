import Foundation
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
    /// When it was issued.
    public var created: Date
    /// From when the token is refused, or `nil` for no expiry.
    public var expires: Date?
    /// When it was revoked, or `nil` while not revoked.
    public var revoked: Date?

    /// Whether the token was revoked.
    public var isRevoked: Bool { revoked != nil }

    /// Whether the token is accepted at `now`: not revoked, and `now` is before its expiry.
    public func isActive(at now: Date) -> Bool {
        if revoked != nil { return false }
        if let expires, expires <= now { return false }
        return true
    }

    public init(id: Int64, role: Role, name: String, created: Date, expires: Date?, revoked: Date?) {
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
    var role: String
    var name: String
    /// Hex SHA-256 of the secret.
    var hash: String
    var created: String
    var expires: String?
    var revoked: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func record() throws -> TokenRecord {
        TokenRecord(id: id ?? 0, role: try Role.stored(role), name: name, created: try StoreTime.date(created, field: "role_token.created"),
                    expires: try expires.map { try StoreTime.date($0, field: "role_token.expires") },
                    revoked: try revoked.map { try StoreTime.date($0, field: "role_token.revoked") })
    }
}

extension Role {
    /// The role a stored column holds.
    static func stored(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else {
            throw StoreError.invalidField(field: "role_token.role", reason: "must be inspector or board, not '\(text)'")
        }
        return role
    }
}
