import Foundation
import Testing
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

    func approve(_ decision: String, by: String = "Ethics board (chair A. Jensen)", note: String = "minutes 2026-03, item 4", extra: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.run(["approve", "--model", model, "--by", by, "--decision", decision, "--note", note] + extra, in: dir)
    }

    func manifestApproval() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("list.manifest.json")))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(manifest["approval"] as? [String: Any])
    }

    @Test func listIsRefusedBeforeApprovalAndAcceptedAfter() throws {
        let before = try list()
        #expect(before.status != 0)
        #expect(before.stderr.contains("has not been approved by the board"))
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
        #expect(summary.contains("godkendt af Ethics board (chair A. Jensen) den "))
    }

    @Test func listIsRefusedAfterARejection() throws {
        #expect(try approve("approved").status == 0)
        #expect(try list().status == 0)
        let rejected = try approve("rejected", note: "drift in injury_rate; re-review")
        #expect(rejected.status == 0, "\(rejected.stderr)")
        let after = try list()
        #expect(after.status != 0)
        #expect(after.stderr.contains("has not been approved by the board"))
    }

    @Test func dbOptionChoosesTheStore() throws {
        let store = path("board.sqlite")
        #expect(try approve("approved", extra: ["--db", store]).status == 0)
        #expect(FileManager.default.fileExists(atPath: store))
        #expect(try list().status != 0, "the default store has no approval")
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
        #expect(r.status != 0)
        #expect(r.stderr.contains("model.json: the content does not match its fingerprint"), "\(r.stderr)")
        let again = try approve("approved")
        #expect(again.status != 0, "an edited file cannot be approved either")
        #expect(again.stderr.contains("does not match its fingerprint"))
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
        #expect(r.status != 0)
        #expect(r.stderr.contains("has not been approved by the board"))
    }

    @Test func storeThatIsNotADatabaseIsRefusedByName() throws {
        try Data("not sqlite".utf8).write(to: URL(fileURLWithPath: path("tilsyn.sqlite")))
        let r = try list()
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot open the store tilsyn.sqlite"), "\(r.stderr)")
    }

    @Test func badDecisionAndEmptyApproverAreRefused() throws {
        let bad = try approve("maybe")
        #expect(bad.status != 0)
        let empty = try approve("approved", by: " ")
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("--by must not be empty"))
    }
}
