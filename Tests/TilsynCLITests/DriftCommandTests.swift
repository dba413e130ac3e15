import Foundation
import Testing
import _TilsynTestSupport

/// `tilsyn drift` on the `synthetic` fixture against itself and against a copy with known shifts.
@Suite struct DriftCommandTests {
    let dir: URL
    let model: String
    let history = Fixtures.path("synthetic.csv")

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        model = try CommandRunner.fitFixture("synthetic", into: dir)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// A copy of the history with three times the employees everywhere and every fifth unit in an
    /// industry the model never saw; every other column untouched.
    func shiftedRegister() throws -> String {
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let employees = try #require(header.firstIndex(of: "employees")), industry = try #require(header.firstIndex(of: "industry"))
        var out = [String(lines[0])]
        for (i, line) in lines.dropFirst().enumerated() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == header.count, "fixture line \(i + 2) has no quoted commas")
            if let e = Double(fields[employees]) { fields[employees] = String(Int(e * 3)) }
            if i % 5 == 0 { fields[industry] = "IG99" }
            out.append(fields.joined(separator: ","))
        }
        let file = path("shifted.csv")
        try Data((out.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    func drift(_ register: String, format: String = "json", lang: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.run(["drift", "--model", model, "--baseline", history, "--data", register, "--format", format] + lang + ["--quiet"])
    }

    func features(_ r: CommandRunner.Result) throws -> [String: [String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let list = try #require(json["features"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.compactMap { f in (f["feature"] as? String).map { ($0, f) } })
    }

    @Test func sameDataHasNoDrift() throws {
        let r = try drift(history)
        #expect(r.status == 0, "\(r.stderr)")
        let all = try features(r)
        #expect(all.count == 9)
        for (name, f) in all {
            #expect(f["psi"] as? Double == 0, "\(name): identical data, every term is exactly 0")
            #expect(f["level"] as? String == "stable")
        }
    }

    @Test func shiftedRegisterFlagsTheShiftedFeaturesOnly() throws {
        let register = try shiftedRegister()
        let r = try drift(register)
        #expect(r.status == 0, "\(r.stderr)")
        let all = try features(r)
        #expect(all["employees"]?["level"] as? String == "major")
        let industry = try #require(all["industry"])
        #expect(industry["level"] as? String == "major")
        let bins = try #require(industry["bins"] as? [[String: Any]])
        let unseen = try #require(bins.first { $0["label"] as? String == "(unseen level)" })
        #expect((unseen["register_share"] as? Double).map { $0.isClose(to: 0.2, relative: 1e-3) } == true)
        for name in ["prior_notices", "injury_rate", "company_age", "days_since_last", "region", "fte", "complaints"] where all[name] != nil {
            #expect(all[name]?["psi"] as? Double == 0, "\(name) was not changed")
        }

        let md = try drift(register, format: "md", lang: ["--lang", "en"])
        #expect(md.status == 0)
        #expect(md.stdout.contains("| employees | numeric |"))
        #expect(md.stdout.contains("## industry: PSI"))
        #expect(md.stdout.contains("| (unseen level) |"))
        #expect(!md.stdout.contains("## region"))

        // Danish unless --lang en: the same tables in Danish words, decimal commas, numeric bins as `(a; b]`.
        let da = try drift(register, format: "md")
        #expect(da.status == 0, "\(da.stderr)")
        #expect(da.stdout.hasPrefix("# Datadrift: "))
        #expect(da.stdout.contains("| Oplysning | Type | Grupper | PSI | Skift |"))
        #expect(da.stdout.contains("| employees | tal |") && da.stdout.contains("| industry | kategori |"))
        #expect(da.stdout.contains("## industry: PSI ") && da.stdout.contains("(stort)"))
        #expect(da.stdout.contains("| (nyt niveau) |"))
        let table = da.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Oplysning") && !$0.hasPrefix("| Gruppe") }
        // Shares have four decimals: `0,1218`, never `0.1218` (a point is only the thousands separator, `1.758`).
        let decimalPoint = try Regex(#"\d\.\d{4}"#)
        #expect(!table.isEmpty && table.allSatisfy { !$0.contains(decimalPoint) } && table.contains { $0.contains("| 0,") },
                "decimal commas on the Danish page")
        let intervals = table.filter { $0.hasPrefix("| (") && !$0.hasPrefix("| (nyt") && !$0.hasPrefix("| (mangler") }
        #expect(!intervals.isEmpty && intervals.allSatisfy { $0.contains("; ") })
        for english in ["Feature", "numeric", "Training", "Register share", "major", "unseen"] {
            #expect(!da.stdout.contains(english), "English left on the Danish page: \(english)")
        }
    }

    @Test func badBinsAreRefused() throws {
        let r = try CommandRunner.run(["drift", "--model", model, "--baseline", history, "--data", history, "--bins", "1"])
        #expect(r.refusal == "--bins must be between 2 and 100, not 1.")
    }
}
