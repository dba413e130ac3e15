import Foundation
import GRDB
import Testing
import TilsynStore
import _TilsynTestSupport

/// The inspection cycle through the command line: `demo --weeks`, `visits record`, `outcomes record`,
/// `history export` → `fit`, and `monitor`.
@Suite(.serialized) struct CycleCommandTests {
    let dir: URL

    init() throws { dir = try CommandRunner.temporaryDirectory() }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func run(_ arguments: [String]) throws -> CommandRunner.Result { try CommandRunner.run(arguments, in: dir) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// The demo runs the cycle, and the history it exports from the store fits with `tilsyn fit`.
    @Test func demoCycleExportsAHistoryThatFits() throws {
        let out = path("demo")
        let demo = try run(["demo", "--units", "20000", "--weeks", "2", "--out", out, "--quiet"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("The inspection cycle over 2 weeks"), "\(demo.stdout)")
        #expect(demo.stdout.contains("population violation rate: Horvitz–Thompson from the random arm"))
        // A channel with too few visits for a rate says so instead of printing dashes.
        let hitRates = demo.stdout.split(separator: "\n").first { $0.hasPrefix("  hit rate: ") }.map(String.init) ?? ""
        #expect(hitRates.contains("risk ") && !hitRates.contains("–"), "\(hitRates)")
        #expect(hitRates.contains(/manual (not estimated \(\d+ of the 30 visits a rate needs\)|\d+,?\d*\.\d %)/), "\(hitRates)")
        let db = out + "/tilsyn.sqlite"
        let export = try run(["history", "export", "--db", db, "--out", path("history.csv")])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.hasPrefix("Wrote \(path("history.csv")): "), "\(export.stdout)")
        let header = try String(contentsOfFile: path("history.csv"), encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        for column in ["company_id", "inspection_date", "violation_found", "channel", "inclusion_probability", "inspector", "fingerprint"] {
            #expect(header.split(separator: ",").contains(Substring(column)), "\(column) in \(header)")
        }
        // The exported history, appended to the old one as the next training history, fits.
        let exported = try String(contentsOfFile: out + "/cycle-history.csv", encoding: .utf8)
        #expect(exported == (try String(contentsOfFile: path("history.csv"), encoding: .utf8)), "the demo exports what history export writes")
        let fit = try run(["fit", "--spec", out + "/spec.json", "--data", out + "/next-history.csv", "--out", path("next.json"), "--quiet"])
        #expect(fit.status == 0, "\(fit.stderr)")
        // Every decision and outcome is in the audit chain, which verifies.
        let store = try DatabaseQueue(path: db)
        let (visits, outcomes, visitEntries, outcomeEntries) = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM visit") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outcome") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE event = 'visit.recorded'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE event = 'outcome.recorded'") ?? 0)
        }
        #expect(visits > 500 && visits == visitEntries && outcomes == outcomeEntries && outcomes > 0)
        #expect(try run(["audit", "verify", "--db", db]).status == 0)
        let monitor = try run(["monitor", "--db", db, "--format", "json"])
        #expect(monitor.status == 0, "\(monitor.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(monitor.stdout.utf8)) as? [String: Any]
        let population = json?["population_rate"] as? [String: Any]
        #expect(population?["value"] is Double)
        // The board's page in Danish by default, English on request; another language is one sentence.
        let danish = try run(["monitor", "--db", db])
        #expect(danish.stdout.hasPrefix("# Overvågning: 3 lister, "), "\(danish.stdout)")
        #expect(danish.stdout.contains("Begrundelser for manuelt tilføjede enheder, med de tilsynsførendes ord: »"), "\(danish.stdout)")
        #expect(try run(["monitor", "--db", db, "--lang", "en"]).stdout.hasPrefix("# Monitoring: 3 lists, "))
        #expect(try run(["monitor", "--db", db, "--lang", "de"]).refusal == "--lang must be da or en, not 'de'.")
    }

    /// Decisions and outcomes from CSV files, and the refusals each naming file and line.
    @Test func visitsAndOutcomesFromFilesWithRefusals() throws {
        let out = path("demo")
        #expect(try run(["demo", "--units", "20000", "--out", out, "--quiet"]).status == 0)
        let db = out + "/tilsyn.sqlite"
        let list = try String(contentsOfFile: out + "/list.csv", encoding: .utf8).split(separator: "\n")
        let units = list.dropFirst().prefix(3).map { String($0.split(separator: ",")[1]) }
        let visits = try write("visits.csv", """
            unit,status,reason,date,inspector,text
            \(units[0]),visited,,2026-11-17,insp-1,
            \(units[1]),not_visited,closed,2026-11-17,insp-1,
            \(units[2]),visited,,2026-11-18,insp-2,
            9999999999,manual,,2026-11-18,insp-2,complaint from an employee

            """)
        let ok = try run(["visits", "record", "--db", db, "--list", "1", "--data", visits])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "Recorded 4 decisions on list 1 in \(db).\n")
        let again = try run(["visits", "record", "--db", db, "--list", "1", "--data", visits])
        #expect(again.refusal == "\(dir.path)/visits.csv, line 2: unit '1000007640' on list 1 already has the decision visited (2026-11-17); a visit is decided once.")
        #expect(again.stderr == "Error: \(visits), line 2: unit '\(units[0])' on list 1 already has the decision visited (2026-11-17); a visit is decided once.\n")
        let unknown = try run(["visits", "record", "--db", db, "--list", "7", "--data", visits])
        #expect(unknown.stderr == "Error: there is no list 7 in the store; give the id of an issued list (tilsyn audit shows them).\n")
        let badStatus = try write("bad.csv", "unit,status,reason,date,inspector\n\(units[0]),seen,,2026-11-17,insp-1\n")
        #expect(try run(["visits", "record", "--db", db, "--list", "1", "--data", badStatus]).stderr
            == "Error: \(badStatus), line 2, column 'status': expected visited, not_visited, deferred or manual, found 'seen'.\n")
        let outcomes = try write("outcomes.csv", """
            unit,violation_found,reactions,date,inspector
            \(units[0]),1,påbud;strakspåbud,2026-11-17,insp-1
            9999999999,0,vejledning,2026-11-18,insp-2

            """)
        let recorded = try run(["outcomes", "record", "--db", db, "--list", "1", "--data", outcomes])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try run(["outcomes", "record", "--db", db, "--list", "1", "--data", outcomes]).stderr
            == "Error: \(outcomes), line 2: unit '\(units[0])' on list 1 already has an outcome (2026-11-17); an outcome is recorded once per visit.\n")
        let notVisited = try write("nv.csv", "unit,violation_found,reactions,date,inspector\n\(units[1]),1,påbud,2026-11-17,insp-1\n")
        #expect(try run(["outcomes", "record", "--db", db, "--list", "1", "--data", notVisited]).stderr
            == "Error: \(notVisited), line 2: unit '\(units[1])' has no recorded visit on list 1; record the visit first (tilsyn visits record).\n")
        let badFound = try write("bf.csv", "unit,violation_found,reactions,date,inspector\n\(units[2]),yes,påbud,2026-11-17,insp-1\n")
        #expect(try run(["outcomes", "record", "--db", db, "--list", "1", "--data", badFound]).stderr
            == "Error: \(badFound), line 2, column 'violation_found': expected 0 or 1, found 'yes'.\n")
        let monitor = try run(["monitor", "--db", db, "--lang", "en"])
        #expect(monitor.status == 0, "\(monitor.stderr)")
        #expect(monitor.stdout.contains("| manual | 1 | 0 | – | – | insufficient (fewer than 30 visits) |"), "\(monitor.stdout)")
    }

    /// A manual addition keeps the unit's features as the register held them when the visit was recorded
    /// (`visits record --register`), and the history export trains on it; one recorded without a register
    /// is left out, and the export says why.
    @Test func manualAdditionsCarryTheirFeaturesIntoTheHistory() throws {
        let out = path("demo")
        #expect(try run(["demo", "--units", "20000", "--out", out, "--quiet"]).status == 0)
        let db = out + "/tilsyn.sqlite", register = out + "/register.csv"
        let listed = Set(try String(contentsOfFile: out + "/list.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        let lines = try String(contentsOfFile: register, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        // The id leads each row; the address holds a quoted comma, so `employees` is found counting from the end.
        let employeesFromEnd = header.count - (try #require(header.firstIndex(of: "employees")))
        let candidates = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { !listed.contains($0[0]) }
        let (a, b) = (candidates[0], candidates[1])
        let first = try write("manual-a.csv", "unit,status,reason,date,inspector,text\n\(a[0]),manual,,2026-11-18,insp-2,complaint from an employee\n")
        let recorded = try run(["visits", "record", "--db", db, "--list", "1", "--data", first, "--register", register])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let second = try write("manual-b.csv", "unit,status,reason,date,inspector,text\n\(b[0]),manual,,2026-11-19,insp-3,serious accident notified\n")
        #expect(try run(["visits", "record", "--db", db, "--list", "1", "--data", second]).status == 0)
        let outcomes = try write("outcomes.csv", "unit,violation_found,reactions,date,inspector\n\(a[0]),1,påbud,2026-11-18,insp-2\n\(b[0]),0,none,2026-11-19,insp-3\n")
        #expect(try run(["outcomes", "record", "--db", db, "--list", "1", "--data", outcomes]).status == 0)

        let export = try run(["history", "export", "--db", db, "--out", path("history.csv")])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.hasPrefix("Wrote \(path("history.csv")): 1 visit, 1 of them manual (columns named by model "), "\(export.stdout)")
        #expect(export.stdout.hasSuffix("; left out: 1 manual visit recorded without a register, so its features are unknown (give --register to `tilsyn visits record`).\n"), "\(export.stdout)")
        let history = try String(contentsOfFile: path("history.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let columns = history[0]
        let row = try #require(history.dropFirst().first { $0[0] == a[0] })
        func cell(_ name: String) throws -> String { row[try #require(columns.firstIndex(of: name), "\(name)")] }
        #expect(try cell("channel") == "manual")
        #expect(try cell("inclusion_probability") == "" && cell("score_at_selection") == "")
        #expect(try cell("violation_found") == "1" && cell("inspection_date") == "2026-11-18")
        #expect(try cell("employees") == a[a.count - employeesFromEnd])
        #expect(!history.contains { $0[0] == b[0] })

        // The register given must hold the manual unit: its features are what it is given for.
        let ghost = try write("manual-c.csv", "unit,status,reason,date,inspector,text\n9999999999,manual,,2026-11-19,insp-3,tip-off\n")
        let refused = try run(["visits", "record", "--db", db, "--list", "1", "--data", ghost, "--register", register])
        #expect(refused.status != 0)
        let sha = try FileDigestHex.of(register)
        #expect(refused.stderr == "Error: \(ghost), line 2: unit '9999999999' is a manual row but is not in register.csv (sha256 \(sha)), so its features as of the visit cannot be kept; check the unit id, or record it with the register that holds it.\n")
    }
}

/// SHA-256 of a file, hex, for sentences that quote it.
enum FileDigestHex {
    static func of(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
