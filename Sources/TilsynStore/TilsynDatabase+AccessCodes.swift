import Foundation
import GRDB

extension TilsynDatabase {
    /// Issues a new access code to each unit, replacing any code it had, and returns the codes.
    ///
    /// The returned codes are the only plain-text copy: the store keeps a salted SHA-256 of each (see
    /// ``AccessCodeFormat``), so a lost code is replaced by issuing a new one, never recovered. For a
    /// caller that hands the codes over in memory (the demo, tests): stages them, then activates them at
    /// once. `tilsyn codes issue` instead writes its file between the two steps
    /// (``stageAccessCodes(units:actor:out:at:)``, ``activateCodeBatch(_:at:)``), so codes become
    /// active only once they are safely on disk. Either way the writes go in short slices
    /// (``writeSlice``), each unit's code with its audit entry (`code.issued`, subject `unit:<id>`,
    /// detail saying whether it replaced a code and the row's digest).
    /// - Parameters:
    ///   - units: unit ids (``UnitID``), each at most once.
    ///   - actor: who issued them, for the audit log.
    ///   - at: the time.
    /// - Returns: one code per unit, in the order given.
    /// - Throws: ``StoreError/invalidField(field:reason:)`` for an empty, repeated or invalid unit id.
    public func issueAccessCodes(units: [String], actor: String = "tilsyn", at: Date) async throws -> [IssuedAccessCode] {
        let (batch, codes) = try await stageAccessCodes(units: units, actor: actor, out: "(in memory)", at: at)
        try await markCodeBatchWritten(batch, fileSHA256: "in-memory")
        try await activateCodeBatch(batch, at: at)
        return codes
    }

    /// Whether `code` is the unit's current access code.
    ///
    /// Case, dashes and spaces are ignored and `O`/`I`/`L` read as `0`/`1`. An unknown unit, a malformed
    /// code and a wrong code all give `false`; the digest comparison is constant-time. Nothing is written:
    /// the caller audits failures with ``recordFailedLookup(unit:client:reason:at:)``, and the attempted
    /// code is never stored anywhere.
    public func verifyAccessCode(unit: String, code: String) async throws -> Bool {
        guard let record = try await writer.read({ db in try AccessCodeRecord.fetchOne(db, key: unit) }) else { return false }
        return Self.codeMatches(code, record)
    }

    /// When the unit's current code was issued, or `nil` if it has none.
    public func accessCodeIssued(unit: String) async throws -> Date? {
        try await writer.read { db in try AccessCodeRecord.fetchOne(db, key: unit).map { try StoreTime.date($0.issuedAt, field: "access_code.issued_at") } }
    }

    /// Bytes of a hex string, or `nil` if it is not one.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
