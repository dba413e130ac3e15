import Foundation
import Testing
import TilsynCore
import TilsynStore
import _TilsynTestSupport

/// `tilsyn approve` and the approval gate of `tilsyn list`, as processes in a temporary working
/// directory, so the default store `tilsyn.sqlite` lands there.
@Suite struct ApproveCommandTests {
    let dir: URL
    let model: String

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        model = try CommandRunner.fitFixture("synthetic", into: dir)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func list(_ extra: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.run([
            "list", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--as-of", "2026-01-05",
            "--capacity", "20", "--random-share", "0.2", "--seed", "7", "--exclude-days", "365",
            "--last-inspection-column", "inspection_date", "--out", path("list.csv"), "--quiet",
        ] + extra, in: dir)
    }

    /// `tilsyn approve` as a board member: a board token for `holder` (issued once per holder and store),
    /// given in `TILSYN_TOKEN`.
    func approve(_ decision: String, holder: String = "Ethics board (chair A. Jensen)", note: String = "minutes 2026-03, item 4",
                 db: String = "tilsyn.sqlite") throws -> CommandRunner.Result {
        let token = try CommandRunner.boardToken(name: holder, db: db, in: dir)
        return try CommandRunner.run(["approve", "--model", model, "--decision", decision, "--note", note, "--db", db], in: dir,
                                     environment: ["TILSYN_TOKEN": token])
    }

    func manifestApproval() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("list.manifest.json")))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(manifest["approval"] as? [String: Any])
    }

    @Test func listIsRefusedBeforeApprovalAndAcceptedAfter() throws {
        let before = try list()
        #expect(before.refusal == (try notApprovedSentence(model, storeExists: false)))
        #expect(!FileManager.default.fileExists(atPath: path("tilsyn.sqlite")), "a list must not create the store")

        let approved = try approve("approved")
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("approved by Ethics board (chair A. Jensen)"))
        #expect(FileManager.default.fileExists(atPath: path("tilsyn.sqlite")))

        let after = try list()
        #expect(after.status == 0, "\(after.stderr)")
        #expect(!after.stdout.contains("--allow-unapproved"))
        #expect(after.stdout.contains("The model was approved by Ethics board (chair A. Jensen) on "))
        let approval = try manifestApproval()
        #expect(approval["approved_by"] as? String == "Ethics board (chair A. Jensen)")
        #expect(approval["reference"] as? String == "minutes 2026-03, item 4")
        #expect((approval["date"] as? String)?.isEmpty == false)
        let summary = try String(contentsOfFile: path("list.summary.md"), encoding: .utf8)
        // The board approved; who recorded it and the note are the board member's own words, quoted.
        #expect(summary.contains(" · godkendt af etikrådet den "))
        #expect(summary.contains("Afgørelsen er registreret af »Ethics board (chair A. Jensen)« med denne begrundelse (ordret): »minutes 2026-03, item 4«"))
    }

    @Test func listIsRefusedAfterARejection() throws {
        #expect(try approve("approved").status == 0)
        #expect(try list().status == 0)
        let rejected = try approve("rejected", note: "drift in injury_rate; re-review")
        #expect(rejected.status == 0, "\(rejected.stderr)")
        let after = try list()
        #expect(after.refusal == (try notApprovedSentence(model, storeExists: true)))
    }

    @Test func dbOptionChoosesTheStore() throws {
        let store = path("board.sqlite")
        #expect(try approve("approved", db: store).status == 0)
        #expect(FileManager.default.fileExists(atPath: store))
        #expect(try list().refusal == (try notApprovedSentence(model, storeExists: false)), "the default store has no approval")
        #expect(try list(["--db", store]).status == 0)
    }

    @Test func modelEditedAfterApprovalIsRefused() throws {
        #expect(try approve("approved").status == 0)
        let url = URL(fileURLWithPath: model)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var coefficients = try #require(json["coefficients"] as? [[String: Any]])
        let estimate = try #require(coefficients[1]["estimate"] as? Double)
        coefficients[1]["estimate"] = estimate + 0.5
        json["coefficients"] = coefficients
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: url)

        let r = try list()
        let fingerprints = try ModelFingerprint.of(model)
        #expect(r.refusal == "\(dir.path)/model.json: the content does not match its fingerprint (stored \(fingerprints.stored.prefix(12))…, computed \(fingerprints.computed.prefix(12))…); the file was changed after it was written — refit the model or restore the original file.")
        let again = try approve("approved")
        #expect(again.refusal == "\(dir.path)/model.json: the content does not match its fingerprint (stored \(fingerprints.stored.prefix(12))…, computed \(fingerprints.computed.prefix(12))…); the file was changed after it was written — refit the model or restore the original file.")
    }

    @Test func refittedModelNeedsItsOwnApproval() throws {
        #expect(try approve("approved").status == 0)
        // The same spec on fewer rows: a different model with a different fingerprint.
        let lines = try String(contentsOfFile: Fixtures.path("synthetic.csv"), encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(3001).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path("fewer.csv")))
        let refit = try CommandRunner.run(["fit", "--spec", Fixtures.path("synthetic.spec.json"), "--data", path("fewer.csv"), "--out", path("model2.json"), "--quiet"])
        #expect(refit.status == 0, "\(refit.stderr)")
        let r = try CommandRunner.run([
            "list", "--model", path("model2.json"), "--data", Fixtures.path("synthetic.csv"), "--as-of", "2026-01-05",
            "--capacity", "20", "--random-share", "0.2", "--seed", "7", "--exclude-days", "365",
            "--last-inspection-column", "inspection_date", "--out", path("list2.csv"), "--quiet",
        ], in: dir)
        #expect(r.refusal == (try notApprovedSentence(path("model2.json"), storeExists: true)))
    }

    @Test func storeThatIsNotADatabaseIsRefusedByName() throws {
        try Data("not sqlite".utf8).write(to: URL(fileURLWithPath: path("tilsyn.sqlite")))
        let r = try list()
        #expect(r.refusal == "cannot open the store tilsyn.sqlite: file is not a database.")
    }

    @Test func badDecisionAndEmptyNoteAreRefused() throws {
        let bad = try approve("maybe")
        #expect(bad.refusal == "The value 'maybe' is invalid for '--decision <decision>'. Please provide one of 'approved' and 'rejected'.")
        let empty = try approve("approved", note: " ")
        #expect(empty.status == 1)
        #expect(empty.stderr == "Error: --note must not be empty; the board's record needs it.\n", "\(empty.stderr)")
    }

    func decisionsAndEntries() async throws -> (decisions: [BoardDecision], entries: [AuditEntry]) {
        let store = try TilsynDatabase(path: path("tilsyn.sqlite"))
        let fingerprint = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])["fingerprint"] as? String
        let id = try #require(fingerprint)
        return (try await store.decisions(fingerprint: id), try await store.auditEntries())
    }

    @Test func aDecisionWithoutATokenIsRefusedAndRecordsNothing() async throws {
        #expect(try CommandRunner.run(["tokens", "issue", "--role", "inspector", "--name", "B. Holm"], in: dir).status == 0)
        let r = try CommandRunner.run(["approve", "--model", model, "--decision", "approved", "--note", "minutes 2026-03, item 4"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "Error: a board decision needs the board token of the member who records it, in --token (or TILSYN_TOKEN); a board member gets one from `tilsyn tokens issue --role board --name NAME`.\n", "\(r.stderr)")
        let empty = try CommandRunner.run(["approve", "--model", model, "--decision", "approved", "--note", "x"], in: dir, environment: ["TILSYN_TOKEN": "  "])
        #expect(empty.status == 1 && empty.stderr == r.stderr)
        #expect(try await decisionsAndEntries().decisions.isEmpty)
        #expect(try await decisionsAndEntries().entries.map(\.event) == ["token.issued"])
    }

    @Test func aDecisionWithAnInspectorTokenIsRefused() async throws {
        let issued = try CommandRunner.run(["tokens", "issue", "--role", "inspector", "--name", "B. Holm"], in: dir)
        let secret = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let r = try CommandRunner.run(["approve", "--model", model, "--token", secret, "--decision", "approved", "--note", "minutes"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "Error: the token in --token (or TILSYN_TOKEN) is an inspector token; a board decision needs a board token, so none was recorded.\n", "\(r.stderr)")
        #expect(try await decisionsAndEntries().decisions.isEmpty)
        #expect(try list().status != 0)
    }

    @Test func anUnknownOrRevokedTokenIsRefusedInOneSentence() async throws {
        let secret = try CommandRunner.boardToken(name: "A. Jensen", in: dir)
        #expect(try CommandRunner.run(["tokens", "revoke", "--id", "1"], in: dir).status == 0)
        let sentence = "Error: the token in --token (or TILSYN_TOKEN) is not a valid token (unknown, revoked or expired), so no decision was recorded.\n"
        for token in [secret, "tilsyn_" + String(repeating: "0", count: 64)] {
            let r = try CommandRunner.run(["approve", "--model", model, "--decision", "approved", "--note", "minutes"], in: dir, environment: ["TILSYN_TOKEN": token])
            #expect(r.status == 1)
            #expect(r.stderr == sentence, "\(r.stderr)")
        }
        #expect(try await decisionsAndEntries().decisions.isEmpty)
    }

    @Test func byIsRefusedAndNamesTheToken() async throws {
        let secret = try CommandRunner.boardToken(name: "A. Jensen", in: dir)
        let r = try CommandRunner.run(["approve", "--model", model, "--token", secret, "--by", "Someone else", "--decision", "approved", "--note", "minutes"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("Error: --by is no longer accepted: a decision is recorded under the name of the board token's holder; give the token with --token or TILSYN_TOKEN.\n"), "\(r.stderr)")
        #expect(try await decisionsAndEntries().decisions.isEmpty)
    }

    @Test func theDecisionAndItsAuditEntryNameTheTokenHolder() async throws {
        let secret = try CommandRunner.boardToken(name: "A. Jensen (chair)", in: dir)
        // The option works as the variable does; the option wins over the variable.
        let other = try CommandRunner.boardToken(name: "K. Lund", in: dir)
        let r = try CommandRunner.run(["approve", "--model", model, "--token", secret, "--decision", "approved", "--note", "minutes 2026-03, item 4"],
                                      in: dir, environment: ["TILSYN_TOKEN": other])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(" approved by A. Jensen (chair) at "), "\(r.stdout)")
        let rejected = try CommandRunner.run(["approve", "--model", model, "--decision", "rejected", "--note", "drift"], in: dir, environment: ["TILSYN_TOKEN": other])
        #expect(rejected.status == 0, "\(rejected.stderr)")

        let (decisions, entries) = try await decisionsAndEntries()
        #expect(decisions.map(\.decidedBy) == ["A. Jensen (chair)", "K. Lund"])
        #expect(decisions.map(\.decision) == [.approved, .rejected])
        let recorded = entries.filter { $0.event == "approval.recorded" }
        #expect(recorded.map(\.actor) == ["A. Jensen (chair)", "K. Lund"])
        let details = try recorded.map { try #require(try JSONSerialization.jsonObject(with: Data($0.detail.utf8)) as? [String: Any]) }
        #expect(details.map { $0["token_id"] as? Int } == [1, 2])
        #expect(details.map { $0["decision"] as? String } == ["approved", "rejected"])
        #expect(try list().status != 0, "the latest decision, K. Lund's rejection, counts")
    }
}

/// The whole refusal `tilsyn list` gives for the synthetic model without the board's approval, as it
/// names the store it looked in (`db`, which exists or not) and the `tilsyn approve` line to run.
func notApprovedSentence(_ model: String, db: String = "tilsyn.sqlite", storeExists: Bool) throws -> String {
    "model 'synthetic' 1 (fingerprint \(try ModelFingerprint.of(model).stored.prefix(16))) has not been approved by the board"
        + (storeExists ? " in the store \(db)" : " (there is no store \(db), so no decision is on record)")
        + ": lists and cards need the ethics board's approval of this fingerprint, so put the model before the board and record its decision with `tilsyn approve --model \(model) --db \(db) --token BOARD_TOKEN --decision approved --note MINUTES`."
}
