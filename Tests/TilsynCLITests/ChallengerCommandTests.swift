import Foundation
import GRDB
import Testing
import TilsynStore
import _TilsynTestSupport

/// Champion and challenger through the command line: the demo's cycle refits, `tilsyn challenger`
/// compares on the latest random-arm visits, and the challenger makes no list before the board
/// approves its fingerprint; the store keeps which model made each list.
@Suite(.serialized) struct ChallengerCommandTests {
    let dir: URL

    init() throws { dir = try CommandRunner.temporaryDirectory() }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func run(_ arguments: [String]) throws -> CommandRunner.Result { try CommandRunner.run(arguments, in: dir) }

    func fingerprint(_ file: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        return try #require(object?["fingerprint"] as? String)
    }

    @Test func challengerIsComparedAndMakesNoListBeforeApproval() throws {
        let out = path("demo")
        let demo = try run(["demo", "--units", "20000", "--weeks", "2", "--out", out, "--quiet"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("champion and challenger on the "), "\(demo.stdout)")
        let db = out + "/tilsyn.sqlite"
        let champion = try fingerprint(out + "/model.json")

        let compared = try run(["challenger", "--history", out + "/next-history.csv", "--champion", out + "/model.json", "--since", "2026-11-30",
                                "--out-model", path("challenger.json"), "--format", "json", "--out", path("challenger-report.json"),
                                "--top-fraction", "0.2", "--lift-bootstrap", "200", "--quiet"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let challenger = try fingerprint(path("challenger.json"))
        #expect(challenger != champion)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("challenger-report.json")))) as? [String: Any]
        #expect((report?["champion"] as? [String: Any])?["fingerprint"] as? String == champion)
        #expect((report?["challenger"] as? [String: Any])?["fingerprint"] as? String == challenger)
        let evaluation = report?["evaluation"] as? [String: Any]
        #expect((evaluation?["rows"] as? Int ?? 0) > 30 && evaluation?["date_min"] as? String ?? "" >= "2026-11-30")
        for side in ["champion", "challenger"] {
            let s = report?[side] as? [String: Any]
            #expect((s?["auc"] as? [String: Any])?["estimand"] as? String == "random_arm")
            #expect((s?["model_lift"] as? [String: Any])?["random_arm_rows"] as? Int == evaluation?["rows"] as? Int)
        }
        #expect(((report?["diff"] as? [String: Any])?["to"] as? [String: Any])?["fingerprint"] as? String == challenger)
        let md = try run(["challenger", "--history", out + "/next-history.csv", "--champion", out + "/model.json", "--since", "2026-11-30",
                          "--out-model", path("challenger2.json"), "--lang", "en", "--quiet"])
        #expect(md.stdout.hasPrefix("# Champion and challenger on the random arm from 2026-11-30\n"))
        #expect(md.stdout.contains("## What changed (tilsyn diff)") && md.stdout.contains("| AUC (DeLong) |"))
        #expect(try fingerprint(path("challenger2.json")) == challenger, "the refit is deterministic")

        // The challenger cannot issue a list before the board approves its fingerprint.
        func listCount() throws -> Int { try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM issued_list") ?? 0 } }
        let before = try listCount()
        let list = ["list", "--model", path("challenger.json"), "--data", out + "/register.csv", "--as-of", "2026-12-07",
                    "--capacity-file", out + "/regions.csv", "--random-share", "0.2", "--seed", "9", "--exclude-days", "365", "--db", db, "--out", path("week.csv")]
        let refused = try run(list)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("(fingerprint \(challenger.prefix(16))) has not been approved by the board"), "\(refused.stderr)")
        let after = try listCount()
        #expect(!FileManager.default.fileExists(atPath: path("week.csv")) && after == before)

        let approve = try CommandRunner.approve(path("challenger.json"), note: "minutes 2026-12, item 1", name: "Ethics board (test)", db: db, in: dir)
        #expect(approve.status == 0, "\(approve.stderr)")
        let issued = try run(list)
        #expect(issued.status == 0, "\(issued.stderr)")
        // The store keeps which model made each list: the demo's lists the champion's, the new one the challenger's.
        let fingerprints = try DatabaseQueue(path: db).read { try String.fetchAll($0, sql: "SELECT fingerprint FROM issued_list ORDER BY id") }
        #expect(fingerprints.count == before + 1)
        #expect(fingerprints.dropLast().allSatisfy { $0 == champion } && fingerprints.last == challenger)
    }

    @Test func refusalsNameTheOptionAndTheFix() throws {
        let out = path("demo")
        #expect(try run(["demo", "--units", "20000", "--out", out, "--quiet"]).status == 0)
        let trainedTo = try #require(((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/model.json"))) as? [String: Any])?["training_data"] as? [String: Any])?["date_max"] as? String)
        let champion = try fingerprint(out + "/model.json")
        let early = try run(["challenger", "--history", out + "/history.csv", "--champion", out + "/model.json", "--since", "2026-01-01",
                             "--out-model", path("c.json"), "--quiet"])
        #expect(early.status != 0)
        #expect(early.stderr == "Error: the champion (fingerprint \(champion.prefix(16))) was trained on inspections up to \(trainedTo), on or after --since 2026-01-01, so it would be judged on visits it may have been fitted on; give a day after \(trainedTo).\n")
        let late = try run(["challenger", "--history", out + "/history.csv", "--champion", out + "/model.json", "--since", "2027-06-01",
                            "--out-model", path("c.json"), "--quiet"])
        #expect(late.stderr == "Error: history.csv has no random-arm visits (channel random) on or after --since 2027-06-01, so the models cannot be compared out of time; give an earlier day or wait for random-arm outcomes.\n")
        let badDate = try run(["challenger", "--history", out + "/history.csv", "--champion", out + "/model.json", "--since", "2027-02-30",
                               "--out-model", path("c.json")])
        #expect(badDate.stderr.contains("Error: --since must be a calendar date YYYY-MM-DD, not '2027-02-30'."), "\(badDate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("c.json")))
    }
}
