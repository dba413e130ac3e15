import Foundation
import GRDB

extension TilsynDatabase {
    /// Issues a new access code to each unit, replacing any code it had, and returns the codes.
    ///
    /// The returned codes are the only plain-text copy: the store keeps a salted SHA-256 of each (see
    /// ``AccessCodeFormat``), so a lost code is replaced by issuing a new one, never recovered. All codes
    /// and one audit entry per unit (`code.issued`, subject `unit:<id>`, detail saying whether it replaced
    /// a code) are written in one transaction: either every unit gets its new code or none does.
    /// - Parameters:
    ///   - units: unit ids, each at most once, none empty.
    ///   - actor: who issued them, for the audit log.
    ///   - at: the time.
    /// - Returns: one code per unit, in the order given.
    /// - Throws: ``StoreError/invalidField(field:reason:)`` for an empty or repeated unit id.
    public func issueAccessCodes(units: [String], actor: String = "tilsyn", at: Date) async throws -> [IssuedAccessCode] {
        let at = StoreTime.text(at)
        var seen = Set<String>()
        for unit in units {
            if unit.trimmingCharacters(in: .whitespaces).isEmpty {
                throw StoreError.invalidField(field: "unit", reason: "must not be empty")
            }
            if !seen.insert(unit).inserted {
                throw StoreError.invalidField(field: "unit", reason: "'\(unit)' is listed twice; a unit has one code")
            }
        }
        let detail = [false: AuditChain.detail(["replaced": false]), true: AuditChain.detail(["replaced": true])]
        return try await writer.write { db in
            var issued: [IssuedAccessCode] = []
            issued.reserveCapacity(units.count)
            let exists = try db.makeStatement(sql: "SELECT 1 FROM access_code WHERE unit = ?")
            for unit in units {
                let code = AccessCodeFormat.generate()
                guard let normalised = AccessCodeFormat.normalise(code) else { preconditionFailure("a generated code reads back") }
                let salt = Secrets.randomBytes(16)
                let replaced = try Bool.fetchOne(exists, arguments: [unit]) ?? false
                try AccessCodeRecord(unit: unit, salt: Secrets.hex(salt), hash: AccessCodeFormat.digest(salt: salt, normalised: normalised), issuedAt: at)
                    .insert(db, onConflict: .replace)
                try Self.appendAudit(AuditEntryDraft(
                    at: at, actor: actor, event: AuditEvent.codeIssued, subject: "unit:\(unit)",
                    detail: detail[replaced] ?? ""), in: db)
                issued.append(IssuedAccessCode(unit: unit, code: code))
            }
            return issued
        }
    }

    /// Whether `code` is the unit's current access code.
    ///
    /// Case, dashes and spaces are ignored and `O`/`I`/`L` read as `0`/`1`. An unknown unit, a malformed
    /// code and a wrong code all give `false`; the digest comparison is constant-time. Nothing is written:
    /// the caller audits failures with ``recordFailedLookup(unit:client:reason:at:)``, and the attempted
    /// code is never stored anywhere.
    public func verifyAccessCode(unit: String, code: String) async throws -> Bool {
        guard let record = try await writer.read({ db in try AccessCodeRecord.fetchOne(db, key: unit) }) else { return false }
        guard let normalised = AccessCodeFormat.normalise(code), let salt = Self.bytes(hex: record.salt) else { return false }
        let digest = AccessCodeFormat.digest(salt: salt, normalised: normalised)
        return Secrets.constantTimeEqual(Array(digest.utf8), Array(record.hash.utf8))
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
