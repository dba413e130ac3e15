import Foundation
import Testing
import _TilsynTestSupport

/// `tilsyn fairness` as a user runs it: JSON, Markdown and HTML reports, and one-sentence errors.
@Suite struct FairnessCommandTests {
    let dir: URL
    let model: String

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        model = try CommandRunner.fitFixture("synthetic", into: dir)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @Test func writesJSONMarkdownAndHTML() throws {
        for format in ["json", "md", "html"] {
            let result = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--by", "industry", "--by", "region",
                                                "--top-fraction", "0.2", "--bootstrap", "20", "--format", format, "--lang", "en",
                                                "--out", path("f.\(format)"), "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        // Without --lang the report is in Danish, as every report for people is.
        let danish = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--by", "industry",
                                            "--top-fraction", "0.2", "--bootstrap", "0", "--format", "md", "--quiet"])
        #expect(danish.stdout.hasPrefix("> Målt på modellens egne træningsdata: rapporten måler modellen på de data, den er estimeret på"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("f.json")))) as? [String: Any]
        let groupings = (json?["groupings"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(groupings == ["industry", "region", "industry × region"])
        #expect((json?["population"] as? [String: Any])?["source"] as? String == "channel = random")
        #expect(json?["sample"] as? String == "in_sample")
        let html = try String(contentsOfFile: path("f.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("By industry × region") && html.contains("Discovered %"))
        let md = try String(contentsOfFile: path("f.md"), encoding: .utf8)
        // An in-sample report says so on its first line.
        let first = md.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first == "> In sample: this report measures the model on the data it was fitted on, so it can look fairer and more accurate than the model will be on new inspections; an out-of-sample report refits the model on the inspections before a split date and judges it on those from that date on, or judges it on a file of inspections it was not fitted on.")
        #expect(!md.contains("--split-date") && !html.contains("--evaluate"), "the board's text names no CLI option")
        #expect(html.contains("<p class=\"sample in\">In sample: this report measures the model on the data it was fitted on"))
        #expect(md.contains("recall parity") && md.contains("calibrated within every group"))
    }

    @Test func splitDateRefitsBeforeAndJudgesAfter() throws {
        let result = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--split-date", "2025-01-01",
                                            "--by", "industry", "--top-fraction", "0.2", "--bootstrap", "0", "--band", "0.75,1.33",
                                            "--confidence", "0.9", "--out", path("oos.json"), "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(FairnessReport.self, from: Data(contentsOf: URL(fileURLWithPath: path("oos.json"))))
        #expect(report.sample == "out_of_sample" && report.sampleDescription.hasPrefix("Out of sample: the model's spec was refitted on the"))
        #expect(report.training?.beforeDate == "2025-01-01" && report.data.fromDate == "2025-01-01")
        let fitted = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: URL(fileURLWithPath: model)))
        #expect(report.model?.fingerprint != fitted.fingerprint, "the report judges the refit, not the given model")
        #expect((report.training?.rows ?? 0) + report.data.rows == fitted.trainingData.rows)
        #expect(report.criterion.band == [0.75, 1.33] && report.criterion.confidenceLevel == 0.9 && report.criterion.adjustment.method == "bonferroni")
        let check = VerdictCheck.violations(report)
        #expect(check.problems.isEmpty, "\(check.problems)")
        let md = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--split-date", "2025-01-01",
                                        "--by", "industry", "--top-fraction", "0.2", "--bootstrap", "0", "--format", "md", "--lang", "en", "--quiet"])
        #expect(md.stdout.hasPrefix("> Out of sample:"))
        // Both fingerprints are named: the model the board approves and the refit the report judges.
        let given = String(fitted.fingerprint.prefix(16)), refit = String((report.model?.fingerprint ?? "").prefix(16))
        #expect(md.stdout.contains("Model \(fitted.name) \(fitted.version) (fingerprint \(given)), refitted for this assessment on the inspections before 2025-01-01 (fingerprint \(refit)) · data"))
        let da = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--split-date", "2025-01-01",
                                        "--by", "industry", "--top-fraction", "0.2", "--bootstrap", "0", "--format", "md", "--lang", "da",
                                        "--board-summary", path("board.da.md"), "--quiet"])
        #expect(da.status == 0, "\(da.stderr)")
        #expect(da.stdout.contains("Model \(fitted.name) \(fitted.version) (fingeraftryk \(given)), til vurderingen genestimeret på tilsynene før 01.01.2025 (fingeraftryk \(refit)) · data"))
        let board = try String(contentsOfFile: path("board.da.md"), encoding: .utf8)
        #expect(board.contains("Model \(fitted.name) \(fitted.version) (fingeraftryk \(given)), til vurderingen genestimeret på tilsynene før 01.01.2025 (fingeraftryk \(refit))."))
    }

    @Test func evaluateRefusesTheTrainingData() throws {
        let result = try CommandRunner.run(["fairness", "--model", model, "--evaluate", Fixtures.path("synthetic.csv"), "--by", "industry",
                                            "--top-fraction", "0.2", "--quiet"])
        #expect(result.refusal == "synthetic.csv is the data the model was fitted on (same SHA-256), so it cannot evaluate the model out of sample; give --evaluate inspections the model has not seen, or use --split-date instead.")
        // Another file is out of sample.
        let copy = path("later.csv")
        var text = try String(contentsOfFile: Fixtures.path("synthetic.csv"), encoding: .utf8)
        text += ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        try (lines.prefix(1500).joined(separator: "\n") + "\n").write(toFile: copy, atomically: true, encoding: .utf8)
        let ok = try CommandRunner.run(["fairness", "--model", model, "--evaluate", copy, "--by", "industry", "--top-fraction", "0.2",
                                        "--bootstrap", "0", "--out", path("eval.json"), "--quiet"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let report = try JSONDecoder().decode(FairnessReport.self, from: Data(contentsOf: URL(fileURLWithPath: path("eval.json"))))
        #expect(report.sample == "out_of_sample" && report.data.rows == 1499)
    }

    @Test func splitDateNeedsADateColumnInTheSpec() throws {
        // The synthetic spec without its "date": a model that cannot be split by date.
        var spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("synthetic.spec.json")))) as? [String: Any])
        spec["date"] = nil
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: path("nodate.spec.json")))
        let fit = try CommandRunner.run(["fit", "--spec", path("nodate.spec.json"), "--data", Fixtures.path("synthetic.csv"), "--out", path("nodate.json"), "--quiet"])
        try #require(fit.status == 0, "\(fit.stderr)")
        let result = try CommandRunner.run(["fairness", "--model", path("nodate.json"), "--data", Fixtures.path("synthetic.csv"), "--split-date", "2025-01-01",
                                            "--by", "industry", "--top-fraction", "0.2", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: --split-date needs the model's spec to declare a \"date\" column (the inspection date), and this spec has none.\n", "stderr: \(result.stderr)")
    }

    @Test(arguments: [
        (["--by", "sector", "--top-fraction", "0.2"], "FIXTURES/synthetic.csv: the --by column 'sector' is not in the header (it has: id, inspection_date, channel, prior_notices, employees, injury_rate, company_age, days_since_last, industry, region, fte, complaints, …)."),
        (["--by", "industry", "--top-fraction", "0.2", "--top-k", "10"], "give exactly one of --top-fraction and --top-k."),
        (["--by", "industry", "--top-fraction", "1.5"], "--top-fraction must be in (0, 1], not 1.5."),
        (["--by", "industry", "--top-k", "5", "--criterion", "parity"], "--criterion must be recall, precision or calibration, not 'parity'."),
        (["--by", "industry", "--top-k", "5", "--band", "1.2,0.8"], "--band must be two numbers LOW,HIGH with 0 < LOW < 1 < HIGH, e.g. 0.8,1.25, not '1.2,0.8'."),
        (["--by", "industry", "--top-k", "5", "--confidence", "95"], "--confidence must be between 0 and 1, e.g. 0.95, not 95.0."),
        (["--by", "industry", "--top-k", "5", "--split-date", "2025-13-01"], "--split-date must be a calendar date YYYY-MM-DD, not '2025-13-01'."),
        (["--by", "industry", "--top-k", "5", "--evaluate", "x.csv"], "give --data or --evaluate, not both: --evaluate is the file the model is judged on."),
    ])
    func badInputFailsInOneSentence(arguments: [String], sentence: String) throws {
        let result = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--quiet"] + arguments)
        #expect(result.refusal == sentence.replacingOccurrences(of: "FIXTURES/", with: Fixtures.directory.path + "/"), "\(arguments)")
    }

    @Test func helpAndDefaultGrouping() throws {
        let help = try CommandRunner.run(["fairness", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--top-fraction") && help.stdout.contains("population"))
        // The synthetic spec declares no groups, so without --by the command says what is missing.
        let result = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--top-k", "50", "--quiet"])
        #expect(result.refusal == "fairness needs at least one --by column (the model's spec declares no groups to default to).")
    }
}
