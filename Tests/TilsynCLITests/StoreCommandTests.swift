import Foundation
import GRDB
import Testing
@testable import TilsynStore
import _TilsynTestSupport

/// `tilsyn audit`, `codes`, `tokens` and the list's recording in the store, as processes in a temporary
/// working directory, so the default store `tilsyn.sqlite` lands there.
@Suite struct StoreCommandTests {
    let dir: URL

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: dir)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func list(_ model: String, _ extra: [String] = []) throws -> CommandRunner.Result {
        try run([
            "list", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--as-of", "2026-01-05",
            "--capacity", "60", "--random-share", "0.2", "--seed", "7", "--exclude-days", "365",
            "--last-inspection-column", "inspection_date", "--out", path("list.csv"), "--quiet",
        ] + extra)
    }

    @Test func auditVerifySaysIntactThenNamesTheFirstBrokenEntry() async throws {
        let missing = try run(["audit", "verify"])
        #expect(missing.refusal == "there is no store tilsyn.sqlite; give the store with --db, or create it with `tilsyn tokens issue` or `codes issue`.")
        #expect(!FileManager.default.fileExists(atPath: path("tilsyn.sqlite")), "verify must not create a store")

        #expect(try run(["tokens", "issue", "--role", "board", "--name", "A. Jensen"]).status == 0)
        #expect(try run(["tokens", "issue", "--role", "inspector", "--name", "B. Holm"]).status == 0)
        #expect(try run(["tokens", "revoke", "--id", "2"]).status == 0)
        let ok = try run(["audit", "verify"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("Audit log intact: 3 entries.\n"), "\(ok.stdout)")
        let head = try #require(ok.stdout.split(separator: "\n").last.map { String($0.dropFirst("Head: ".count)) })
        #expect(head.count == 64)
        #expect(try run(["audit", "verify", "--expect-head", head]).status == 0)
        let show = try run(["audit", "show", "--last", "2"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("token.revoked") && show.stdout.contains("token:2") && !show.stdout.contains("token:1 "))

        // Tamper as someone with the file would: drop the guard, then edit the middle entry.
        try await DatabaseQueue(path: path("tilsyn.sqlite")).write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_append_only_update")
            try db.execute(sql: #"UPDATE audit_log SET detail = '{"name":"Mallory","role":"board"}' WHERE id = 2"#)
        }
        let broken = try run(["audit", "verify"])
        #expect(broken.refusal == "the audit log in tilsyn.sqlite is broken at entry 2: entry 2's hash does not match its contents.")
        #expect(broken.stdout.isEmpty)
    }

    @Test func codesAreWrittenOnceAndStoredOnlyAsHashes() async throws {
        try write("register.csv", "unit_id,region\nP1,Fyn\nP2,Fyn\nP3,Sjælland\n")
        let r = try run(["codes", "issue", "--data", path("register.csv"), "--out", path("codes.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Issued 3 access codes and wrote them to"))
        let lines = try String(contentsOfFile: path("codes.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "unit_id,access_code")
        let codes = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(codes.map { $0[0] } == ["P1", "P2", "P3"])
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path("codes.csv"))[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "the codes file is readable by its owner only, not \(String(mode, radix: 8))")

        let store = try TilsynDatabase(path: path("tilsyn.sqlite"))
        #expect(try await store.verifyAccessCode(unit: "P2", code: codes[1][1]))
        #expect(try await !store.verifyAccessCode(unit: "P2", code: codes[0][1]))
        var stored = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasPrefix("tilsyn.sqlite") {
            stored += try Data(contentsOf: URL(fileURLWithPath: path(file)))
        }
        for code in codes { #expect(stored.range(of: Data(code[1].utf8)) == nil) }

        // Reissue to one unit: its old code stops working, the others keep theirs.
        let again = try run(["codes", "issue", "--data", path("register.csv"), "--ids", "P2", "--out", path("p2.csv")])
        #expect(again.status == 0, "\(again.stderr)")
        let newCode = try #require(try String(contentsOfFile: path("p2.csv"), encoding: .utf8).split(separator: "\n").last?.split(separator: ",").last.map(String.init))
        #expect(try await !store.verifyAccessCode(unit: "P2", code: codes[1][1]))
        #expect(try await store.verifyAccessCode(unit: "P2", code: newCode))
        #expect(try await store.verifyAccessCode(unit: "P1", code: codes[0][1]))
    }

    @Test func badRegistersAndIdsAreRefusedBeforeAnyCodeIsIssued() async throws {
        try write("register.csv", "unit_id\nP1\nP2\nP1\n")
        var r = try run(["codes", "issue", "--data", path("register.csv"), "--out", path("codes.csv")])
        #expect(r.refusal == "\(dir.path)/register.csv, line 4: unit 'P1' in column 'unit_id' is listed twice (first on line 2); a unit has one code.")
        try write("register.csv", "company_id\nP1\nP2\n")
        r = try run(["codes", "issue", "--data", path("register.csv"), "--out", path("codes.csv")])
        #expect(r.refusal == "\(dir.path)/register.csv: there is no column 'unit_id' (the header has: company_id); give --model model.json, whose spec names the unit column, or --id-column.")
        r = try run(["codes", "issue", "--data", path("register.csv"), "--id-column", "company_id", "--ids", "P3", "--out", path("codes.csv")])
        #expect(r.refusal == "\(dir.path)/register.csv: unit 'P3' given with --ids is not in column 'company_id'.")
        r = try run(["codes", "issue", "--data", path("register.csv"), "--id-column", "company_id", "--out", path("nowhere/codes.csv")])
        #expect(r.refusal == "\(dir.path)/nowhere/codes.csv: cannot be written (the directory '\(dir.path)/nowhere' does not exist or is not writable).")
        #expect(!FileManager.default.fileExists(atPath: path("codes.csv")))
        #expect(!FileManager.default.fileExists(atPath: path("tilsyn.sqlite")), "nothing issued, no store created")
    }

    @Test func tokensPrintTheSecretOnceAndRevokeWorks() async throws {
        let issued = try run(["tokens", "issue", "--role", "inspector", "--name", "B. Holm", "--expires", "2099-01-01"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let secret = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("tilsyn_") && secret.count == 71, "standard output is the secret alone: \(issued.stdout)")
        #expect(issued.stderr.contains("Issued inspector token 1 for B. Holm, valid until 2099-01-01."))
        let store = try TilsynDatabase(path: path("tilsyn.sqlite"))
        #expect(try await store.authenticate(token: secret, now: isoTime("2030-01-01T00:00:00Z"))?.role == .inspector)

        let listed = try run(["tokens", "list"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("B. Holm") && listed.stdout.contains("active"))
        #expect(!listed.stdout.contains(String(secret.dropFirst(7))) && !listed.stdout.contains(FileDigest.sha256(Array(secret.utf8))))

        let revoked = try run(["tokens", "revoke", "--id", "1"])
        #expect(revoked.status == 0 && revoked.stdout.hasPrefix("Revoked inspector token 1 (B. Holm) at "), "\(revoked.stdout)")
        #expect(try await store.authenticate(token: secret, now: isoTime("2030-01-01T00:00:00Z")) == nil)
        #expect(try run(["tokens", "revoke", "--id", "1"]).stdout.contains("was already revoked"))
        #expect(try run(["tokens", "list"]).stdout.contains("revoked "))
        let unknown = try run(["tokens", "revoke", "--id", "7"])
        #expect(unknown.refusal == "there is no token with id 7 in the store.")
        let badRole = try run(["tokens", "issue", "--role", "admin", "--name", "X"])
        #expect(badRole.refusal == "The value 'admin' is invalid for '--role <role>'. Please provide one of 'inspector' and 'board'.")
        let badDate = try run(["tokens", "issue", "--role", "board", "--name", "X", "--expires", "soon"])
        #expect(badDate.refusal == "--expires must be an ISO 8601 date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ), not 'soon'.")
    }

    @Test func aListIsRecordedWhenTheStoreExists() async throws {
        let model = try CommandRunner.fitFixture("synthetic", into: dir)
        #expect(try CommandRunner.approve(model, in: dir).status == 0)
        let r = try list(model)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Recorded in tilsyn.sqlite as list 1 (60 rows), with its audit entry."), "\(r.stdout)")

        let store = try TilsynDatabase(path: path("tilsyn.sqlite"))
        let recorded = try #require(try await store.lists().first)
        let csv = try Data(contentsOf: URL(fileURLWithPath: path("list.csv")))
        #expect(recorded.listSHA256 == FileDigest.sha256(csv))
        #expect(recorded.manifest == (try String(contentsOfFile: path("list.manifest.json"), encoding: .utf8)))
        #expect(recorded.asOf == "2026-01-05" && recorded.rowCount == 60 && recorded.issuedBy.hasPrefix("cli:"))
        let rows = try await store.listRows(id: recorded.id)
        let csvRows = String(decoding: csv, as: UTF8.self).split(separator: "\n").dropFirst().map { $0.split(separator: ",", maxSplits: 4).map(String.init) }
        #expect(rows.map { String($0.rank) } == csvRows.map { $0[0] })
        #expect(rows.map(\.unit) == csvRows.map { $0[1] })
        #expect(rows.map(\.channel) == csvRows.map { $0[3] })
        #expect(try await store.auditEntries().map(\.event) == ["token.issued", "model.registered", "approval.recorded", "list.issued"])
        #expect(try run(["audit", "verify"]).stdout.hasPrefix("Audit log intact: 4 entries."))
    }

    @Test func recordCreatesTheStoreAndWithoutItNothingIsRecorded() async throws {
        let model = try CommandRunner.fitFixture("synthetic", into: dir)
        #expect(try list(model, ["--allow-unapproved"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: path("tilsyn.sqlite")))
        let refused = try list(model, ["--record"])
        #expect(refused.refusal == (try notApprovedSentence(model, storeExists: false)))
        #expect(!FileManager.default.fileExists(atPath: path("tilsyn.sqlite")), "a refused list creates no store")
        let r = try list(model, ["--allow-unapproved", "--record"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try await TilsynDatabase(path: path("tilsyn.sqlite")).lists().map(\.rowCount) == [60])
    }

    @Test func aStoreFailureWhileRecordingIsOneClearSentence() async throws {
        let model = try CommandRunner.fitFixture("synthetic", into: dir)
        #expect(try CommandRunner.approve(model, in: dir).status == 0)
        try await DatabaseQueue(path: path("tilsyn.sqlite")).write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_rows BEFORE INSERT ON list_row WHEN NEW.rank = 30 BEGIN SELECT RAISE(ABORT, 'disk quota reached'); END")
        }
        let r = try list(model)
        #expect(r.refusal == "\(dir.path)/list.csv was written but could not be recorded in the store tilsyn.sqlite (disk quota reached); it is not on record, so do not use it until a rerun records it.")
        let store = try TilsynDatabase(path: path("tilsyn.sqlite"))
        #expect(try await store.lists().isEmpty)
        #expect(try await store.auditEntries().map(\.event) == ["token.issued", "model.registered", "approval.recorded"])
    }
}
