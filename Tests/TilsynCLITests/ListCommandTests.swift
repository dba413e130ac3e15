import Foundation
import Testing
import _TilsynTestSupport

/// `tilsyn list` and `tilsyn validate` as processes: files, reruns, exit codes and one-sentence errors.
///
/// The register is the `synthetic` fixture (5,000 units, regions Fyn, Århus, …): its `inspection_date`
/// serves as the last inspection date, and its model is fitted on the same file.
@Suite struct ListCommandTests {
    let dir: URL
    let model: String

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        model = try CommandRunner.fitFixture("synthetic", into: dir)
        try write("regions.csv", "region,capacity\nÅrhus,20\nFyn,10\nSjælland,10\n")
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func list(_ extra: [String], out: String = "list.csv", seed: String = "7") throws -> CommandRunner.Result {
        try CommandRunner.run([
            "list", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--as-of", "2026-01-05",
            "--random-share", "0.2", "--seed", seed, "--exclude-days", "365", "--last-inspection-column", "inspection_date",
            "--out", path(out), "--quiet",
        ] + extra)
    }

    func read(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    func rows(_ name: String) throws -> [[String]] {
        try String(contentsOfFile: path(name), encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            // rank,id,probability,channel,region,… — the first five fields are never quoted here.
            line.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func rerunsAreByteIdenticalExceptCreated() throws {
        let args = ["--capacity-file", path("regions.csv"), "--allow-unapproved"]
        let first = try list(args)
        #expect(first.status == 0, "\(first.stderr)")
        let names = ["list.csv", "list.summary.md", "list.summary.html", "list.manifest.json"]
        let before = try names.map(read)
        let second = try list(args)
        #expect(second.status == 0)
        let after = try names.map(read)
        for i in 0..<3 { #expect(before[i] == after[i], "\(names[i]) differs between reruns") }
        // The manifest is written with sorted keys, one per line: drop the `created` line and compare.
        func withoutCreated(_ data: Data) -> [Substring] {
            String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("  \"created\" : ") }
        }
        #expect(withoutCreated(before[3]) == withoutCreated(after[3]))
        #expect(withoutCreated(before[3]).count == String(decoding: before[3], as: UTF8.self).split(separator: "\n").count - 1)
        let manifest = try #require(try JSONSerialization.jsonObject(with: before[3]) as? [String: Any])
        #expect(manifest["approval"] as? String == "unapproved (explicitly allowed, for demos and trials only)")
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["role"] as? String } == ["model", "register", "capacity_file"])
        #expect(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 })

        let table = try rows("list.csv")
        #expect(table.count == 40)
        #expect(table.map { $0[0] } == (1...40).map(String.init))
        for (region, capacity) in [("Århus", 20), ("Fyn", 10), ("Sjælland", 10)] {
            let inRegion = table.filter { $0[4] == region }
            #expect(inRegion.count == capacity)
            #expect(inRegion.filter { $0[3] == "random" }.count == Int((0.2 * Double(capacity)).rounded()))
        }
        let header = try String(contentsOfFile: path("list.csv"), encoding: .utf8).split(separator: "\n").first
        #expect(header == "rank,id,probability,channel,region,top_reasons,inclusion_probability")
    }

    /// In Danish the reasons' values take a decimal comma, as their contributions do ("= 13,49 (+0,82)").
    @Test func danishReasonsWriteNumbersWithADecimalComma() throws {
        let da = try list(["--capacity", "60", "--allow-unapproved", "--lang", "da"], out: "da.csv")
        #expect(da.status == 0, "\(da.stderr)")
        // Every "name = value (±c,cc)" item of every row.
        let text = try String(contentsOfFile: path("da.csv"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #" = ([^;()"]*?) \([+−±]"#)
        let values = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
        #expect(values.count > 100)
        #expect(values.allSatisfy { !$0.contains(".") }, "\(values.filter { $0.contains(".") })")
        #expect(values.contains { $0.contains(",") }, "some value is not a whole number: \(values.prefix(12))")
        let en = try list(["--capacity", "60", "--allow-unapproved", "--lang", "en"], out: "en.csv")
        #expect(en.status == 0)
        let english = try String(contentsOfFile: path("en.csv"), encoding: .utf8)
        #expect(pattern.matches(in: english, range: NSRange(english.startIndex..., in: english)).contains { match in
            Range(match.range(at: 1), in: english).map { english[$0].contains(".") } ?? false
        })
    }

    @Test func aNewSeedRedrawsTheRandomRows() throws {
        #expect(try list(["--capacity", "40", "--allow-unapproved"], out: "a.csv", seed: "1").status == 0)
        #expect(try list(["--capacity", "40", "--allow-unapproved"], out: "b.csv", seed: "2").status == 0)
        let a = try rows("a.csv"), b = try rows("b.csv")
        #expect(Set(a.filter { $0[3] == "random" }.map { $0[1] }) != Set(b.filter { $0[3] == "random" }.map { $0[1] }))
        // Risk rows come from the same top of the ranking: those not drawn at random under either seed agree.
        let randomAny = Set((a + b).filter { $0[3] == "random" }.map { $0[1] })
        let riskA = a.filter { $0[3] == "risk" }.map { $0[1] }.filter { !randomAny.contains($0) }
        let riskB = b.filter { $0[3] == "risk" }.map { $0[1] }.filter { !randomAny.contains($0) }
        #expect(riskA.prefix(25) == riskB.prefix(25))
    }

    @Test func unapprovedModelIsRefusedPointingToTheBoard() throws {
        let fitted = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])
        let name = try #require(fitted["name"] as? String), version = try #require(fitted["version"] as? String)
        let fingerprint = try #require(fitted["fingerprint"] as? String).prefix(16)
        let store = path("board.sqlite")
        let r = try list(["--capacity", "40", "--db", store])
        #expect(r.status != 0)
        // The whole sentence: the board and `tilsyn approve`, never the override flag.
        #expect(r.stderr == "Error: model '\(name)' \(version) (fingerprint \(fingerprint)) has not been approved by the board (there is no store \(store), so no decision is on record): lists and cards need the ethics board's approval of this fingerprint, so put the model before the board and record its decision with `tilsyn approve --model \(model) --db \(store) --token BOARD_TOKEN --decision approved --note MINUTES`.\n")
        #expect(!FileManager.default.fileExists(atPath: path("list.csv")))
        // With a store that holds no approval of it, the sentence says where it looked.
        _ = try CommandRunner.approve(model, decision: "rejected", note: "minutes 2026-04", name: "Ethics board", db: store)
        let refused = try list(["--capacity", "40", "--db", store])
        #expect(refused.stderr == "Error: model '\(name)' \(version) (fingerprint \(fingerprint)) has not been approved by the board in the store \(store): lists and cards need the ethics board's approval of this fingerprint, so put the model before the board and record its decision with `tilsyn approve --model \(model) --db \(store) --token BOARD_TOKEN --decision approved --note MINUTES`.\n")
    }

    @Test func helpExamplesDoNotUseTheOverride() throws {
        for command in ["list", "serve", "approve"] {
            let help = try CommandRunner.run([command, "--help"])
            let examples = try #require(help.stdout.components(separatedBy: "Example").dropFirst().first, "\(command) --help has an example")
            let example = examples.components(separatedBy: "OPTIONS:").first ?? examples
            #expect(!example.contains("--allow-unapproved"), "\(command) --help example uses the override")
        }
    }

    @Test func thePrintedListIsDanishByDefaultAndPassesColumnsThrough() throws {
        let r = try list(["--capacity-file", path("regions.csv"), "--allow-unapproved", "--show-column", "region", "--show-column", "industry"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: path("list.summary.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"da\">"))
        #expect(html.contains("<thead><tr><th class=\"no\">Nr.</th><th class=\"rank\">Risikorang i registret</th><th class=\"unit\">Enhed</th><th>Region</th><th>Branche</th><th class=\"selection\">Udvalgt ved</th><th class=\"probability\">Sandsynlighed for overtrædelse</th><th class=\"why\">Hvorfor på listen</th><th class=\"decision\">Afgørelse</th></tr></thead>"))
        let table = try rows("list.csv")
        let random = table.filter { $0[3] == "random" }.count
        #expect(random == 8)
        // Random-audit rows print without score or reasons; every risk row prints both.
        #expect(html.components(separatedBy: "<td class=\"withheld\" colspan=\"2\">Tilfældigt udtrukket – sandsynlighed og grunde vises ikke.</td>").count - 1 == random)
        #expect(html.components(separatedBy: "<tr class=\"risk\">").count - 1 == table.count - random)
        #expect(html.contains("procentpoint)</li>") && !html.contains("percentage points"))
        // Each region prints on its own page; the sections follow the capacity file's order.
        #expect(html.components(separatedBy: "<section class=\"region later\">").count - 1 == 2)
        #expect(html.contains("<h2>Region Århus: 20 enheder</h2>"))
        #expect(html.contains("25,0 % af hver regions kapacitet") || html.contains("20,0 % af hver regions kapacitet"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: read("list.manifest.json")) as? [String: Any])
        #expect((manifest["parameters"] as? [String: Any])?["shown_columns"] as? [String] == ["region", "industry"])
        #expect((manifest["parameters"] as? [String: Any])?["language"] as? String == "da")
    }

    /// An exclusion flag that is neither a model feature nor a column Tilsyn knows is named as the
    /// register column it is, quoted — not printed bare as if the column name were a reason.
    @Test func anUnknownExclusionFlagIsNamedAsARegisterColumn() throws {
        let r = try list(["--capacity", "60", "--allow-unapproved", "--exclude-if", "violation_found"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: path("list.summary.html"), encoding: .utf8)
        #expect(html.contains("<li>Kan udtages: ikke besøgt i de 365 dage før 05.01.2026 og ikke udelukket af en markering i registret for kolonnen »violation_found«.</li>"))
        #expect(html.contains("<th>Udelukket: kolonnen »violation_found«</th>"))
        let en = try list(["--capacity", "60", "--allow-unapproved", "--exclude-if", "violation_found", "--lang", "en"], out: "en.csv")
        #expect(en.status == 0, "\(en.stderr)")
        let md = try String(contentsOfFile: path("en.summary.md"), encoding: .utf8)
        #expect(md.contains("- Eligible: not inspected in the 365 days before 2026-01-05 and not excluded by a register flag for the column “violation_found”."))
    }

    @Test func aShownColumnTheRegisterLacksIsOneSentence() throws {
        let r = try list(["--capacity", "10", "--allow-unapproved", "--show-column", "navn"])
        #expect(r.status != 0)
        #expect(r.stderr == "Error: \(Fixtures.path("synthetic.csv")): --show-column names 'navn', which is not a column of the register (the header has: id, inspection_date, channel, prior_notices, employees, injury_rate, company_age, days_since_last, industry, region, fte, complaints, …).\n")
        let twice = try list(["--capacity", "10", "--allow-unapproved", "--show-column", "region", "--show-column", "region"])
        #expect(twice.stderr == "Error: --show-column names 'region' twice.\n")
        #expect(!FileManager.default.fileExists(atPath: path("list.csv")))
    }

    @Test(arguments: [
        ("office,capacity\nFyn,3\n", "DIR/bad.csv: there is no column 'region' (the header has: office, capacity)."),
        ("region,capacity\nFyn,three\n", "DIR/bad.csv, line 2, column 'capacity': expected a whole number of inspections, 0 or more, found 'three'."),
        ("region,capacity\nFyn,-1\n", "DIR/bad.csv, line 2, column 'capacity': expected a whole number of inspections, 0 or more, found '-1'."),
        ("region,capacity\nFyn,1\nFyn,2\n", "DIR/bad.csv, line 3, column 'region': region 'Fyn' is listed twice (first on line 2)."),
        ("region,capacity\nBornholm,2\n", "DIR/bad.csv, line 2, column 'region': region 'Bornholm' does not occur in column 'region' of FIXTURES/synthetic.csv."),
    ])
    func badCapacityFilesFailInOneSentence(text: String, sentence: String) throws {
        let file = try write("bad.csv", text)
        let r = try list(["--capacity-file", file, "--allow-unapproved"])
        #expect(r.refusal == sentence.replacingOccurrences(of: "DIR/", with: dir.path + "/").replacingOccurrences(of: "FIXTURES/", with: Fixtures.directory.path + "/"))
        #expect(!FileManager.default.fileExists(atPath: path("list.csv")))
    }

    @Test func badDatesAndSharesFailInOneSentence() throws {
        var r = try CommandRunner.run([
            "list", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--as-of", "2026-02-30", "--capacity", "5",
            "--random-share", "0.2", "--seed", "1", "--exclude-days", "365", "--out", path("x.csv"), "--allow-unapproved", "--quiet",
        ])
        #expect(r.refusal == "--as-of must be a calendar date YYYY-MM-DD, not '2026-02-30'.")
        r = try list(["--capacity", "5", "--random-share", "1.5", "--allow-unapproved"])
        #expect(r.refusal == "--random-share must be a number from 0 to 1, not 1.5.")
        // A register whose last-inspection column holds a bad date names the line and column.
        let register = try write("register.csv", try String(contentsOfFile: Fixtures.path("synthetic.csv"), encoding: .utf8)
            .replacingOccurrences(of: "P000002,2022-08-31", with: "P000002,31/08/2022"))
        r = try CommandRunner.run([
            "list", "--model", model, "--data", register, "--as-of", "2026-01-05", "--capacity", "5", "--random-share", "0.2",
            "--seed", "1", "--exclude-days", "365", "--last-inspection-column", "inspection_date", "--out", path("x.csv"), "--allow-unapproved", "--quiet",
        ])
        #expect(r.refusal == "\(dir.path)/register.csv, line 3, column 'inspection_date': expected a date YYYY-MM-DD, found '31/08/2022'.")
    }

    @Test func capacityLargerThanEligibleIsSaidNotCrashed() throws {
        let r = try list(["--capacity", "100000", "--allow-unapproved"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("is larger than the"))
    }

    @Test func validateWritesJSONMarkdownAndHTML() throws {
        for format in ["json", "md", "html"] {
            let out = path("validation.\(format)")
            let r = try CommandRunner.run(["validate", "--spec", Fixtures.path("synthetic.spec.json"), "--data", Fixtures.path("synthetic.csv"),
                                           "--split-date", "2025-01-01", "--format", format, "--out", out, "--capacity-per-week", "25", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: out))
        }
        // Without --lang the report is in Danish (Danish dates too).
        let md = try String(contentsOfFile: path("validation.md"), encoding: .utf8)
        #expect(md.hasPrefix("# Tidsbaseret validering: synthetic 1") && md.contains("Estimeret på tilsyn før 01.01.2025"))
        let bad = try CommandRunner.run(["validate", "--spec", Fixtures.path("synthetic.spec.json"), "--data", Fixtures.path("synthetic.csv"), "--split-date", "soon"])
        #expect(bad.refusal == "--split-date must be a calendar date YYYY-MM-DD, not 'soon'.")
    }
}
