import Foundation
import Testing
import TilsynStore
import _TilsynTestSupport

/// Two versions of the demo model (the same true model, drawn with different seeds): what the demo
/// records for the board, and what `tilsyn diff`, `tilsyn drift` and the card's change log say about them.
@Suite(.serialized) struct DemoVersionsTests {
    /// Small enough for a debug build, large enough that no sparse industry is perfectly separated at
    /// these seeds (at 20,000 units some seeds leave a level whose few inspections all found nothing, and
    /// the fit rightly refuses).
    static let units = "30000"
    /// The demo's synthetic board member (`DemoBoard.approver`), the holder of the token it approves with.
    static let demoApprover = "Demo-medlem af etikrådet (syntetisk, ikke en rigtig person) / demo board member (synthetic, not a real person)"

    /// Runs the demo once per seed into a shared temporary folder (the runs take seconds each in debug).
    static let runs: Result<(URL, URL), any Error> = Result {
        let root = try CommandRunner.temporaryDirectory()
        var dirs: [URL] = []
        for seed in ["2", "3"] {
            let dir = root.appendingPathComponent("seed\(seed)")
            let r = try CommandRunner.run(["demo", "--out", dir.path, "--units", units, "--seed", seed, "--quiet"])
            guard r.status == 0 else { throw CommandRunner.FixtureError(description: "demo --seed \(seed) failed: \(r.stderr)") }
            dirs.append(dir)
        }
        return (dirs[0], dirs[1])
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func demoApprovesInItsStoreAndListsWithoutTheOverride() async throws {
        let (a, _) = try Self.runs.get()
        #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent("tilsyn.sqlite").path))
        let manifest = try Self.json(a.appendingPathComponent("list.manifest.json"))
        let approval = try #require(manifest["approval"] as? [String: Any], "\(manifest.keys.sorted())")
        #expect(approval["approved_by"] as? String == Self.demoApprover, "\(approval)")

        let card = try Self.json(a.appendingPathComponent("modelcard.json"))
        let cardApproval = try #require(card["approval"] as? [String: Any])
        #expect(cardApproval["decision"] as? String == "approved")
        let technical = try #require(card["technical"] as? [String: Any])
        let drift = try #require(technical["drift"] as? [String: Any])
        #expect((drift["features"] as? [Any])?.count == 37)
        for name in ["modelcard.da.html", "modelcard.en.md", "drift.md", "drift.json"] {
            #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent(name).path), "\(name)")
        }
        let da = try String(contentsOf: a.appendingPathComponent("modelcard.da.md"), encoding: .utf8)
        #expect(da.contains("### Godkendelse\n\nGodkendt af Demo-medlem af etikrådet (syntetisk") && da.contains("### Datadrift"))

        // The list is on record and the store's audit chain holds the approval and the list.
        let audit = try CommandRunner.run(["audit", "verify", "--db", a.appendingPathComponent("tilsyn.sqlite").path])
        #expect(audit.status == 0 && audit.stdout.hasPrefix("Audit log intact: "), "\(audit.stdout)\(audit.stderr)")
        let show = try CommandRunner.run(["audit", "show", "--db", a.appendingPathComponent("tilsyn.sqlite").path])
        #expect(show.stdout.contains("list.issued") && show.stdout.contains("approval.recorded"), "\(show.stdout)")
        // The approval is the synthetic member's, made with a board token issued for it and revoked after.
        let store = try TilsynDatabase(path: a.appendingPathComponent("tilsyn.sqlite").path)
        let token = try #require(try await store.tokens().first { $0.name == Self.demoApprover })
        #expect(token.role == .board && token.isRevoked)
        let entry = try #require(try await store.auditEntries().first { $0.event == "approval.recorded" })
        #expect(entry.actor == Self.demoApprover && entry.detail.contains("\"token_id\":\(token.id)"), "\(entry)")

        // The card command reads the same store: run in the demo folder, it finds tilsyn.sqlite there.
        let r = try CommandRunner.run(["modelcard", "--model", "model.json", "--format", "md", "--lang", "en", "--quiet"], in: a)
        #expect(r.status == 0 && r.stdout.contains("### Approval\n\nApproved by Demo-medlem af etikrådet (syntetisk, ikke en rigtig person) / demo board member (synthetic, not a real person)"), "\(r.stderr)")
    }

    /// The demo's evidence for the board: the model's own lift is not the history's channel ratio, the
    /// fairness report is out of sample, and every verdict follows from its interval and the band.
    @Test func demoReportsTellTheModelsLiftAndJudgeOutOfSample() throws {
        let (a, _) = try Self.runs.get()
        let validation = try JSONDecoder().decode(ValidationReport.self, from: Data(contentsOf: a.appendingPathComponent("validation.json")))
        let lift = validation.modelLift
        // The default top fraction is the list's risk places over the eligible units they are filled from.
        let manifest = try Self.json(a.appendingPathComponent("list.manifest.json"))
        let counts = try #require((manifest["counts"] as? [String: Any]) ?? (manifest["total"] as? [String: Any]), "\(manifest.keys.sorted())")
        let eligible = try #require(counts["eligible"] as? Int), risk = try #require(counts["risk"] as? Int)
        #expect(lift.estimand == "random_arm" && lift.topFractionBasis == "register_share" && lift.registerUnits == eligible && lift.listCapacity == risk)
        #expect(risk == 240 && eligible < 30000)
        #expect(abs(lift.topFraction - Double(risk) / Double(eligible)) < 1e-12)
        // A year's random audits hold only a couple of units in a top share that small: the lift says so.
        #expect(lift.k < 30 && lift.status == "insufficient" && lift.ciLow == nil && lift.ciHigh == nil, "k \(lift.k)")
        let vmd = try String(contentsOf: a.appendingPathComponent("validation.md"), encoding: .utf8)
        #expect(vmd.contains("| Model lift (random-audit arm) | insufficient (\(lift.k) of \(lift.randomArmRows) random-audit inspections) |"), "\(vmd)")
        let summary = try String(contentsOf: a.appendingPathComponent("board-summary.en.md"), encoding: .utf8)
        #expect(summary.contains("only \(lift.k) fall in the model's top") && !summary.contains("times the violation rate of all random audits"))
        let historical = try #require(validation.channels?.historicalChannelLift)
        #expect(historical.estimand == "risk_vs_random" && historical.value != nil)
        if let v = lift.value { #expect(abs(v - (historical.value ?? 0)) > 1e-6) } else { #expect(lift.reason != nil) }
        let md = try String(contentsOf: a.appendingPathComponent("validation.md"), encoding: .utf8)
        #expect(md.contains("| Model lift (random-audit arm) |") && md.contains("| Historical channel lift (earlier selection) |"))

        let fairness = try JSONDecoder().decode(FairnessReport.self, from: Data(contentsOf: a.appendingPathComponent("fairness.json")))
        #expect(fairness.sample == "out_of_sample" && fairness.data.fromDate == validation.splitDate)
        #expect(fairness.data.sha256 == fairness.training?.sha256, "split from the one history file")
        let check = VerdictCheck.violations(fairness)
        #expect(check.problems.isEmpty, "\(check.problems)")
        #expect(check.checked > 50)
        let sizeBand = try #require(fairness.groupings.first { $0.name == "size_band" })
        #expect(sizeBand.modelFeature && sizeBand.ordered)
        #expect(sizeBand.groups.map(\.group).prefix(3) == ["1-4", "5-9", "10-19"])
        for name in ["fairness.da.html", "validation.da.html", "board-summary.da.html", "board-summary.en.md"] {
            #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent(name).path), "\(name)")
        }
    }

    @Test func diffOfTwoSeedsChangesOnlyDataAndNoise() throws {
        let (a, b) = try Self.runs.get()
        let out = a.deletingLastPathComponent().appendingPathComponent("diff.json")
        let r = try CommandRunner.run(["diff", "--from", a.appendingPathComponent("model.json").path,
                                       "--to", b.appendingPathComponent("model.json").path, "--format", "json", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let diff = try Self.json(out)
        #expect(diff["features_added"] as? [String] == [] && diff["features_removed"] as? [String] == [])
        #expect((diff["notes"] as? [String])?.contains { $0.hasPrefix("The models were trained on different data") } == true)
        // Same truth, independent samples: a difference beyond the larger half-width happens by chance for
        // about 17 % of coefficients (|Z| > 1.96/√2); far more would mean the versions really differ.
        let coefficients = try #require(diff["coefficients"] as? [[String: Any]])
        #expect(coefficients.count == 88)
        let changed = coefficients.filter { $0["beyond_ci"] as? Bool == true }
        #expect(changed.count <= 88 * 35 / 100, "\(changed.count) of 88 coefficients moved beyond their intervals")

        // The change log of the second version's card names the first.
        let card = try CommandRunner.run(["modelcard", "--model", b.appendingPathComponent("model.json").path,
                                          "--previous", a.appendingPathComponent("model.json").path, "--format", "md", "--lang", "en", "--quiet"])
        #expect(card.status == 0 && card.stdout.contains("### Change log\n\nAgainst 2026.1 ("), "\(card.stderr)")
    }

    @Test func driftBetweenTwoSeedsIsStableButHistoryAgainstRegisterIsNot() throws {
        let (a, b) = try Self.runs.get()
        let model = a.appendingPathComponent("model.json").path
        // Two registers from the same generator: every feature stable but one. Each seed draws its own
        // municipal unemployment rates (a different "country"), so that feature's deciles really move.
        let same = try CommandRunner.run(["drift", "--model", model, "--baseline", a.appendingPathComponent("register.csv").path,
                                          "--data", b.appendingPathComponent("register.csv").path, "--quiet"])
        #expect(same.status == 0, "\(same.stderr)")
        let features = try #require((try JSONSerialization.jsonObject(with: Data(same.stdout.utf8)) as? [String: Any])?["features"] as? [[String: Any]])
        #expect(features.count == 37)
        for f in features where f["feature"] as? String != "unemployment_rate_municipality" {
            #expect(f["level"] as? String == "stable", "\(f["feature"] ?? "?"): PSI \(f["psi"] ?? "?")")
        }
        // The demo's own drift (inspected history against the register) shows who was inspected: the risk
        // selection over-samples risky industries and large units.
        let demo = try Self.json(a.appendingPathComponent("drift.json"))
        let levels = Dictionary(uniqueKeysWithValues: (demo["features"] as? [[String: Any]] ?? []).map { ($0["feature"] as? String ?? "", $0["level"] as? String ?? "") })
        #expect(levels["industry"] != "stable" && levels["size_band"] != "stable", "\(levels)")
    }

    @Test func tooSmallADemoSaysHowToGetOneThatFits() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let r = try CommandRunner.run(["demo", "--out", dir.path, "--units", "20000", "--seed", "11", "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("separation by 'industry=") && r.stderr.contains("use more units, e.g. 30000"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "one sentence, no stack trace")
    }
}
