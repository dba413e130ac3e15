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
              "text":{"da":"Uddannelse","en":"Education"},"correction":{"da":"Ret uddannelsen.","en":"Correct the education."},
              "advice":{"text":{"da":"Tag mere uddannelse","en":"Get more education"},"direction":"increase"}},
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
        // Without a list the card is about no list: no selection, no cut-off, no counterfactual.
        #expect(card.selection == nil && card.counterfactual == nil)
        #expect(object["selection"] is NSNull)
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
        #expect(outputs[3].contains("Information we may not disclose, such as complaints"))
        #expect(outputs[2].contains("Oplysninger, vi ikke må oplyse, fx klager"))
    }

    @Test func htmlCardIsSelfContainedAndPrintable() throws {
        let out = dir.appendingPathComponent("card.html").path
        let result = try explain(["--id", ordinaryUnit, "--format", "html", "--lang", "da", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("<rect") && html.contains("@media print"))
        for external in ["src=", "@import", "url(", "<script", "<link"] { #expect(!html.contains(external), "\(external)") }
        // The one link leads to the method note, written beside the card; the SVG namespace is never fetched.
        #expect(html.components(separatedBy: "href=").count == 2 && html.contains("href=\"METHOD.md\""))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("METHOD.md").path))
        #expect(html.components(separatedBy: "http").count == 2 && html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        // A Danish card writes its date the Danish way, as the Danish reports do.
        #expect(html.contains("<div class=\"v small\">02.03.2026</div>") && !html.contains("2026-03-02") && html.contains("fair-affairs"))
        // The contact from configuration (here the built-in one) is on the card.
        #expect(html.contains("70 12 12 88") && html.contains("at@at.dk"))
        #expect(html.contains("Dette kort handler ikke om en bestemt tilsynsliste"))
    }

    /// A list file as `tilsyn list` writes it, with its manifest beside it: rows by region, risk then random.
    func writeList(asOf: String) throws -> (path: String, risk: [String], random: String, off: String, sha256: String) {
        let all = try explain(["--all", "--format", "csv", "--top", "1"]).stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // Ranked units: the first four by risk, a random one from further down, the fifth left off.
        let risk = all.prefix(4).map { $0[0] }
        let off = all[4][0], random = all[3000][0]
        var csv = "rank,id,probability,channel,region,top_reasons,inclusion_probability\n"
        for (i, unit) in risk.enumerated() { csv += "\(i + 1),\(unit),\(all[i][1]),risk,Nord,x,\n" }
        csv += "5,\(random),\(all[3000][1]),random,Nord,x,0.0025\n"
        let path = dir.appendingPathComponent("list.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: self.model))) as? [String: Any]
        let fingerprint = model?["fingerprint"] as? String ?? ""
        let manifest = #"{"format":"tilsyn.list-manifest/1","parameters":{"as_of":"\#(asOf)"},"model":{"name":"fair-affairs","version":"1","fingerprint":"\#(fingerprint)"},"counts":{}}"#
        try Data(manifest.utf8).write(to: dir.appendingPathComponent("list.manifest.json"))
        return (path, risk, random, off, FileDigest.sha256(Data(csv.utf8)))
    }

    @Test func randomAuditUnitIsToldItWasDrawnAtRandomInEveryFormatAndLanguage() throws {
        let list = try writeList(asOf: "2026-02-23")
        let expected = [
            "md.da": ["udtrukket ved lodtrækning", "Chancen for at blive udtrukket var 0,25 %", "Scoren spillede ingen rolle"],
            "html.da": ["udtrukket ved lodtrækning", "Chancen for at blive udtrukket var 0,25 %", "Scoren spillede ingen rolle"],
            "md.en": ["drawn at random", "The chance of being drawn was 0.25 %", "The score played no part"],
            "html.en": ["drawn at random", "The chance of being drawn was 0.25 %", "The score played no part"],
        ]
        for (key, phrases) in expected {
            let parts = key.split(separator: ".").map(String.init)
            let result = try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--id", list.random, "--list", list.path,
                                                "--format", parts[0], "--lang", parts[1]])
            #expect(result.status == 0, "\(result.stderr)")
            for phrase in phrases { #expect(result.stdout.contains(phrase), "\(key): \(phrase)") }
            // Nothing about a cut-off or a change: neither applies to a random draw.
            #expect(!result.stdout.contains(parts[1] == "da" ? "Hvad der ville ændre scoren" : "What would change the score"), "\(key)")
            #expect(result.stdout.contains(parts[1] == "da" ? "23.02.2026" : "2026-02-23"), "\(key)")
        }
        let json = try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--id", list.random, "--list", list.path])
        let card = try JSONDecoder().decode(Explanation.self, from: Data(json.stdout.utf8))
        #expect(card.selection == ListSelection(channel: .random, list: list.sha256, region: "Nord", inclusionProbability: 0.0025,
                                                cutoff: .init(rank: 4, probability: card.selection?.cutoff?.probability ?? .nan)))
        #expect(card.counterfactual == nil)
        // The card's date is the list's, never the day the command ran.
        #expect(card.asOf == "2026-02-23" && card.contributions.allSatisfy { $0.asOf == "2026-02-23" })
    }

    @Test func riskUnitsCutoffAndUnitOffTheList() throws {
        let list = try writeList(asOf: "2026-02-23")
        let risk = try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--id", list.risk[0], "--list", list.path])
        #expect(risk.status == 0, "\(risk.stderr)")
        let card = try JSONDecoder().decode(Explanation.self, from: Data(risk.stdout.utf8))
        #expect(card.selection?.channel == .risk && card.selection?.cutoff?.rank == 4)
        #expect(card.counterfactual?.cutoffRank == 4 && card.counterfactual?.considered == ["educ"])
        let off = try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--id", list.off, "--list", list.path])
        let offCard = try JSONDecoder().decode(Explanation.self, from: Data(off.stdout.utf8))
        #expect(offCard.selection == ListSelection(channel: nil, list: list.sha256, region: nil, inclusionProbability: nil, cutoff: nil))
        #expect(offCard.counterfactual == nil && offCard.asOf == "2026-02-23")
        let md = try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--id", list.off, "--list", list.path, "--format", "md", "--lang", "en"])
        #expect(md.stdout.contains("The unit is not on the list with fingerprint \(list.sha256.prefix(12)) with data as of 2026-02-23."))
    }

    @Test func withoutListOrDateTheCardRefusesToGuessTheDate() throws {
        let result = try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--id", ordinaryUnit])
        #expect(result.refusal == "give --as-of or --list.")
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "Error: give --as-of or --list.", "\(result.stderr)")
    }

    @Test func listWithoutItsManifestIsRefused() throws {
        let path = dir.appendingPathComponent("lonely.csv").path
        try Data("rank,id,probability,channel\n1,F0001,0.5,risk\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["explain", "--model", model, "--data", register, "--quiet", "--id", ordinaryUnit, "--list", path])
        #expect(result.refusal == "--list must be a list written by tilsyn list, with its manifest \(dir.path)/lonely.manifest.json beside it, not '\(dir.path)/lonely.csv'.")
        let manifest = dir.appendingPathComponent("lonely.manifest.json").path
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                == "Error: --list must be a list written by tilsyn list, with its manifest \(manifest) beside it, not '\(path)'.", "\(result.stderr)")
    }

    @Test func unknownIdFailsWithOneSentence() throws {
        let out = dir.appendingPathComponent("nope.json").path
        let result = try explain(["--id", "NOPE", "--format", "json", "--out", out])
        #expect(result.refusal == "\(dir.path)/register.csv: no unit with id 'NOPE' among its 6366 rows.")
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
        #expect(result.refusal == "\(dir.path)/unseen.csv, line 6, column 'occupation': expected a level seen in training (1, 2, 3, 4, 5, 6); set \"unseen\": \"reference\" in the spec to score unseen levels as the reference level, found '9'.")
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
        (["--format", "json"], "Give exactly one of --id UNIT and --all."),
        (["--id", "F0001", "--all"], "Give exactly one of --id UNIT and --all."),
        (["--id", "F0001", "--lang", "de"], "--lang must be da or en, not 'de'."),
        (["--id", "F0001", "--format", "pdf"], "--format must be one of json, md, html for one unit, not 'pdf'."),
        (["--all", "--format", "html"], "--format must be one of csv, jsonl with --all, not 'html'."),
        (["--id", "F0001", "--as-of", "2026-13-01"], "--as-of must be a date YYYY-MM-DD, not '2026-13-01'."),
        (["--id", "F0001", "--list-id", "3"], "--list-id needs --db, the store that recorded the list."),
    ])
    func badOptionsFailClearly(arguments: [String], sentence: String) throws {
        let result = try explain(arguments)
        #expect(result.refusal == sentence, "\(arguments)")
    }

    @Test func demoWritesCardsForTheTopUnits() throws {
        let out = dir.appendingPathComponent("demo").path
        let result = try CommandRunner.run(["demo", "--units", "20000", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let cards = try FileManager.default.contentsOfDirectory(atPath: out + "/cards").sorted()
        // Five top units and one drawn at random, five files each, and the method note they link to.
        #expect(cards.count == 31, "\(cards)")
        #expect(cards.contains("METHOD.md"))
        #expect(cards.filter { $0.hasPrefix("card-1-") }.count == 5)
        for name in cards {
            let text = try String(contentsOfFile: out + "/cards/" + name, encoding: .utf8)
            #expect(!text.contains("complaints_1y") && !text.contains("klageregistrering"), "\(name) names the hidden feature")
        }
    }
}
