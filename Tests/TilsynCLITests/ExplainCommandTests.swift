import Foundation
import Testing
import _TilsynTestSupport

/// `tilsyn explain` as a company's case handler meets it: real processes, real files.
///
/// The model is the real `fair` dataset with a spec that hides one feature (`religious`, not
/// disclosable), allows missing `educ` (indicator) and marks `educ` actionable, so every card path is
/// exercised on real data.
@Suite struct ExplainCommandTests {
    let dir: URL
    let model: String
    let register: String
    /// Unit ids by situation in `register`.
    let missingUnit = "F0003", ordinaryUnit = "F0001"

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        let spec = #"""
            {"name":"fair-affairs","version":"1","unit":"id","label":"had_affair","features":[
             {"name":"rate_marriage","type":"categorical","reference":"5","source":"Survey","text":{"da":"Vurdering af ægteskabet","en":"Marriage rating"}},
             {"name":"age","type":"numeric","source":"Survey"},
             {"name":"yrs_married","type":"numeric","transform":"log1p","source":"Survey"},
             {"name":"children","type":"numeric","clip":[0,4],"source":"Survey"},
             {"name":"religious","type":"categorical","disclose":false,"source":"Secret register","text":{"da":"Religiøsitet","en":"Religiousness"}},
             {"name":"educ","type":"numeric","clip":[9,20],"missing":"indicator","fill":"mean","actionable":true,"source":"Survey",
              "text":{"da":"Uddannelse","en":"Education"},"correction":{"da":"Ret uddannelsen.","en":"Correct the education."}},
             {"name":"occupation","type":"categorical","reference":"1","source":"Survey"},
             {"name":"occupation_husb","type":"categorical","source":"Survey"}]}
            """#
        try Data(spec.utf8).write(to: dir.appendingPathComponent("spec.json"))
        // Training and register: the fair data with every 40th education blank, and F0003's blank too.
        let text = try String(contentsOfFile: Fixtures.path("fair.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for i in 1..<lines.count where i % 40 == 0 || lines[i][0] == "F0003" { lines[i][6] = "" }
        let csv = lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        register = dir.appendingPathComponent("register.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: register))
        model = dir.appendingPathComponent("model.json").path
        let fit = try CommandRunner.run(["fit", "--spec", dir.appendingPathComponent("spec.json").path, "--data", register, "--out", model, "--quiet"])
        #expect(fit.status == 0, "\(fit.stderr)")
    }

    func explain(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--as-of", "2026-03-02"] + arguments)
    }

    @Test func jsonCardHasTheContractFieldsAndAddsUp() throws {
        let result = try explain(["--id", ordinaryUnit, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["unit", "model", "probability", "log_odds", "baseline_log_odds", "baseline_probability", "rank", "percentile", "contributions"] {
            #expect(object[key] != nil, "field \(key)")
        }
        let model = try #require(object["model"] as? [String: Any])
        #expect(Set(model.keys).isSuperset(of: ["name", "version", "fingerprint"]))
        let lines = try #require(object["contributions"] as? [[String: Any]])
        for line in lines where (line["feature"] as? String) != Explanation.undisclosedFeature {
            for key in ["feature", "value", "contribution", "source", "text", "columns", "as_of"] { #expect(line[key] != nil, "line field \(key)") }
            let columns = try #require(line["columns"] as? [[String: Any]])
            for column in columns {
                #expect(Set(column.keys) == ["name", "x", "reference", "coefficient", "contribution"])
            }
        }
        let card = try JSONDecoder().decode(Explanation.self, from: Data(result.stdout.utf8))
        #expect(card.unit == ordinaryUnit && card.rank != nil && card.asOf == "2026-03-02")
        #expect(abs(card.invariantResidual) <= 1e-9)
        #expect(card.counterfactual?.considered == ["educ"])
    }

    @Test(arguments: [("md", "en", "missing"), ("md", "da", "mangler"), ("html", "en", "missing"), ("html", "da", "mangler"), ("json", "en", "\"missing\" : true")])
    func missingValueIsShownAsMissing(format: String, language: String, word: String) throws {
        let result = try explain(["--id", missingUnit, "--format", format, "--lang", language])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(word))
    }

    @Test func hiddenFeatureIsMergedAndNeverNamedInAnyOutput() throws {
        var outputs: [String] = []
        for format in ["json", "md", "html"] {
            for language in ["da", "en"] {
                let result = try explain(["--id", ordinaryUnit, "--format", format, "--lang", language])
                #expect(result.status == 0, "\(result.stderr)")
                outputs.append(result.stdout)
            }
        }
        for format in ["csv", "jsonl"] {
            let result = try explain(["--all", "--format", format, "--full"])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(result.stdout)
        }
        for output in outputs {
            for secret in ["religious", "Religiøsitet", "Religiousness", "Secret register"] { #expect(!output.contains(secret), "\(secret) leaked") }
        }
        #expect(outputs[0].contains(Explanation.undisclosedFeature))
        #expect(outputs[2].contains("cannot be disclosed") || outputs[3].contains("cannot be disclosed"))
        #expect(outputs[2].contains("ikke kan oplyses"))
    }

    @Test func htmlCardIsSelfContainedAndPrintable() throws {
        let out = dir.appendingPathComponent("card.html").path
        let result = try explain(["--id", ordinaryUnit, "--format", "html", "--lang", "da", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("<rect") && html.contains("@media print"))
        for external in ["src=", "href=", "@import", "url(", "<script", "<link"] { #expect(!html.contains(external), "\(external)") }
        // The only URL is the SVG namespace, which is never fetched.
        #expect(html.components(separatedBy: "http").count == 2 && html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.contains("2026-03-02") && html.contains("fair-affairs"))
    }

    @Test func unknownIdFailsWithOneSentence() throws {
        let out = dir.appendingPathComponent("nope.json").path
        let result = try explain(["--id", "NOPE", "--format", "json", "--out", out])
        #expect(result.status != 0)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.contains("'NOPE'") && message.contains("register.csv") && message.contains("id"), "\(message)")
        #expect(!message.contains("\n"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unseenCategoryFailsNamingLineAndColumn() throws {
        let text = try String(contentsOfFile: register, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        var cells = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[7] = "9"
        lines[5] = cells.joined(separator: ",")
        let bad = dir.appendingPathComponent("unseen.csv").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: bad))
        let result = try CommandRunner.run(["explain", "--model", model, "--data", bad, "--id", ordinaryUnit, "--quiet"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unseen.csv, line 6, column 'occupation'") && result.stderr.contains("'9'"), "\(result.stderr)")
    }

    @Test func allWritesEveryUnitInRankOrderAndFullLinesAddUp() throws {
        let out = dir.appendingPathComponent("all.csv").path
        let result = try explain(["--all", "--format", "csv", "--full", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 6367)
        #expect(rows[0].prefix(10).joined(separator: ",") == "id,probability,log_odds,rank,percentile,baseline_log_odds,as_of,feature_1,value_1,contribution_1")
        for (i, row) in rows.dropFirst().enumerated() {
            #expect(Int(row[3]) == i + 1)
            let logOdds = Double(row[2]) ?? .nan, baseline = Double(row[5]) ?? .nan
            let sum = stride(from: 9, to: row.count, by: 3).reduce(0.0) { $0 + (Double(row[$1]) ?? .nan) }
            if abs(baseline + sum - logOdds) > 1e-9 { Issue.record("row \(i + 1): residual \(baseline + sum - logOdds)"); break }
        }
        let jsonl = try explain(["--all", "--format", "jsonl", "--top", "2"])
        let objects = jsonl.stdout.split(separator: "\n")
        #expect(objects.count == 6366)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(objects[0].utf8)) as? [String: Any])
        #expect((first["contributions"] as? [Any])?.count == 2 && first["rank"] as? Int == 1)
        // The top reasons agree with the single-unit card.
        let unit = try #require(first["unit"] as? String)
        let card = try JSONDecoder().decode(Explanation.self, from: Data(try explain(["--id", unit]).stdout.utf8))
        let names = (first["contributions"] as? [[String: Any]])?.compactMap { $0["feature"] as? String }
        #expect(names == card.contributions.prefix(2).map(\.feature))
    }

    @Test(arguments: [
        (["--format", "json"], "exactly one of --id"),
        (["--id", "F0001", "--all"], "exactly one of --id"),
        (["--id", "F0001", "--lang", "de"], "--lang"),
        (["--id", "F0001", "--format", "pdf"], "--format"),
        (["--all", "--format", "html"], "--format"),
        (["--id", "F0001", "--as-of", "2026-13-01"], "--as-of"),
        (["--id", "F0001", "--cutoff-probability", "1.5"], "--cutoff-probability"),
    ])
    func badOptionsFailClearly(arguments: [String], fragment: String) throws {
        let result = try explain(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
    }

    @Test func demoWritesCardsForTheTopUnits() throws {
        let out = dir.appendingPathComponent("demo").path
        let result = try CommandRunner.run(["demo", "--units", "20000", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let cards = try FileManager.default.contentsOfDirectory(atPath: out + "/cards").sorted()
        #expect(cards.count == 25, "\(cards)")
        #expect(cards.filter { $0.hasPrefix("card-1-") }.count == 5)
        for name in cards {
            let text = try String(contentsOfFile: out + "/cards/" + name, encoding: .utf8)
            #expect(!text.contains("complaints_1y") && !text.contains("klageregistrering"), "\(name) names the hidden feature")
        }
    }
}
