import Foundation
import GRDB
import Testing
import TilsynStore
import _TilsynTestSupport

/// Issue 17 through the real binary: what an attacker or a clumsy operator found (findings 2, 5, 8, 9, 10).
@Suite struct HardeningCommandTests {
    let dir: URL

    init() throws { dir = try CommandRunner.temporaryDirectory() }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func run(_ arguments: [String]) throws -> CommandRunner.Result { try CommandRunner.run(arguments, in: dir) }
    func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path(name))) }

    /// Finding 2: with row 3's id `1000000001\0evil`, `codes issue` used to print "Issued 2000" and store
    /// 1,999, the NUL row's code opening unit 1000000001's card. Now nothing is issued and the row is named.
    @Test func aNULOrControlCharacterInARegisterIdIssuesNothing() throws {
        try write("nul.csv", Array("unit_id\n1000000001\n\"1000000001".utf8) + [0] + Array("evil\"\n".utf8))
        let nul = try run(["codes", "issue", "--data", "nul.csv", "--out", "codes.csv"])
        #expect(nul.refusal == "nul.csv: byte 31 (line 3) is a NUL character; a CSV file is UTF-8 text, which never holds one, so this looks like a binary or zero-filled file.")
        #expect(nul.stderr == "Error: nul.csv: byte 31 (line 3) is a NUL character; a CSV file is UTF-8 text, which never holds one, so this looks like a binary or zero-filled file.\n")
        try write("esc.csv", Array("unit_id\n1000000001\n1000000001\u{1B}[2J\n".utf8))
        let esc = try run(["codes", "issue", "--data", "esc.csv", "--out", "codes.csv"])
        #expect(esc.refusal == "esc.csv, line 3, column 'unit_id': expected a unit id (it holds the control character \\u{1B}), found '1000000001\\u{1B}[2J'.")
        #expect(esc.stderr == "Error: esc.csv, line 3, column 'unit_id': expected a unit id (it holds the control character \\u{1B}), found '1000000001\\u{1B}[2J'.\n")
        #expect(!FileManager.default.fileExists(atPath: path("codes.csv")))
        #expect(!FileManager.default.fileExists(atPath: path("tilsyn.sqlite")), "refused before the store is opened")
    }

    /// Finding 9: no raw control character from an input reaches the terminal, and formula-like ids are
    /// written to codes.csv as text.
    @Test func controlCharactersAreShownEscapedAndFormulasWrittenAsText() async throws {
        try write("reg.csv", Array("unit_id\n\"=cmd|' /C calc'!A0\"\nP2\n".utf8))
        let missing = try run(["codes", "issue", "--data", "reg.csv", "--ids", "P\u{1B}]0;owned\u{7}", "--out", "codes.csv"])
        #expect(missing.stderr == "Error: reg.csv: unit 'P\\u{1B}]0;owned\\u{7}' given with --ids is not in column 'unit_id'.\n")
        let issued = try run(["codes", "issue", "--data", "reg.csv", "--out", "codes.csv"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let codes = try String(contentsOfFile: path("codes.csv"), encoding: .utf8)
        #expect(codes.hasPrefix("unit_id,access_code\n\"'=cmd|' /C calc'!A0\","), "\(codes)")
        let token = try run(["tokens", "issue", "--role", "board", "--name", "A\u{1B}[31mB\u{7}"])
        #expect(token.stderr.hasPrefix("Issued board token 1 for A\\u{1B}[31mB\\u{7}, valid without expiry."), "\(token.stderr)")
        // A failed card lookup's subject is the URL's unit id, whatever the client typed.
        try await TilsynDatabase(path: path("tilsyn.sqlite")).audit(event: "card.lookup_failed", actor: "client", subject: "unit:P\u{1B}[2J", detail: "{}", at: isoTime("2026-12-01T08:00:00Z"))
        let show = try run(["audit", "show"])
        #expect(show.stdout.contains("unit:P\\u{1B}[2J"), "\(show.stdout)")
        for output in [missing.stderr, issued.stdout, token.stdout, token.stderr, show.stdout] {
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(output.debugDescription)")
        }
    }

    /// Finding 10: the store and the codes are created readable by their owner only.
    @Test func theStoreIsCreatedOwnerOnly() throws {
        #expect(try run(["tokens", "issue", "--role", "board", "--name", "A. Jensen"]).status == 0)
        for name in ["tilsyn.sqlite", "tilsyn.sqlite-wal"] where FileManager.default.fileExists(atPath: path(name)) {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path(name))[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(name): \(String(mode, radix: 8))")
        }
    }

    /// Finding 5: a row inserted straight into a table makes `audit verify` fail naming it; verify says
    /// what it cannot detect; `--expect-head` with a head the log does not hold fails with its sentence.
    @Test func auditVerifyReportsRowsWrittenPastTheLogAndAnUnknownHead() throws {
        #expect(try run(["tokens", "issue", "--role", "board", "--name", "A. Jensen"]).status == 0)
        let ok = try run(["audit", "verify", "--head-file", "head.txt"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("Every row is backed by its audit entry: 0 approvals, 1 role token, 0 access codes, 0 issued lists.\n"), "\(ok.stdout)")
        #expect(ok.stdout.contains("What this check cannot detect: anyone who can write the store file can rewrite the whole log"))
        let head = try #require(ok.stdout.split(separator: "\n").last.map { String($0.dropFirst("Head: ".count)) })
        #expect(try String(contentsOfFile: path("head.txt"), encoding: .utf8).contains("head: \(head)\n"))
        let unknown = String(repeating: "0", count: 63) + "1"
        let wrong = try run(["audit", "verify", "--expect-head", unknown])
        #expect(wrong.refusal == "the audit log in tilsyn.sqlite has no entry with hash 0000000000000000000000000000000000000000000000000000000000000001; entries up to it were removed or it belongs to another store.")
        #expect(wrong.stderr == "Error: the audit log in tilsyn.sqlite has no entry with hash \(unknown); entries up to it were removed or it belongs to another store.\n")

        try DatabaseQueue(path: path("tilsyn.sqlite")).write { db in
            try db.execute(sql: "INSERT INTO role_token (role, name, hash, created) VALUES ('board', 'Mallory', 'ab', '2026-12-01T08:00:00Z')")
        }
        let forged = try run(["audit", "verify", "--expect-head", head])
        #expect(forged.refusal == "the audit log in tilsyn.sqlite is intact, but 1 row was written or changed past it: role_token 2 has no audit entry. Such rows are used by `list` and `serve`; remove them or restore the store from a backup.")
        #expect(forged.stderr == "Error: the audit log in tilsyn.sqlite is intact, but 1 row was written or changed past it: role_token 2 has no audit entry. Such rows are used by `list` and `serve`; remove them or restore the store from a backup.\n")
    }

    /// A run killed after its codes file was renamed into place but before it recorded that: the next
    /// run sees the file holds the batch's codes and activates them (before, it discarded the batch, and
    /// the file's codes never worked while the old codes, whose file was gone, still did).
    @Test func aFileRenamedButNotRecordedIsActivatedNotDiscarded() async throws {
        try write("reg.csv", Array("unit_id\nU1\nU2\nU3\n".utf8))
        #expect(try run(["codes", "issue", "--data", "reg.csv", "--out", "codes.csv"]).status == 0)
        let store = try TilsynDatabase(path: path("tilsyn.sqlite"))
        // What the killed run did: staged new codes and put their file in place, then died.
        let (batch, codes) = try await store.stageAccessCodes(units: ["U1", "U2", "U3"], out: path("codes.csv"), at: Date())
        try write("codes.csv", Array(("unit_id,access_code\n" + codes.map { "\($0.unit),\($0.code)\n" }.joined()).utf8))
        try write("one.csv", Array("unit_id\nU9\n".utf8))
        let settle = try run(["codes", "issue", "--data", "one.csv", "--out", "one-code.csv"])
        #expect(settle.status == 0, "\(settle.stderr)")
        #expect(settle.stderr.contains("was interrupted after writing \(path("codes.csv")); activated its remaining 3 of 3 codes, so the codes in that file now all work."), "\(settle.stderr)")
        for code in codes { #expect(try await store.verifyAccessCode(unit: code.unit, code: code.code), "\(code.unit)") }
        #expect(try await store.unfinishedCodeBatches().isEmpty)
        #expect(try await store.codeBatch(batch)?.fileSHA256 != nil)
        // A batch whose file never replaced the old one is still discarded, and the old codes keep working.
        let (other, _) = try await store.stageAccessCodes(units: ["U1"], out: path("codes.csv"), at: Date())
        let again = try run(["codes", "issue", "--data", "one.csv", "--out", "one-code.csv"])
        #expect(again.stderr.contains("was interrupted before its codes file was written"), "\(again.stderr)")
        #expect(try await store.codeBatch(other) == nil)
        #expect(try await store.verifyAccessCode(unit: "U1", code: codes[0].code))
        #expect(try await store.verifyAuditChain().isIntact)
    }

    /// Finding 8: `codes issue` killed at any point loses no working code: afterwards (once the next run
    /// has settled the interrupted one) the codes in codes.csv work, no partial plain-text temporary
    /// file is ever left, and the audit chain is intact. Before, a kill after the commit left old codes
    /// replaced and no file.
    @Test func killingCodesIssueLosesNoWorkingCode() async throws {
        let units = 2_000
        try write("reg.csv", Array(("unit_id\n" + (1...units).map { "U\($0)\n" }.joined()).utf8))
        let arguments = ["codes", "issue", "--data", "reg.csv", "--out", "codes.csv"]
        let started = DispatchTime.now().uptimeNanoseconds
        let first = try run(arguments)
        try #require(first.status == 0, "\(first.stderr)")
        let window = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        for fraction in [0.15, 0.3, 0.45, 0.6, 0.75, 0.9] {
            let process = try RunningCommand(arguments, in: dir)
            usleep(useconds_t(fraction * window * 1e6))
            process.kill()
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.contains(".tmp-") {
                let text = try String(contentsOfFile: path(name), encoding: .utf8)
                #expect(text.split(separator: "\n").count == units + 1, "a partial plain-text temporary file survived: \(name)")
            }
            // The next run settles the interrupted one (here on one other unit, so the codes file stays).
            try write("one.csv", Array("unit_id\nU1\n".utf8))
            let settle = try run(["codes", "issue", "--data", "one.csv", "--out", "one-code.csv"])
            #expect(settle.status == 0, "\(settle.stderr)")
            let store = try TilsynDatabase(path: path("tilsyn.sqlite"))
            #expect(try await store.verifyAuditChain().isIntact)
            #expect(try await store.unfinishedCodeBatches().isEmpty)
            let rows = try String(contentsOfFile: path("codes.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            #expect(rows.count == units)
            for row in [rows[1], rows[units / 2], rows[units - 1]] {
                #expect(try await store.verifyAccessCode(unit: row[0], code: row[1]), "codes.csv's code for \(row[0]) does not work (kill at \(fraction))")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }.isEmpty, "the last run removed what the killed ones left")
    }
}
