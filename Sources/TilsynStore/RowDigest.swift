import TilsynCore
/// The digest of a current-state row (an approval, a role token, an access code) that its audit entry
/// carries, so that `audit verify` can tell a row the application wrote from one put in by hand.
///
/// The chain shows the log was not edited; it says nothing about the other tables. A row inserted
/// straight into `approval`, `role_token` or `access_code` (a forged approval after a rejection, a
/// board token, an attacker's code hash) would be used by `list` and `serve` and the log would still
/// read "intact". Every store method that writes such a row therefore writes, in the same transaction,
/// an entry whose detail holds `row_sha256`: the SHA-256 of the row as stored. A row is *backed* when
/// the latest entry about it carries its digest.
///
/// The serialisation is the audit chain's (``AuditChain``): a versioned header naming the table, then
/// one line per column in a fixed order, each value length-prefixed by its UTF-8 byte count, `-` for
/// NULL, so no choice of values can make two rows serialise alike:
///
/// ```
/// tilsyn-row-v1\n
/// table:<n>:<bytes>\n
/// <column>:<n>:<bytes>\n   or   <column>:-\n
/// …
/// ```
public enum RowDigest {
    /// The digest of a row given as (column, value) pairs in the table's fixed order.
    public static func digest(table: String, _ columns: [(String, String?)]) -> String {
        var out = Array("tilsyn-row-v1\n".utf8)
        func field(_ name: String, _ value: String?) {
            guard let value else {
                out += Array("\(name):-\n".utf8)
                return
            }
            let bytes = Array(value.utf8)
            out += Array("\(name):\(bytes.count):".utf8)
            out += bytes
            out.append(UInt8(ascii: "\n"))
        }
        field("table", table)
        for (name, value) in columns { field(name, value) }
        return Secrets.sha256Hex(out)
    }

    /// The detail key that carries the digest.
    public static let detailKey = "row_sha256"

    static func approval(_ row: DecisionRow) -> String {
        digest(table: "approval", [
            ("id", row.id.map(String.init)), ("fingerprint", row.fingerprint), ("decided_by", row.decidedBy),
            ("decision", row.decision), ("note", row.note), ("decided_at", row.decidedAt),
        ])
    }

    static func token(_ row: TokenRow) -> String {
        digest(table: "role_token", [
            ("id", row.id.map(String.init)), ("role", row.role), ("name", row.name), ("hash", row.hash),
            ("created", row.created), ("expires", row.expires), ("revoked", row.revoked),
        ])
    }

    static func accessCode(_ row: AccessCodeRecord) -> String {
        digest(table: "access_code", [("unit", row.unit), ("salt", row.salt), ("hash", row.hash), ("issued_at", row.issuedAt)])
    }
}
