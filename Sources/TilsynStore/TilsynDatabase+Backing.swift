import Foundation
import GRDB
import TilsynCore

/// A row of a current-state table that no audit entry vouches for.
public struct UnbackedRow: Codable, Sendable, Equatable {
    /// `approval`, `role_token` or `access_code`.
    public var table: String
    /// The row's key: an approval's or token's id, a code's unit.
    public var key: String
    /// One phrase: "has no audit entry", "differs from what its latest audit entry (12) recorded".
    public var reason: String

    public init(table: String, key: String, reason: String) {
        self.table = table
        self.key = key
        self.reason = reason
    }
}

/// What ``TilsynDatabase/verifyRowBacking()`` found.
public struct RowBacking: Codable, Sendable, Equatable {
    /// Rows checked per table.
    public var approvals = 0, tokens = 0, accessCodes = 0
    /// Rows whose latest entry was written before entries carried row digests (before migration
    /// `v3-code-batches-erasure`): they have an entry, but it cannot show the row is unchanged.
    public var legacy = 0
    /// The first rows found without backing (at most ``shownLimit``), in table and key order.
    public var unbacked: [UnbackedRow] = []
    /// How many rows are without backing in all.
    public var unbackedCount = 0
    public static let shownLimit = 20

    public var isBacked: Bool { unbackedCount == 0 }

    public init(approvals: Int = 0, tokens: Int = 0, accessCodes: Int = 0, legacy: Int = 0, unbacked: [UnbackedRow] = [], unbackedCount: Int = 0) {
        self.approvals = approvals
        self.tokens = tokens
        self.accessCodes = accessCodes
        self.legacy = legacy
        self.unbacked = unbacked
        self.unbackedCount = unbackedCount
    }
}

extension TilsynDatabase {
    /// Checks that every approval, role token and access code row is backed by its audit entry.
    ///
    /// For each row, the latest audit entry about it (`approval.recorded` with its `approval_id`;
    /// `token.issued`/`token.revoked` for `token:<id>`; `code.issued` for `unit:<id>`) must carry the
    /// row's digest (``RowDigest``). A row with no entry was inserted past the application; one whose
    /// digest differs was changed past it. Entries from before digests are counted as ``RowBacking/legacy``;
    /// for approvals their decision and note are still compared. Reads one snapshot: one pass over the
    /// log, one over each table.
    public func verifyRowBacking() async throws -> RowBacking {
        try await writer.read { db in
            // The latest entry about each row: its id and the digest it carries, if any.
            var approvals: [String: (entry: Int64, digest: String?, detail: [String: Any])] = [:]
            var tokens: [String: (entry: Int64, digest: String?)] = [:]
            var codes: [String: (entry: Int64, digest: String?)] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT id, event, subject, detail FROM audit_log
                WHERE event IN ('approval.recorded', 'token.issued', 'token.revoked', 'code.issued') ORDER BY id
                """)
            while let row = try cursor.next() {
                let id: Int64 = row["id"], event: String = row["event"], subject: String = row["subject"] ?? ""
                let detail = (try? JSONSerialization.jsonObject(with: Data((row["detail"] as String? ?? "").utf8))) as? [String: Any] ?? [:]
                let digest = detail[RowDigest.detailKey] as? String
                switch event {
                case AuditEvent.approvalRecorded:
                    if let approval = detail["approval_id"] as? NSNumber { approvals[approval.stringValue] = (id, digest, detail) }
                case AuditEvent.codeIssued:
                    if subject.hasPrefix("unit:") { codes[String(subject.dropFirst(5))] = (id, digest) }
                default:
                    if subject.hasPrefix("token:") { tokens[String(subject.dropFirst(6))] = (id, digest) }
                }
            }
            var report = RowBacking()
            func unbacked(_ table: String, _ key: String, _ reason: String) {
                report.unbackedCount += 1
                if report.unbacked.count < RowBacking.shownLimit { report.unbacked.append(UnbackedRow(table: table, key: key, reason: reason)) }
            }
            func check(_ table: String, _ key: String, _ latest: (entry: Int64, digest: String?)?, _ digest: String, legacyMatches: () -> Bool = { true }) {
                guard let latest else { return unbacked(table, key, "has no audit entry") }
                guard let recorded = latest.digest else {
                    if legacyMatches() { report.legacy += 1 } else { unbacked(table, key, "differs from what its audit entry \(latest.entry) recorded") }
                    return
                }
                if recorded != digest { unbacked(table, key, "differs from what its latest audit entry (\(latest.entry)) recorded") }
            }
            for row in try DecisionRow.order(Column("id")).fetchAll(db) {
                report.approvals += 1
                let key = row.id.map(String.init) ?? "?"
                let latest = approvals[key]
                check("approval", key, latest.map { ($0.entry, $0.digest) }, RowDigest.approval(row)) {
                    latest?.detail["decision"] as? String == row.decision && latest?.detail["note"] as? String == row.note
                }
            }
            for row in try TokenRow.order(Column("id")).fetchAll(db) {
                report.tokens += 1
                let key = row.id.map(String.init) ?? "?"
                check("role_token", key, tokens[key], RowDigest.token(row))
            }
            let codeRows = try AccessCodeRecord.order(Column("unit")).fetchCursor(db)
            while let row = try codeRows.next() {
                report.accessCodes += 1
                check("access_code", row.unit, codes[row.unit], RowDigest.accessCode(row))
            }
            return report
        }
    }
}
