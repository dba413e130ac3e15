import Foundation
import Testing
import _TilsynTestSupport

/// The CLI as a user meets it: real processes, real files, exit codes and one-sentence errors.
@Suite struct FitScoreCommandTests {
    let dir: URL
    init() throws { dir = try CommandRunner.temporaryDirectory() }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    @Test func fitThenScoreWritesRankedScores() throws {
        let model = path("model.json"), scores = path("scores.csv")
        let fit = try CommandRunner.run(["fit", "--spec", Fixtures.path("fair.spec.json"), "--data", Fixtures.path("fair.csv"), "--out", model, "--quiet"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let decoded = try FittedModel.decode(try Data(contentsOf: URL(fileURLWithPath: model)), file: model)
        #expect(decoded.trainingData.rows == 6366 && decoded.trainingData.sha256.count == 64)
        let score = try CommandRunner.run(["score", "--model", model, "--data", Fixtures.path("fair.csv"), "--out", scores, "--quiet"])
        #expect(score.status == 0, "\(score.stderr)")
        let lines = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "id,probability,log_odds,rank")
        #expect(lines.count == 6367)
        let probabilities = lines.dropFirst().map { Double($0.split(separator: ",")[1]) ?? .nan }
        #expect(zip(probabilities, probabilities.dropFirst()).allSatisfy { $0 >= $1 }, "rows are in rank order")
        let ranks = lines.dropFirst().map { Int($0.split(separator: ",")[3]) ?? 0 }
        #expect(ranks == Array(1...6366))
        // Reproducible: the same command writes the same bytes.
        let again = path("scores2.csv")
        _ = try CommandRunner.run(["score", "--model", model, "--data", Fixtures.path("fair.csv"), "--out", again, "--quiet"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: scores)) == Data(contentsOf: URL(fileURLWithPath: again)))
    }

    @Test func tiesAreBrokenBySeedNotInputOrder() throws {
        // Four units with identical features: the order must follow the seeded key, and reversing the
        // input must not change it.
        let spec = try write("spec.json", #"{"name":"t","version":"1","unit":"id","label":"y","features":[{"name":"x","type":"numeric"}]}"#)
        let train = try write("train.csv", "id,x,y\na,0,0\nb,1,1\nc,0,1\nd,1,0\ne,2,1\nf,0,0\n")
        let model = path("model.json")
        #expect(try CommandRunner.run(["fit", "--spec", spec, "--data", train, "--out", model, "--quiet"]).status == 0)
        let forward = try write("r1.csv", "id,x\nu1,1\nu2,1\nu3,1\nu4,1\n")
        let backward = try write("r2.csv", "id,x\nu4,1\nu3,1\nu2,1\nu1,1\n")
        func order(_ file: String, seed: String) throws -> [String] {
            let out = path("s-\(seed)-\((file as NSString).lastPathComponent)")
            let result = try CommandRunner.run(["score", "--model", model, "--data", file, "--out", out, "--seed", seed, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            return try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        }
        let a = try order(forward, seed: "1"), b = try order(backward, seed: "1")
        #expect(a == b)
        let expected = ["u1", "u2", "u3", "u4"].sorted { TieBreak.key(seed: 1, unit: $0) < TieBreak.key(seed: 1, unit: $1) }
        #expect(a == expected)
        let seeds = try (2...6).map { try order(forward, seed: String($0)) }
        #expect(Set(seeds + [a]).count > 1, "different seeds give different tie orders")
    }

    /// Each bad input: exit 1, one sentence on standard error naming what is wrong (`DIR/` is the test's
    /// folder, `FIXTURES/` the fixtures'), no output file.
    @Test(arguments: [
        ("missing file", ["--data", "/nonexistent/history.csv"], "/nonexistent/history.csv: no such file."),
        ("empty file", ["--data", "EMPTY"], "DIR/empty.csv: the file is empty; expected a header row and data rows."),
        ("missing column", ["--data", "NOCOL"], "DIR/nocol.csv: there is no column 'x' (the header has: id, z, y)."),
        ("non-numeric cell", ["--data", "TEXT"], "DIR/text.csv, line 3, column 'x': expected a number, found 'abc'."),
        ("label not 0/1", ["--data", Fixtures.path("label_not_binary.csv"), "--spec", Fixtures.path("label_not_binary.spec.json")], "FIXTURES/label_not_binary.csv, line 19, column 'y': expected a label of 0 or 1, found '2'."),
        ("separation", ["--data", Fixtures.path("separation_quasi.csv"), "--spec", Fixtures.path("separation_quasi.spec.json")], "FIXTURES/separation_quasi.csv: perfect or quasi-complete separation by 'group=c' (all 16 rows where it is 1 have label 1; lines 4, 7, 10, 13, 16, …), so the maximum-likelihood estimate does not exist; merge sparse levels, drop the feature, or set \"penalty\": {\"firth\": true} or a small \"penalty\": {\"l2\": …} in the spec."),
        ("collinear", ["--data", Fixtures.path("collinear.csv"), "--spec", Fixtures.path("collinear.spec.json")], "FIXTURES/collinear.csv: design column 'x3' is a linear combination of 'x1', 'x2' (collinear columns), so the coefficients are not identifiable; remove one of them from the spec."),
        ("all missing", ["--data", Fixtures.path("all_missing.csv"), "--spec", Fixtures.path("all_missing.spec.json")], "FIXTURES/all_missing.csv: column 'w' has no values (every cell is empty)."),
        ("malformed spec", ["--spec", "BADSPEC"], "DIR/bad.spec.json, field 'features[0].type': \"number\" is not one of \"numeric\", \"categorical\", \"binned\"."),
    ])
    func badInputFailsClearly(name: String, arguments: [String], sentence: String) throws {
        let spec = try write("spec.json", #"{"name":"t","version":"1","unit":"id","label":"y","features":[{"name":"x","type":"numeric"}]}"#)
        let substitutions = [
            "EMPTY": try write("empty.csv", ""),
            "NOCOL": try write("nocol.csv", "id,z,y\na,1,0\n"),
            "TEXT": try write("text.csv", "id,x,y\na,1,0\nb,abc,1\n"),
            "BADSPEC": try write("bad.spec.json", #"{"name":"t","version":"1","unit":"id","label":"y","features":[{"name":"x","type":"number"}]}"#),
        ]
        var args = ["fit", "--spec", spec, "--data", Fixtures.path("fair.csv"), "--out", path("out.json"), "--quiet"]
        var i = 0
        while i < arguments.count {
            let value = substitutions[arguments[i + 1]] ?? arguments[i + 1]
            if let at = args.firstIndex(of: arguments[i]) { args[at + 1] = value }
            i += 2
        }
        let result = try CommandRunner.run(args)
        let expected = sentence.replacingOccurrences(of: "DIR/", with: dir.path + "/").replacingOccurrences(of: "FIXTURES/", with: Fixtures.directory.path + "/")
        #expect(result.refusal == expected, "\(name)")
        #expect(!FileManager.default.fileExists(atPath: path("out.json")), "\(name): nothing half-written")
    }

    @Test func editedModelIsRefused() throws {
        let model = path("model.json")
        _ = try CommandRunner.run(["fit", "--spec", Fixtures.path("spector.spec.json"), "--data", Fixtures.path("spector.csv"), "--out", model, "--quiet"])
        var text = try String(contentsOfFile: model, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"version\" : \"", with: "\"version\" : \"x")
        try Data(text.utf8).write(to: URL(fileURLWithPath: model))
        let result = try CommandRunner.run(["score", "--model", model, "--data", Fixtures.path("spector.csv"), "--out", path("s.csv"), "--quiet"])
        let fingerprints = try ModelFingerprint.of(model)
        #expect(result.refusal == "\(dir.path)/model.json: the content does not match its fingerprint (stored \(fingerprints.stored.prefix(12))…, computed \(fingerprints.computed.prefix(12))…); the file was changed after it was written — refit the model or restore the original file.")
    }

    @Test func everyCommandHasHelp() throws {
        for command in ["fit", "score", "demo", "bench"] {
            let result = try CommandRunner.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE") && result.stdout.count > 300, "\(command) --help is thin")
        }
    }
}
