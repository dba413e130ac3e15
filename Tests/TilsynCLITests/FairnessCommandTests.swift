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
                                                "--top-fraction", "0.2", "--bootstrap", "20", "--format", format, "--out", path("f.\(format)"), "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("f.json")))) as? [String: Any]
        let groupings = (json?["groupings"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(groupings == ["industry", "region", "industry × region"])
        #expect((json?["population"] as? [String: Any])?["source"] as? String == "channel = random")
        let html = try String(contentsOfFile: path("f.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("By industry × region") && html.contains("discovered %"))
        let md = try String(contentsOfFile: path("f.md"), encoding: .utf8)
        #expect(md.contains("recall parity") && md.contains("calibrated within every group"))
    }

    @Test(arguments: [
        (["--by", "sector", "--top-fraction", "0.2"], ["--by column 'sector'", "synthetic.csv"]),
        (["--by", "industry", "--top-fraction", "0.2", "--top-k", "10"], ["exactly one of --top-fraction and --top-k"]),
        (["--by", "industry", "--top-fraction", "1.5"], ["--top-fraction must be in (0, 1]"]),
        (["--by", "industry", "--top-k", "5", "--criterion", "parity"], ["--criterion must be recall, precision or calibration"]),
    ])
    func badInputFailsInOneSentence(arguments: [String], fragments: [String]) throws {
        let result = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--quiet"] + arguments)
        #expect(result.status != 0)
        for f in fragments { #expect(result.stderr.contains(f), "stderr: \(result.stderr)") }
    }

    @Test func helpAndDefaultGrouping() throws {
        let help = try CommandRunner.run(["fairness", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--top-fraction") && help.stdout.contains("population"))
        // The synthetic spec declares no groups, so without --by the command says what is missing.
        let result = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--top-k", "50", "--quiet"])
        #expect(result.status != 0 && result.stderr.contains("at least one --by column"), "stderr: \(result.stderr)")
    }
}
