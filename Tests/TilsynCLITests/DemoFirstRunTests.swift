import Foundation
import Testing
import _TilsynTestSupport

/// The demo as a newcomer runs it: in a folder of their own with the default --out, twice with the same
/// seed. It writes only under tilsyn-demo/ (which the repository's .gitignore ignores), ends by naming the
/// files to open first, and the second run publishes the very same bytes as the first (no wall clock).
@Suite(.serialized) struct DemoFirstRunTests {
    /// Two runs in two fresh working folders, each publishing into `published/`.
    static let runs: Result<[(cwd: URL, result: CommandRunner.Result)], any Error> = Result {
        let root = try CommandRunner.temporaryDirectory()
        return try (1...2).map { i in
            let cwd = root.appendingPathComponent("run\(i)")
            try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
            let r = try CommandRunner.run(["demo", "--units", "30000", "--seed", "2", "--quiet", "--publish", "published"], in: cwd)
            guard r.status == 0 else { throw CommandRunner.FixtureError(description: "demo run \(i) failed: \(r.stderr)") }
            return (cwd, r)
        }
    }

    @Test func itWritesOnlyUnderItsOutFolderWhichGitIgnores() throws {
        let (cwd, _) = try Self.runs.get()[0]
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.path).sorted() == ["published", "tilsyn-demo"])
        let ignore = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(ignore.split(separator: "\n").contains("/tilsyn-demo/"), "run in the repository, the demo's folder is ignored")
    }

    @Test func itEndsByNamingFilesThatExist() throws {
        let (cwd, r) = try Self.runs.get()[0]
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.lastIndex { $0 == "Open these first:" }, "no closing pointers: \(r.stdout.suffix(800))")
        let files = lines[(header + 1)...].map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "" }
        #expect(files.count == 4, "\(files)")
        #expect(files.first?.hasPrefix("tilsyn-demo/cards/card-1-") == true && files.first?.hasSuffix(".da.html") == true, "\(files)")
        #expect(files.dropFirst() == ["tilsyn-demo/list.csv", "tilsyn-demo/modelcard.da.html", "tilsyn-demo/board-summary.da.html"])
        for file in files { #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent(file).path), "\(file)") }
        for line in lines[header...] { #expect(line.count <= 100 && !line.hasSuffix(" "), "\(line)") }
    }

    /// Republishing with nothing changed changes nothing: every published file, the model card with the
    /// board's approval time included, is byte for byte the first run's.
    @Test func aSecondRunPublishesTheSameBytes() throws {
        let runs = try Self.runs.get()
        let a = runs[0].cwd.appendingPathComponent("published"), b = runs[1].cwd.appendingPathComponent("published")
        let names = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: b.path).sorted() == names)
        #expect(names.contains("grundtilsyn.modelcard.json"))
        for name in names {
            #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)), "\(name) differs between two runs")
        }
        // The approval is dated on the synthetic as-of day, not today.
        let card = try String(contentsOf: a.appendingPathComponent("grundtilsyn.modelcard.json"), encoding: .utf8)
        #expect(card.contains("2026-11-16T08:00:00Z"), "\(card.prefix(400))")
    }

    /// `codes issue --model` takes the unit column from the model: the demo's register has company_id, no unit_id.
    @Test func codesIssueTakesTheUnitColumnFromTheModel() throws {
        let (cwd, _) = try Self.runs.get()[0]
        let demo = cwd.appendingPathComponent("tilsyn-demo")
        let db = demo.appendingPathComponent("codes-test.sqlite").path
        let r = try CommandRunner.run(["codes", "issue", "--model", "model.json", "--data", "register.csv", "--ids", "1000000001", "1000000002",
                                       "--out", "codes.csv", "--db", db], in: demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Issued 2 access codes and wrote them to codes.csv"), "\(r.stdout)")
        let without = try CommandRunner.run(["codes", "issue", "--data", "register.csv", "--out", "codes2.csv", "--db", db], in: demo)
        #expect(without.status == 1)
        #expect(without.stderr.hasPrefix("Error: register.csv: there is no column 'unit_id' (the header has: company_id, "), "\(without.stderr)")
        #expect(without.stderr.hasSuffix("; give --model model.json, whose spec names the unit column, or --id-column.\n"), "\(without.stderr)")
    }
}
