import Foundation
import Testing
import _TilsynTestSupport

/// `tilsyn diff` on two fits of the synthetic fixture: one spec drops a feature and changes a reference
/// level, another is the same spec on an earlier training window.
@Suite struct DiffCommandTests {
    let dir: URL
    let base: String

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        base = try ModelCardCommandTests.fit(in: dir, name: "base") { _ in }
    }

    func diff(_ to: String, format: String = "json") throws -> (CommandRunner.Result, [String: Any]) {
        let out = dir.appendingPathComponent("diff.\(format)").path
        let result = try CommandRunner.run(["diff", "--from", base, "--to", to, "--format", format, "--lang", "en", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = format == "json" ? (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any] ?? [:]) : [:]
        return (result, json)
    }

    @Test func droppedFeatureAndNewReferenceAreReported() throws {
        let changed = try ModelCardCommandTests.fit(in: dir, name: "changed") { spec in
            var features = spec["features"] as? [[String: Any]] ?? []
            features.removeAll { $0["name"] as? String == "complaints" }
            for i in features.indices where features[i]["name"] as? String == "industry" { features[i]["reference"] = "IG01" }
            spec["features"] = features
        }
        let (_, json) = try diff(changed)
        #expect(json["features_removed"] as? [String] == ["complaints"] && json["features_added"] as? [String] == [])
        #expect((json["columns_added"] as? [String]) == ["industry=IG03"])
        let encoding = try #require(json["encoding_changes"] as? [[String: Any]])
        #expect(encoding.contains { $0["feature"] as? String == "industry" && $0["field"] as? String == "reference" && $0["from"] as? String == "IG03" && $0["to"] as? String == "IG01" })
        // beyond_ci is exactly |Δ| > the larger half-width, recomputed from the two model files.
        let from = try coefficients(base), to = try coefficients(changed)
        let rows = try #require(json["coefficients"] as? [[String: Any]])
        #expect(rows.count == to.keys.filter { from[$0] != nil }.count)
        for row in rows {
            let column = try #require(row["column"] as? String)
            let a = try #require(from[column]), b = try #require(to[column])
            let half = max(a.high - a.low, b.high - b.low) / 2
            #expect(row["beyond_ci"] as? Bool == (abs(b.estimate - a.estimate) > half), "\(column)")
        }
        // Moving the reference shifts the intercept by about the old IG01 effect: well beyond its interval.
        #expect(rows.contains { $0["column"] as? String == "(intercept)" && $0["beyond_ci"] as? Bool == true })
        // The card of the new version carries the same changes as its change log, and still fits the schema.
        let cardPath = dir.appendingPathComponent("card.json").path
        let card = try CommandRunner.run(["modelcard", "--model", changed, "--previous", base, "--out", cardPath, "--quiet"])
        #expect(card.status == 0, "\(card.stderr)")
        let cardJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cardPath))) as? [String: Any])
        let log = try #require(cardJSON["change_log"] as? [String: Any])
        #expect(log["features_removed"] as? [String] == ["complaints"])
        #expect(log["coefficients_changed"] as? [String] == rows.filter { $0["beyond_ci"] as? Bool == true }.compactMap { $0["column"] as? String })
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Models/modelcard.schema.json"))) as? [String: Any])
        #expect(JSONSchemaCheck.violations(of: cardJSON, against: schema).isEmpty)
        let (md, _) = try diff(changed, format: "md")
        #expect(md.status == 0)
        let text = try String(contentsOfFile: dir.appendingPathComponent("diff.md").path, encoding: .utf8)
        #expect((json["notes"] as? [String])?.contains { $0.contains("reference level moved from IG03 to IG01") } == true)
        #expect(text.contains("Removed: complaints") && text.contains("| industry | reference | IG03 | IG01 |") && text.contains("| (intercept) |"))

        // The board's change log in Danish (the default): the same tables, every word Danish, decimal commas.
        let da = try CommandRunner.run(["diff", "--from", base, "--to", changed])
        #expect(da.status == 0, "\(da.stderr)")
        #expect(da.stdout.hasPrefix("# Modelændring: ") && da.stdout.contains("| | Før | Efter |\n"))
        #expect(da.stdout.contains("> industry: referenceniveauet er flyttet fra IG03 til IG01, så variablens koefficienter og skæringen måles mod et andet udgangspunkt; deres ændringer kan ikke sammenlignes direkte.\n"))
        #expect(da.stdout.contains("- Fjernet: complaints\n") && da.stdout.contains("| industry | referenceniveau | IG03 | IG01 |\n"))
        #expect(da.stdout.contains("## Koefficienter, der har flyttet sig mere end deres 95 %-intervaller\n"))
        let intercept = try #require(da.stdout.split(separator: "\n").first { $0.hasPrefix("| (intercept) |") })
        #expect(intercept.split(separator: "|").dropFirst().allSatisfy { !$0.contains(".") } && intercept.contains(","), "\(intercept)")
        for english in ["Removed", "Features", "None.", "reference level", "fingerprint", "converged", "from"] {
            #expect(!da.stdout.contains(english), "English on the Danish change log: \(english)")
        }
    }

    @Test func anUnknownLanguageIsRefused() throws {
        let result = try CommandRunner.run(["diff", "--from", base, "--to", base, "--lang", "de"])
        #expect(result.refusal == "--lang must be da or en, not 'de'.")
    }

    @Test func sameSpecOnAnEarlierWindowChangesOnlyTheWindowAndNoise() throws {
        // Inspections before 2025 as an earlier training window (ISO dates compare as strings).
        let lines = try String(contentsOfFile: Fixtures.path("synthetic.csv"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let early = lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[1] < "2025-01-01" }
        let subset = dir.appendingPathComponent("early.csv")
        try ((lines.prefix(1) + early).joined(separator: "\n") + "\n").write(to: subset, atomically: true, encoding: .utf8)
        let earlyModel = try ModelCardCommandTests.fit(in: dir, name: "early", data: subset.path) { _ in }
        let (_, json) = try diff(earlyModel)
        #expect(json["features_added"] as? [String] == [] && json["features_removed"] as? [String] == [])
        let from = try #require(json["from"] as? [String: Any]), to = try #require(json["to"] as? [String: Any])
        #expect(from["rows"] as? Int == 5000 && to["rows"] as? Int == early.count)
        #expect(from["date_max"] as? String == "2026-01-01" && (to["date_max"] as? String ?? "9") < "2025-01-01")
        #expect(from["training_sha256"] as? String != to["training_sha256"] as? String)
        #expect((json["notes"] as? [String])?.contains { $0.hasPrefix("The models were trained on different data") } == true)
        // Same model against itself: nothing changed.
        let same = try CommandRunner.run(["diff", "--from", base, "--to", base, "--format", "md", "--lang", "en"])
        #expect(same.status == 0 && same.stdout.contains("A change counts when") && same.stdout.components(separatedBy: "None.").count == 3, "\(same.stdout)")
    }

    @Test func validationAndFairnessOfBothVersionsAreCompared() throws {
        let penalised = try ModelCardCommandTests.fit(in: dir, name: "penalised") { spec in spec["penalty"] = ["l2": 50.0] }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        for (name, model) in [("base", base), ("penalised", penalised)] {
            let v = try CommandRunner.run(["validate", "--spec", path("\(name).spec.json"), "--data", Fixtures.path("synthetic.csv"), "--split-date", "2025-01-01", "--out", path("\(name).v.json")])
            let f = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--by", "industry", "--top-fraction", "0.2",
                                           "--bootstrap", "20", "--out", path("\(name).f.json"), "--quiet"])
            #expect(v.status == 0 && f.status == 0, "\(v.stderr) \(f.stderr)")
        }
        let out = path("vf.json")
        let result = try CommandRunner.run(["diff", "--from", base, "--to", penalised, "--from-validation", path("base.v.json"), "--to-validation", path("penalised.v.json"),
                                            "--from-fairness", path("base.f.json"), "--to-fairness", path("penalised.f.json"), "--format", "json", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let metrics = try #require(json["validation"] as? [[String: Any]])
        let v1 = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("base.v.json")))) as? [String: Any])
        let auc = try #require(metrics.first { $0["metric"] as? String == "auc" })
        #expect((auc["from"] as? [String: Any])?["value"] as? Double == (v1["auc"] as? [String: Any])?["value"] as? Double)
        let verdicts = try #require((json["fairness"] as? [[String: Any]])?.first)
        #expect(verdicts["grouping"] as? String == "industry" && (verdicts["to"] as? [String: Any])?["pass"] is Int)
        let md = try CommandRunner.run(["diff", "--from", base, "--to", penalised, "--from-validation", path("base.v.json"), "--to-validation", path("penalised.v.json"), "--lang", "en"])
        #expect(md.status == 0 && md.stdout.contains("## Validation") && md.stdout.contains("| AUC |") && !md.stdout.contains("## Fairness verdicts"))
        let both = try CommandRunner.run(["diff", "--from", base, "--to", penalised, "--from-validation", path("base.v.json"), "--to-validation", path("penalised.v.json"),
                                          "--from-fairness", path("base.f.json"), "--to-fairness", path("penalised.f.json")])
        #expect(both.status == 0 && both.stdout.contains("## Validering\n") && both.stdout.contains("| AUC | ")
                && both.stdout.contains("## Vurderinger af ensartethed (bestået / markeret / utilstrækkeligt)\n") && both.stdout.contains("| industry | "), "\(both.stdout)")
        let half = try CommandRunner.run(["diff", "--from", base, "--to", penalised, "--from-fairness", path("base.f.json")])
        #expect(half.refusal == "give both --from-fairness and --to-fairness, or neither.")
    }

    @Test func editedModelFileIsRefused() throws {
        var text = try String(contentsOfFile: base, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"converged\" : true", with: "\"converged\" : false")
        let edited = dir.appendingPathComponent("edited.json")
        try text.write(to: edited, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["diff", "--from", base, "--to", edited.path])
        let fingerprints = try ModelFingerprint.of(edited.path)
        #expect(result.refusal == "\(dir.path)/edited.json: the content does not match its fingerprint (stored \(fingerprints.stored.prefix(12))…, computed \(fingerprints.computed.prefix(12))…); the file was changed after it was written — refit the model or restore the original file.")
    }

    func coefficients(_ path: String) throws -> [String: (estimate: Double, low: Double, high: Double)] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var out: [String: (estimate: Double, low: Double, high: Double)] = [:]
        for c in json["coefficients"] as? [[String: Any]] ?? [] {
            if let n = c["name"] as? String, let e = c["estimate"] as? Double, let lo = c["ci_low"] as? Double, let hi = c["ci_high"] as? Double { out[n] = (e, lo, hi) }
        }
        return out
    }
}
