import Foundation
import GRDB
import Testing
import TilsynStore
import _TilsynTestSupport

@Suite struct TokenTests {
    static let t0 = "2026-03-01T10:00:00Z"

    @Test func aValidTokenAuthenticates() throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try db.issueToken(role: .board, name: "A. Jensen", expires: "2027-03-01", at: Self.t0)
        #expect(issued.secret.hasPrefix("tilsyn_") && issued.secret.count == 7 + 64)
        let record = try #require(try db.authenticate(token: issued.secret, now: "2026-06-01T00:00:00Z"))
        #expect(record == TokenRecord(id: issued.id, role: .board, name: "A. Jensen", created: Self.t0, expires: "2027-03-01", revoked: nil))
        #expect(record == issued.record)
        #expect(!record.isRevoked)
    }

    @Test func unknownTokensAreNotAuthenticated() throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try db.issueToken(role: .inspector, name: "B", expires: nil, at: Self.t0)
        #expect(try db.authenticate(token: "tilsyn_" + String(repeating: "0", count: 64), now: Self.t0) == nil)
        #expect(try db.authenticate(token: "", now: Self.t0) == nil)
        #expect(try db.authenticate(token: String(issued.secret.dropLast()), now: Self.t0) == nil)
        #expect(try db.authenticate(token: issued.secret.uppercased(), now: Self.t0) == nil)
    }

    @Test func aRevokedTokenIsRefusedAndRevokingTwiceKeepsTheFirstTime() throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try db.issueToken(role: .inspector, name: "B", expires: nil, at: Self.t0)
        let other = try db.issueToken(role: .inspector, name: "C", expires: nil, at: Self.t0)
        #expect(try db.authenticate(token: issued.secret, now: "2026-03-02T00:00:00Z") != nil)
        let revoked = try db.revokeToken(id: issued.id, at: "2026-03-02T00:00:00Z")
        #expect(revoked.revoked == "2026-03-02T00:00:00Z" && revoked.isRevoked)
        #expect(try db.authenticate(token: issued.secret, now: "2026-03-03T00:00:00Z") == nil)
        #expect(try db.authenticate(token: other.secret, now: "2026-03-03T00:00:00Z") != nil, "only that token")
        #expect(try db.revokeToken(id: issued.id, at: "2026-04-01T00:00:00Z").revoked == "2026-03-02T00:00:00Z")
        #expect(try db.auditEntries().filter { $0.event == "token.revoked" }.count == 1)
        #expect(throws: StoreError.notFound(kind: "token", id: 99)) { try db.revokeToken(id: 99, at: Self.t0) }
    }

    @Test(arguments: [
        ("2026-03-01T11:00:00Z", "2026-03-01T10:59:59Z", true),
        ("2026-03-01T11:00:00Z", "2026-03-01T11:00:00Z", false),
        ("2026-03-05", "2026-03-04T23:59:59Z", true),
        ("2026-03-05", "2026-03-05T00:00:00Z", false),
        // Offsets are instants, not text: 12:30+02:00 is 10:30Z, before 11:00Z.
        ("2026-03-01T11:00:00Z", "2026-03-01T12:30:00+02:00", true),
    ])
    func expiryIsAnInstant(expires: String, now: String, valid: Bool) throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try db.issueToken(role: .inspector, name: "B", expires: expires, at: Self.t0)
        #expect((try db.authenticate(token: issued.secret, now: now) != nil) == valid)
    }

    @Test func hashesAreNotExposedOrStoredInPlainText() throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try db.issueToken(role: .board, name: "A", expires: nil, at: Self.t0)
        let json = String(decoding: try JSONEncoder().encode(try db.tokens()), as: UTF8.self)
        #expect(!json.contains("hash"))
        #expect(!json.contains(String(issued.secret.dropFirst(7))))
        let stored = try db.writer.read { db in try String.fetchAll(db, sql: "SELECT hash FROM role_token") }
        #expect(stored == [FileDigest.sha256(Array(issued.secret.utf8))])
        let everything = try db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT role || name || hash || created || ifnull(expires, '') || ifnull(revoked, '') FROM role_token UNION ALL SELECT detail FROM audit_log")
        }.joined()
        #expect(!everything.contains(String(issued.secret.dropFirst(7))))
    }

    @Test func tokensListsEveryTokenOldestFirst() throws {
        let db = try TilsynDatabase.inMemory()
        let a = try db.issueToken(role: .board, name: "A", expires: nil, at: Self.t0)
        let b = try db.issueToken(role: .inspector, name: "B", expires: "2026-12-31T00:00:00Z", at: Self.t0)
        try db.revokeToken(id: a.id, at: "2026-03-02T00:00:00Z")
        let all = try db.tokens()
        #expect(all.map(\.id) == [a.id, b.id])
        #expect(all.map(\.isRevoked) == [true, false])
    }

    @Test func badInputIsRefusedNamingTheField() throws {
        let db = try TilsynDatabase.inMemory()
        #expect(throws: StoreError.invalidField(field: "name", reason: "must not be empty")) {
            try db.issueToken(role: .board, name: "", expires: nil, at: Self.t0)
        }
        #expect(throws: StoreError.invalidTime(field: "expires", value: "next year")) {
            try db.issueToken(role: .board, name: "A", expires: "next year", at: Self.t0)
        }
        #expect(throws: StoreError.invalidField(field: "expires", reason: "must be later than the time of issue, 2026-03-01T10:00:00Z, not 2026-01-01")) {
            try db.issueToken(role: .board, name: "A", expires: "2026-01-01", at: Self.t0)
        }
        #expect(throws: StoreError.invalidTime(field: "now", value: "")) { try db.authenticate(token: "x", now: "") }
        #expect(try db.tokens().isEmpty)
    }

    @Test func tokensCanOnlyBeRevokedNeverRewritten() throws {
        let db = try TilsynDatabase.inMemory()
        let a = try db.issueToken(role: .inspector, name: "A", expires: nil, at: Self.t0)
        #expect(throws: DatabaseError.self) { try db.writer.write { db in try db.execute(sql: "UPDATE role_token SET role = 'board'") } }
        #expect(throws: DatabaseError.self) { try db.writer.write { db in try db.execute(sql: "DELETE FROM role_token") } }
        try db.revokeToken(id: a.id, at: Self.t0)
        #expect(throws: DatabaseError.self) { try db.writer.write { db in try db.execute(sql: "UPDATE role_token SET revoked = NULL") } }
    }
}
