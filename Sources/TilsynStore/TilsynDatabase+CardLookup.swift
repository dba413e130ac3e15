import Foundation
import GRDB
import TilsynCore

/// What a company's card request needs from the store, read at once: the unit's access code, the
/// model's latest board decision and the ids of the model's recorded lists.
///
/// A card used to ask these as three reads, each a trip to a pooled reader connection (a thread hop
/// and a wake-up) with its SQL generated and prepared again — a tenth of a JSON card's CPU. Here they
/// are one read of one snapshot, with statements prepared once per connection (`cachedStatement`).
/// One snapshot also means the three agree: a code, an approval and a list as they stood together.
public struct CardLookup: Sendable {
    /// The unit's current access code (salt and digest), `nil` when it has none.
    let accessCode: AccessCodeRecord?
    /// The model's latest decision (an approval or a rejection), `nil` when the board has made none.
    public let latestDecision: BoardDecision?
    /// The ids of the model's recorded lists, newest first (as ``TilsynDatabase/listIDs(fingerprint:)``).
    public let listIDs: [Int64]

    /// The decision that approves the model: its latest, when that is an approval (as
    /// ``TilsynDatabase/approval(fingerprint:)``).
    public var approval: BoardDecision? {
        guard let latestDecision, latestDecision.approves else { return nil }
        return latestDecision
    }

    /// Whether `code` is the unit's current access code, as ``TilsynDatabase/verifyAccessCode(unit:code:)``
    /// decides it (same normalisation, constant-time digest comparison).
    public func codeMatches(_ code: String) -> Bool {
        guard let accessCode else { return false }
        return TilsynDatabase.codeMatches(code, accessCode)
    }
}

extension TilsynDatabase {
    /// The unit's access code, the latest decision on `fingerprint` and the ids of its recorded lists,
    /// in one read (see ``CardLookup``). Nothing is written.
    public func cardLookup(unit: String, fingerprint: String) async throws -> CardLookup {
        try await writer.read { db in
            let code = try AccessCodeRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM access_code WHERE unit = ?"), arguments: [unit])
            let decision = try DecisionRow.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM approval WHERE fingerprint = ? ORDER BY id DESC LIMIT 1"), arguments: [fingerprint])
            let lists = try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM issued_list WHERE fingerprint = ? AND \(Self.onRecord("id")) ORDER BY id DESC"),
                arguments: [fingerprint])
            return CardLookup(accessCode: code, latestDecision: try decision?.value(), listIDs: lists)
        }
    }

    /// Whether `code` matches the stored access code `record`: normalised, salted, compared in constant time.
    static func codeMatches(_ code: String, _ record: AccessCodeRecord) -> Bool {
        guard let normalised = AccessCodeFormat.normalise(code), let salt = bytes(hex: record.salt) else { return false }
        let digest = AccessCodeFormat.digest(salt: salt, normalised: normalised)
        return Secrets.constantTimeEqual(Array(digest.utf8), Array(record.hash.utf8))
    }
}
