import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

@Suite struct TokenTests {
    static let t0 = isoTime("2026-03-01T10:00:00Z")

    @Test func aValidTokenAuthenticates() async throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try await db.issueToken(role: .board, name: "A. Jensen", expires: isoTime("2027-03-01"), at: Self.t0)
        #expect(issued.secret.hasPrefix("tilsyn_") && issued.secret.count == 7 + 64)
        let record = try #require(try await db.authenticate(token: issued.secret, now: isoTime("2026-06-01T00:00:00Z")))
        #expect(record == TokenRecord(id: issued.id, role: .board, name: "A. Jensen", created: Self.t0, expires: isoTime("2027-03-01"), revoked: nil))
        #expect(record == issued.record)
        #expect(!record.isRevoked)
    }

    @Test func unknownTokensAreNotAuthenticated() async throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try await db.issueToken(role: .inspector, name: "B", expires: nil, at: Self.t0)
        #expect(try await db.authenticate(token: "tilsyn_" + String(repeating: "0", count: 64), now: Self.t0) == nil)
        #expect(try await db.authenticate(token: "", now: Self.t0) == nil)
        #expect(try await db.authenticate(token: String(issued.secret.dropLast()), now: Self.t0) == nil)
        #expect(try await db.authenticate(token: issued.secret.uppercased(), now: Self.t0) == nil)
    }

    @Test func aRevokedTokenIsRefusedAndRevokingTwiceKeepsTheFirstTime() async throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try await db.issueToken(role: .inspector, name: "B", expires: nil, at: Self.t0)
        let other = try await db.issueToken(role: .inspector, name: "C", expires: nil, at: Self.t0)
        #expect(try await db.authenticate(token: issued.secret, now: isoTime("2026-03-02T00:00:00Z")) != nil)
        let revoked = try await db.revokeToken(id: issued.id, at: isoTime("2026-03-02T00:00:00Z"))
        #expect(revoked.revoked == isoTime("2026-03-02T00:00:00Z") && revoked.isRevoked)
        #expect(try await db.authenticate(token: issued.secret, now: isoTime("2026-03-03T00:00:00Z")) == nil)
        #expect(try await db.authenticate(token: other.secret, now: isoTime("2026-03-03T00:00:00Z")) != nil, "only that token")
        #expect(try await db.revokeToken(id: issued.id, at: isoTime("2026-04-01T00:00:00Z")).revoked == isoTime("2026-03-02T00:00:00Z"))
        #expect(try await db.auditEntries().filter { $0.event == "token.revoked" }.count == 1)
        await #expect(throws: StoreError.notFound(kind: "token", id: 99)) { try await db.revokeToken(id: 99, at: Self.t0) }
    }

    @Test(arguments: [
        ("2026-03-01T11:00:00Z", "2026-03-01T10:59:59Z", true),
        ("2026-03-01T11:00:00Z", "2026-03-01T11:00:00Z", false),
        ("2026-03-05", "2026-03-04T23:59:59Z", true),
        ("2026-03-05", "2026-03-05T00:00:00Z", false),
        // Offsets are instants, not text: 12:30+02:00 is 10:30Z, before 11:00Z.
        ("2026-03-01T11:00:00Z", "2026-03-01T12:30:00+02:00", true),
    ])
    func expiryIsAnInstant(expires: String, now: String, valid: Bool) async throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try await db.issueToken(role: .inspector, name: "B", expires: isoTime(expires), at: Self.t0)
        #expect((try await db.authenticate(token: issued.secret, now: isoTime(now)) != nil) == valid)
    }

    @Test func hashesAreNotExposedOrStoredInPlainText() async throws {
        let db = try TilsynDatabase.inMemory()
        let issued = try await db.issueToken(role: .board, name: "A", expires: nil, at: Self.t0)
        let json = String(decoding: try JSONEncoder().encode(try await db.tokens()), as: UTF8.self)
        #expect(!json.contains("hash"))
        #expect(!json.contains(String(issued.secret.dropFirst(7))))
        let stored = try await db.writer.read { db in try String.fetchAll(db, sql: "SELECT hash FROM role_token") }
        #expect(stored == [FileDigest.sha256(Array(issued.secret.utf8))])
        let everything = try await db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT role || name || hash || created || ifnull(expires, '') || ifnull(revoked, '') FROM role_token UNION ALL SELECT detail FROM audit_log")
        }.joined()
        #expect(!everything.contains(String(issued.secret.dropFirst(7))))
    }

    @Test func tokensListsEveryTokenOldestFirst() async throws {
        let db = try TilsynDatabase.inMemory()
        let a = try await db.issueToken(role: .board, name: "A", expires: nil, at: Self.t0)
        let b = try await db.issueToken(role: .inspector, name: "B", expires: isoTime("2026-12-31T00:00:00Z"), at: Self.t0)
        try await db.revokeToken(id: a.id, at: isoTime("2026-03-02T00:00:00Z"))
        let all = try await db.tokens()
        #expect(all.map(\.id) == [a.id, b.id])
        #expect(all.map(\.isRevoked) == [true, false])
    }

    @Test func badInputIsRefusedNamingTheField() async throws {
        let db = try TilsynDatabase.inMemory()
        await #expect(throws: StoreError.invalidField(field: "name", reason: "must not be empty")) {
            try await db.issueToken(role: .board, name: "", expires: nil, at: Self.t0)
        }
        await #expect(throws: StoreError.invalidField(field: "expires", reason: "must be later than the time of issue, 2026-03-01T10:00:00Z, not 2026-01-01")) {
            try await db.issueToken(role: .board, name: "A", expires: isoTime("2026-01-01"), at: Self.t0)
        }
        #expect(try await db.tokens().isEmpty)
    }

    @Test func tokensCanOnlyBeRevokedNeverRewritten() async throws {
        let db = try TilsynDatabase.inMemory()
        let a = try await db.issueToken(role: .inspector, name: "A", expires: nil, at: Self.t0)
        await #expect(throws: DatabaseError.self) { try await db.writer.write { db in try db.execute(sql: "UPDATE role_token SET role = 'board'") } }
        await #expect(throws: DatabaseError.self) { try await db.writer.write { db in try db.execute(sql: "DELETE FROM role_token") } }
        try await db.revokeToken(id: a.id, at: Self.t0)
        await #expect(throws: DatabaseError.self) { try await db.writer.write { db in try db.execute(sql: "UPDATE role_token SET revoked = NULL") } }
    }
}
