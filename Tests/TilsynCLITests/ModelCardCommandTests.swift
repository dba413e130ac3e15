import Foundation
import Testing
import _TilsynTestSupport

/// `tilsyn modelcard` and `tilsyn diff` as a user runs them, on the synthetic fixture fitted from specs
/// that declare a source for every feature.
@Suite struct ModelCardCommandTests {
    let dir: URL
    /// The synthetic spec with sources and texts added.
    let model: String

    /// Relative tolerance for numbers recomputed from model.json (its values are printed with ~17 digits).
    static let recomputeTolerance = 1e-9
    /// z for a two-sided 95% Wald interval, as the fitter uses.
    static let z975 = 1.959963984540054

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        model = try Self.fit(in: dir, name: "card") { _ in }
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Writes the synthetic spec with a source and texts on every feature, lets `edit` change it, fits it.
    static func fit(in dir: URL, name: String, data: String = Fixtures.path("synthetic.csv"), edit: (inout [String: Any]) -> Void) throws -> String {
        var spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("synthetic.spec.json")))) as? [String: Any])
        let features = try #require(spec["features"] as? [[String: Any]])
        spec["features"] = features.map { f -> [String: Any] in
            var f = f
            let name = f["name"] as? String ?? "?"
            f["source"] = name == "industry" ? "CVR" : "Register of \(name)"
            f["text"] = ["da": "\(name) (da)", "en": "\(name) (en)"]
            f["correction"] = ["da": "Ret i registret.", "en": "Correct it in the register."]
            return f
        }
        edit(&spec)
        let specPath = dir.appendingPathComponent("\(name).spec.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: specPath)
        let out = dir.appendingPathComponent("\(name).model.json").path
        let fit = try CommandRunner.run(["fit", "--spec", specPath.path, "--data", data, "--out", out, "--quiet"])
        guard fit.status == 0 else { throw CommandRunner.FixtureError(description: "fit \(name): \(fit.stderr)") }
        return out
    }

    func jsonObject(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func card(_ extra: [String] = []) throws -> [String: Any] {
        let result = try CommandRunner.run(["modelcard", "--model", model, "--format", "json", "--out", path("card.json"), "--quiet"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try jsonObject(path("card.json"))
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= recomputeTolerance * max(1, abs(a), abs(b)) }

    @Test func cardConformsToTheCommittedSchema() throws {
        let schema = try jsonObject(Fixtures.repositoryRoot.appendingPathComponent("Models/modelcard.schema.json").path)
        let card = try card()
        #expect(JSONSchemaCheck.violations(of: card, against: schema).isEmpty, "\(JSONSchemaCheck.violations(of: card, against: schema))")
        // The checker itself must catch a dropped required field and a wrong type.
        var broken = card
        broken["model"] = nil
        broken["completeness"] = "full"
        let problems = JSONSchemaCheck.violations(of: broken, against: schema)
        #expect(problems.contains("$: required key 'model' is missing") && problems.contains { $0.hasPrefix("$.completeness: expected object") })
        #expect(card["approval"] is NSNull)
    }

    @Test func everyCoefficientTracesToModelJSON() throws {
        let card = try card()
        let fitted = try jsonObject(model)
        let technical = try #require(card["technical"] as? [String: Any])
        var rows: [String: [String: Any]] = [:]
        for row in (technical["features"] as? [[String: Any]] ?? []).flatMap({ $0["coefficients"] as? [[String: Any]] ?? [] }) + [technical["intercept"] as? [String: Any] ?? [:]] {
            if let column = row["column"] as? String { rows[column] = row }
        }
        let coefficients = try #require(fitted["coefficients"] as? [[String: Any]])
        #expect(rows.count == coefficients.count)
        for c in coefficients {
            let name = try #require(c["name"] as? String)
            let row = try #require(rows[name], "card lacks column \(name)")
            let estimate = try #require(c["estimate"] as? Double), se = try #require(c["std_error"] as? Double)
            // Copied, not recomputed: the card's values are the model file's, bit for bit.
            #expect(row["estimate"] as? Double == estimate && row["ci_low"] as? Double == c["ci_low"] as? Double && row["odds_ratio"] as? Double == c["odds_ratio"] as? Double)
            // And they agree with a recomputation from the estimate and its standard error.
            #expect(Self.close(try #require(row["odds_ratio"] as? Double), exp(estimate)))
            #expect(Self.close(try #require(row["ci_low"] as? Double), estimate - Self.z975 * se))
            #expect(Self.close(try #require(row["ci_high"] as? Double), estimate + Self.z975 * se))
        }
        let fit = try #require(fitted["fit"] as? [String: Any])
        #expect((technical["software"] as? [String: Any])?["linear_algebra"] as? String == fit["linear_algebra"] as? String)
        #expect((technical["fit"] as? [String: Any])?["deviance"] as? Double == fit["deviance"] as? Double)
        #expect((card["model"] as? [String: Any])?["fingerprint"] as? String == fitted["fingerprint"] as? String)
        let industry = try #require((technical["features"] as? [[String: Any]])?.first { $0["name"] as? String == "industry" })
        #expect(industry["reference_level"] as? String == "IG03" && industry["source"] as? String == "CVR")
    }

    @Test func renderedNumbersAreTheModelsRounded() throws {
        let fitted = try jsonObject(model)
        let coefficients = try #require(fitted["coefficients"] as? [[String: Any]])
        for format in ["md", "html"] {
            let result = try CommandRunner.run(["modelcard", "--model", model, "--format", format, "--lang", "en", "--out", path("card.\(format)"), "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOfFile: path("card.\(format)"), encoding: .utf8)
            for c in coefficients.prefix(8) {
                let estimate = try #require(c["estimate"] as? Double)
                #expect(text.contains(String(format: "%.3f", estimate)), "\(format) lacks \(c["name"] ?? "?") = \(estimate)")
            }
            #expect(text.contains("Model card") && text.contains("Arbejdstilsynet, datateam") && text.contains("Not yet approved"))
        }
        let html = try String(contentsOfFile: path("card.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<style>") && !html.contains("<script") && !html.contains("http://") && html.contains("@media print"))
        let danish = try CommandRunner.run(["modelcard", "--model", model, "--format", "html", "--contact", "Etik <etik@at.dk>", "--quiet"])
        #expect(danish.stdout.contains("<html lang=\"da\">") && danish.stdout.contains("Modelkort") && danish.stdout.contains("Etik &lt;etik@at.dk&gt;"))
    }

    @Test func featureWithoutSourceIsRefusedInOneSentence() throws {
        let bare = try CommandRunner.fitFixture("synthetic", into: dir)
        let result = try CommandRunner.run(["modelcard", "--model", bare, "--quiet"])
        #expect(result.refusal == "model card: feature 'prior_notices' has no source; the card must say where every input comes from — add \"source\" to the feature in the spec and refit.")
        let lang = try CommandRunner.run(["modelcard", "--model", model, "--lang", "de"])
        #expect(lang.refusal == "--lang must be da or en, not 'de'.")
    }

    @Test func completenessCountsRecommendedFieldsAndReports() throws {
        let plain = try #require(try card()["completeness"] as? [String: Any])
        let missing = try #require(plain["missing"] as? [String])
        #expect(missing.contains("feature 'employees': window") && missing.contains("validation report") && missing.contains("fairness report"))
        #expect(!missing.contains { $0.contains("text (da and en)") || $0.contains("correction") })
        let present = try #require(plain["present"] as? Int), recommended = try #require(plain["recommended"] as? Int)
        #expect(Self.close(try #require(plain["score"] as? Double), Double(present) / Double(recommended)) && recommended - present == missing.count)

        let validation = try CommandRunner.run(["validate", "--spec", dir.appendingPathComponent("card.spec.json").path, "--data", Fixtures.path("synthetic.csv"),
                                                "--split-date", "2025-01-01", "--out", path("v.json")])
        #expect(validation.status == 0, "\(validation.stderr)")
        let fairness = try CommandRunner.run(["fairness", "--model", model, "--data", Fixtures.path("synthetic.csv"), "--by", "industry",
                                              "--top-fraction", "0.2", "--bootstrap", "20", "--out", path("f.json"), "--quiet"])
        #expect(fairness.status == 0, "\(fairness.stderr)")
        let full = try card(["--validation", path("v.json"), "--fairness", path("f.json")])
        let completeness = try #require(full["completeness"] as? [String: Any])
        #expect((completeness["present"] as? Int) == present + 2)
        // The validation and fairness summaries are the reports' numbers.
        let v = try jsonObject(path("v.json")), f = try jsonObject(path("f.json"))
        let technical = try #require(full["technical"] as? [String: Any])
        let summary = try #require(technical["validation"] as? [String: Any])
        #expect((summary["auc"] as? [String: Any])?["value"] as? Double == (v["auc"] as? [String: Any])?["value"] as? Double)
        #expect((summary["calibration_slope"] as? [String: Any])?["ci_low"] as? Double == (v["calibration_slope"] as? [String: Any])?["ci_low"] as? Double)
        let groups = try #require(((f["groupings"] as? [[String: Any]])?.first)?["groups"] as? [[String: Any]])
        let verdicts = try #require(((technical["fairness"] as? [String: Any])?["groupings"] as? [[String: Any]])?.first)
        #expect(verdicts["flag"] as? Int == groups.filter { $0["verdict"] as? String == "flag" }.count)
        #expect(verdicts["pass"] as? Int == groups.filter { $0["verdict"] as? String == "pass" }.count)
        // A fairness report about another model is refused.
        let other = try Self.fit(in: dir, name: "other") { spec in spec["penalty"] = ["l2": 5.0] }
        let refused = try CommandRunner.run(["modelcard", "--model", other, "--fairness", path("f.json"), "--quiet"])
        #expect(refused.refusal == "model card: the fairness report is for model \(try ModelFingerprint.of(model).stored.prefix(12))…, not \(try ModelFingerprint.of(other).stored.prefix(12))…; run tilsyn fairness on this model.")
    }
}
