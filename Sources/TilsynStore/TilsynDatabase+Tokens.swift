import Foundation
import GRDB
import TilsynCore

extension TilsynDatabase {
    /// The prefix of every token secret, so that a leaked one is recognisable (secret scanners, logs).
    public static let tokenPrefix = "tilsyn_"

    /// Issues a role token and returns its secret, which is shown once and never stored.
    ///
    /// The secret is 256 bits from the CSPRNG; the store keeps its unsalted SHA-256 and finds tokens by
    /// that hash. Unsalted is right here, unlike for passwords: nothing about a 256-bit random value can
    /// be precomputed or guessed, and a deterministic hash is what lets a request's token be looked up by
    /// index rather than compared against every row. Written with its audit entry (`token.issued`,
    /// subject `token:<id>`) in one transaction.
    /// - Parameters:
    ///   - role: what the token may do.
    ///   - name: whose it is; not empty, at most 200 characters.
    ///   - expires: ISO 8601 time (or date, meaning its midnight UTC) from which it is refused; `nil` for none.
    ///   - actor: who issued it, for the audit log.
    ///   - at: the time of issue.
    /// - Throws: ``StoreError/invalidField(field:reason:)``, ``StoreError/invalidTime(field:value:)``.
    public func issueToken(role: Role, name: String, expires: Date?, actor: String = "tilsyn", at: Date) async throws -> IssuedToken {
        let name = try FieldCheck.required(name, field: "name", limit: 200)
        if let expires, expires <= at {
            throw StoreError.invalidField(field: "expires", reason: "must be later than the time of issue, \(ISOTime.text(at)), not \(ISOTime.dayOrTime(expires))")
        }
        // A day stays a day on disk ("2027-03-01"), as the audit detail and `tokens list` show it.
        let created = StoreTime.text(at), expires = expires.map(ISOTime.dayOrTime)
        let secret = Self.tokenPrefix + Secrets.hex(Secrets.randomBytes(32))
        return try await writer.write { db in
            var row = TokenRow(id: nil, role: role.rawValue, name: name, hash: Secrets.sha256Hex(Array(secret.utf8)), created: created, expires: expires, revoked: nil)
            try row.insert(db)
            let record = try row.record()
            var detail: [String: any Sendable] = ["role": role.rawValue, "name": name, RowDigest.detailKey: RowDigest.token(row)]
            if let expires { detail["expires"] = expires }
            try Self.appendAudit(AuditEntryDraft(
                at: created, actor: actor, event: AuditEvent.tokenIssued, subject: "token:\(record.id)",
                detail: AuditChain.detail(detail)), in: db)
            return IssuedToken(id: record.id, secret: secret, record: record)
        }
    }

    /// The token a request presents, if it is known, not revoked and not expired at `now`.
    ///
    /// The lookup is by the secret's SHA-256 through a unique index. The index comparison is not
    /// constant-time, but what it compares is a hash of the presented value, so timing can at most reveal
    /// a prefix of a hash the attacker computed themselves, which does not help find a secret.
    /// - Parameter now: ISO 8601 time of the request.
    /// - Returns: the token's record, or `nil` when unknown, revoked or expired.
    public func authenticate(token: String, now: Date) async throws -> TokenRecord? {
        let hash = Secrets.sha256Hex(Array(token.trimmingCharacters(in: .whitespaces).utf8))
        guard let row = try await writer.read({ db in try TokenRow.filter(Column("hash") == hash).fetchOne(db) }) else { return nil }
        let record = try row.record()
        return record.isActive(at: now) ? record : nil
    }

    /// Revokes a token from `at` on; revoking it again changes nothing and keeps the first time.
    ///
    /// The revocation and its audit entry (`token.revoked`) are one transaction. Tokens are never deleted,
    /// so the log's `token:<id>` always names a row.
    /// - Parameters:
    ///   - id: the token's id.
    ///   - actor: who revoked it, for the audit log.
    ///   - at: the time.
    /// - Returns: the token as it now stands.
    /// - Throws: ``StoreError/notFound(kind:id:)`` for an unknown id.
    @discardableResult
    public func revokeToken(id: Int64, actor: String = "tilsyn", at: Date) async throws -> TokenRecord {
        let at = StoreTime.text(at)
        return try await writer.write { db in
            guard var row = try TokenRow.fetchOne(db, key: id) else { throw StoreError.notFound(kind: "token", id: id) }
            guard row.revoked == nil else { return try row.record() }
            row.revoked = at
            try row.update(db, columns: ["revoked"])
            try Self.appendAudit(AuditEntryDraft(
                at: at, actor: actor, event: AuditEvent.tokenRevoked, subject: "token:\(id)",
                detail: AuditChain.detail(["role": row.role, "name": row.name, RowDigest.detailKey: RowDigest.token(row)])), in: db)
            return try row.record()
        }
    }

    /// Every token, oldest first, without hashes.
    public func tokens() async throws -> [TokenRecord] {
        try await writer.read { db in try TokenRow.order(Column("id")).fetchAll(db).map { try $0.record() } }
    }
}
