import Foundation
import Testing
import _TilsynTestSupport

/// The table `tilsyn fit` prints, read back from its standard output and checked against statsmodels'
/// `Logit(...).fit().summary()` numbers (Fixtures/fit_table.reference.json, made by
/// Fixtures/reference/fit_table_reference.py) at the precision it prints.
@Suite struct FitTableTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            struct Term: Decodable {
                var name: String
                var estimate: Double
                var std_error: Double
                var z: Double
                var p_value: Double
                var ci_low: Double
                var ci_high: Double
            }
            var `case`: String
            var terms: [Term]
            var nobs: Int
            var llf: Double
            var llnull: Double
            var prsquared: Double
            var converged: Bool
        }
        var cases: [Case]
    }

    static let reference: Result<Reference, any Error> = Result {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fit_table.reference.json"))))
    }

    /// `printed` agrees with `expected` to half a unit in its last printed digit.
    static func agrees(_ printed: String, _ expected: Double) -> Bool {
        guard let value = Double(printed) else { return false }
        let decimals = printed.split(separator: ".").dropFirst().first?.count ?? 0
        return abs(value - expected) <= 0.5 * pow(10, -Double(decimals)) + 1e-12
    }

    /// The number printed right after `label` in `text` (e.g. "log-likelihood -12.890").
    static func number(after label: String, in text: String) -> String? {
        guard let range = text.range(of: label + " ") else { return nil }
        return text[range.upperBound...].split(whereSeparator: \.isWhitespace).first.map(String.init)
    }

    @Test(arguments: ["spector", "fair"]) func theTableAgreesWithStatsmodels(name: String) throws {
        let expected = try #require(try Self.reference.get().cases.first { $0.case == name })
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("model.json").path
        let r = try CommandRunner.run(["fit", "--spec", Fixtures.path("\(name).spec.json"), "--data", Fixtures.path("\(name).csv"), "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "--quiet: nothing on standard error: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        // Fits an A4 page.
        for line in lines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }

        // The fit statistics.
        #expect(Self.number(after: "N", in: r.stdout) == String(expected.nobs), "\(r.stdout)")
        #expect(Self.agrees(Self.number(after: "log-likelihood", in: r.stdout) ?? "", expected.llf), "\(r.stdout)")
        #expect(Self.agrees(Self.number(after: "LL-null", in: r.stdout) ?? "", expected.llnull), "\(r.stdout)")
        #expect(Self.agrees(Self.number(after: "pseudo-R² (McFadden)", in: r.stdout) ?? "", expected.prsquared), "\(r.stdout)")
        #expect(expected.converged && r.stdout.contains("converged in "), "\(r.stdout)")

        // The header, then one row per term in statsmodels' order.
        let header = try #require(lines.firstIndex { $0.hasPrefix("  term ") }, "no table header: \(r.stdout)")
        #expect(lines[header].split(separator: " ") == ["term", "estimate", "std", "err", "z", "P>|z|", "[0.025", "0.975]"])
        #expect(lines[header + 1].allSatisfy { $0 == " " || $0 == "─" }, "a rule under the header")
        let rows = lines[(header + 2)...].prefix { !$0.isEmpty }
        #expect(rows.count == expected.terms.count, "\(rows.count) rows for \(expected.terms.count) terms")
        for (row, term) in zip(rows, expected.terms) {
            let cells = row.split(separator: " ").map(String.init)
            #expect(cells.count == 7, "\(row)")
            guard cells.count == 7 else { continue }
            #expect(cells[0] == term.name)
            #expect(Self.agrees(cells[1], term.estimate), "\(term.name) estimate \(cells[1]) vs \(term.estimate)")
            #expect(Self.agrees(cells[2], term.std_error), "\(term.name) std err \(cells[2]) vs \(term.std_error)")
            #expect(Self.agrees(cells[3], term.z), "\(term.name) z \(cells[3]) vs \(term.z)")
            if cells[4] == "<0.001" {
                #expect(term.p_value < 0.0005, "\(term.name) p \(term.p_value)")
            } else {
                #expect(Self.agrees(cells[4], term.p_value), "\(term.name) p \(cells[4]) vs \(term.p_value)")
            }
            #expect(Self.agrees(cells[5], term.ci_low), "\(term.name) low \(cells[5]) vs \(term.ci_low)")
            #expect(Self.agrees(cells[6], term.ci_high), "\(term.name) high \(cells[6]) vs \(term.ci_high)")
        }
    }

    /// The table is what stdout carries; model.json is as before, byte for byte the same with or without it.
    @Test func noSummaryLeavesModelJSONAlone() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        let with = try CommandRunner.run(["fit", "--spec", Fixtures.path("spector.spec.json"), "--data", Fixtures.path("spector.csv"), "--out", a, "--quiet"])
        let without = try CommandRunner.run(["fit", "--spec", Fixtures.path("spector.spec.json"), "--data", Fixtures.path("spector.csv"), "--out", b, "--quiet", "--no-summary"])
        #expect(with.status == 0 && without.status == 0)
        #expect(without.stdout.isEmpty, "\(without.stdout)")
        // Only `created` (the clock) may differ between two fits.
        func normalised(_ path: String) throws -> String {
            try String(contentsOfFile: path, encoding: .utf8).replacing(/"created" : "[^"]*"/, with: "").replacing(/"fingerprint" : "[^"]*"/, with: "")
        }
        #expect(try normalised(a) == normalised(b))
    }

    /// Long level names are cut with "…" so the table still fits 100 columns; a held coefficient says why it has no std err.
    @Test func longTermNamesAreCutAndTheTableStaysOnAPage() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = String(repeating: "Bygge- og anlægsvirksomhed ", count: 4).trimmingCharacters(in: .whitespaces)
        var csv = "id,g,x,y\n"
        for i in 0..<200 { csv += "u\(i),\(i % 3 == 0 ? "\"\(long)\"" : (i % 3 == 1 ? "B" : "C")),\(Double(i % 17) / 4),\((i * 7919) % 5 < 2 ? 1 : 0)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("d.csv"))
        let spec = #"{"name":"t","version":"1","unit":"id","label":"y","features":[{"name":"g","type":"categorical","reference":"B"},{"name":"x","type":"numeric"}]}"#
        try Data(spec.utf8).write(to: dir.appendingPathComponent("s.json"))
        let r = try CommandRunner.run(["fit", "--spec", dir.appendingPathComponent("s.json").path, "--data", dir.appendingPathComponent("d.csv").path,
                                       "--out", dir.appendingPathComponent("m.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        for line in r.stdout.split(separator: "\n") { #expect(line.count <= 100, "\(line.count): \(line)") }
        #expect(r.stdout.contains("g=Bygge- og anlægsvirksomhed"), "\(r.stdout)")
        #expect(r.stdout.contains("…"), "the long level is cut: \(r.stdout)")
    }

    /// A coefficient held at its sign-constraint bound shows "–" for what is not estimated, and the note
    /// saying so is wrapped to the page.
    @Test func aHeldCoefficientSaysWhyItHasNoStandardError() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CommandRunner.run(["fit", "--spec", Fixtures.path("constrained.spec.json"), "--data", Fixtures.path("constrained.csv"),
                                       "--out", dir.appendingPathComponent("m.json").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for line in lines { #expect(line.count <= 100, "\(line.count): \(line)") }
        let model = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: dir.appendingPathComponent("m.json")))
        let held = try #require(model.constraints.first { $0.binding })
        let row = try #require(lines.first { $0.hasPrefix("  \(held.column) ") }, "\(r.stdout)")
        #expect(row.split(separator: " ").map(String.init) == [held.column, "0.0000", "–", "–", "–", "–", "–"], "\(row)")
        #expect(r.stdout.contains("Note: the sign constraint on '\(held.feature)' "), "\(r.stdout)")
    }
}
