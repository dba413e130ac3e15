import Foundation
import GRDB
import TilsynCore

/// A row of a current-state table that no audit entry vouches for.
public struct UnbackedRow: Codable, Sendable, Equatable {
    /// `approval`, `role_token`, `access_code` or `issued_list`.
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
    /// Issued lists checked (lists still pending — being written, or left by a killed run — are on
    /// no record yet and are not counted).
    public var lists = 0
    /// Rows whose latest entry was written before entries carried row digests (before migration
    /// `v3-code-batches-erasure`): they have an entry, but it cannot show the row is unchanged.
    public var legacy = 0
    /// The first rows found without backing (at most ``shownLimit``), in table and key order.
    public var unbacked: [UnbackedRow] = []
    /// How many rows are without backing in all.
    public var unbackedCount = 0
    public static let shownLimit = 20

    public var isBacked: Bool { unbackedCount == 0 }

    public init(approvals: Int = 0, tokens: Int = 0, accessCodes: Int = 0, lists: Int = 0, legacy: Int = 0, unbacked: [UnbackedRow] = [], unbackedCount: Int = 0) {
        self.approvals = approvals
        self.tokens = tokens
        self.accessCodes = accessCodes
        self.lists = lists
        self.legacy = legacy
        self.unbacked = unbacked
        self.unbackedCount = unbackedCount
    }
}

extension TilsynDatabase {
    /// Checks that every approval, role token, access code and issued list is backed by its audit entry.
    ///
    /// For each row, the latest audit entry about it (`approval.recorded` with its `approval_id`;
    /// `token.issued`/`token.revoked` for `token:<id>`; `code.issued` for `unit:<id>`) must carry the
    /// row's digest (``RowDigest``); an issued list that is not pending must have its `list.issued` entry
    /// (subject `list:<id>`) recording the same fingerprint, as-of date, row count and list digest — a list
    /// row without one was inserted past ``recordList(_:at:)``, which no reader should take for a list on
    /// record (the pending-list triggers stop the rows, not a bare `issued_list` insert). A row with no entry was inserted past the application; one whose
    /// digest differs was changed past it. Entries from before digests are counted as ``RowBacking/legacy``;
    /// for approvals their decision and note are still compared. Reads one snapshot: one pass over the
    /// log, one over each table.
    public func verifyRowBacking() async throws -> RowBacking {
        try await writer.read { db in
            // The latest entry about each row: its id and the digest it carries, if any.
            var approvals: [String: (entry: Int64, digest: String?, detail: [String: Any])] = [:]
            var tokens: [String: (entry: Int64, digest: String?)] = [:]
            var codes: [String: (entry: Int64, digest: String?)] = [:]
            var lists: [String: (entry: Int64, detail: [String: Any])] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT id, event, subject, detail FROM audit_log
                WHERE event IN ('approval.recorded', 'token.issued', 'token.revoked', 'code.issued', 'list.issued') ORDER BY id
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
                case AuditEvent.listIssued:
                    if subject.hasPrefix("list:") { lists[String(subject.dropFirst(5))] = (id, detail) }
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
            let listRows = try IssuedListRow.filter(sql: Self.onRecord("id")).order(Column("id")).fetchCursor(db)
            while let row = try listRows.next() {
                report.lists += 1
                let key = row.id.map(String.init) ?? "?"
                guard let entry = lists[key] else {
                    unbacked("issued_list", key, "has no list.issued audit entry")
                    continue
                }
                let d = entry.detail
                if d["fingerprint"] as? String != row.fingerprint || d["as_of"] as? String != row.asOf
                    || (d["rows"] as? NSNumber)?.intValue != row.rowCount || d["list_sha256"] as? String != row.listSHA256 {
                    unbacked("issued_list", key, "differs from what its audit entry (\(entry.entry)) recorded")
                }
            }
            return report
        }
    }
}
